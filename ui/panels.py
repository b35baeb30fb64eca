"""A chart as every page shows it: the figure, a one-sentence reading, its metric definitions
and its data as CSV. Clicking a point or bar, or choosing in the "Narrow to" box below it,
can narrow the whole page to that program, month or worker (ui.focus), and a visible button
clears it."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from html import escape, unescape
from typing import Literal

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from charts.signals import judged_against, reading_with_signals
from metrics import mdc, spc
from metrics.catalogue import METRICS
from metrics.glossary import words_in
from metrics.targets import TARGET_METRICS
from queries.notes import ScopeNotes
from queries.scope import Dimension
from ui.downloads import download_csv
from ui.focus import Focus, choices, current_focus, generation, narrow_picker, set_focus
from ui.focus import focus_bar as focus_bar  # the pages' banner, with the panels they draw
from ui.shown import Drawn, names_as_text, readable

# Plotly's modebar "Download plot as a png" would take worker and program rows away unaudited;
# the chart's data leaves through its CSV button (audited, formula-safe) instead.
# Without the modebar at all: its eight buttons were eight tab stops before each chart's reading.
PLOTLY_CONFIG = {"modeBarButtonsToRemove": ["toImage"], "displaylogo": False,
                 "displayModeBar": False}
# Off screen, still read: a chart's accessible name beside it (plotly's SVG has none).
_HIDDEN = ("position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;"
           "clip:rect(0,0,0,0);white-space:nowrap;border:0")


def _clicked(event: object, dimension: Dimension) -> Focus | None:
    """The focus a chart click asks for: the first selected point's customdata [value, label]."""
    points = event.get("selection", {}).get("points", []) if isinstance(event, dict) else []
    for point in points:
        data = point.get("customdata")
        if isinstance(data, list | tuple) and len(data) >= 2 and data[0] is not None:
            return Focus(dimension, str(data[0]), unescape(str(data[1])))  # see names_as_text
    return None


def _title(fig: go.Figure | Drawn) -> str:
    if isinstance(fig, Drawn):
        return fig.figure.get("layout", {}).get("title", {}).get("text") or ""
    return fig.layout.title.text or ""


def text_alternative(fig: go.Figure | Drawn, reading: str) -> str:
    """The chart's accessible name, from its title and its reading (markdown made plain)."""
    title = unescape(re.sub(r"<[^>]+>", " ", _title(fig))).strip()
    plain = re.sub(r"\\(.)", r"\1", reading.replace("*", ""))  # as_markdown's escapes undone
    name = escape(". ".join(part for part in (title, plain) if part) or "Chart", quote=True)
    return f'<div role="img" aria-label="{name}" style="{_HIDDEN}">{name}</div>'


def _as_shown(fig: go.Figure | Drawn) -> go.Figure:
    """The figure st.plotly_chart is given. A kept one was validated when it was built: as a
    dict, st.plotly_chart would validate it again (6 to 14 ms a figure on the sample, the most
    of a repeat view's cost); plotly's own unvalidated figure gives the same JSON."""
    if isinstance(fig, Drawn):
        return go.Figure(fig.figure, _validate=False)
    return readable(names_as_text(fig))


def plain_chart(fig: go.Figure | Drawn, key: str, reading: str = "") -> None:
    """A chart without a panel (no click, CSV or definition), named and readable as in one."""
    st.html(text_alternative(fig, reading))
    st.plotly_chart(_as_shown(fig), width="stretch", key=key, config=PLOTLY_CONFIG)


def chart_panel(page: str, key: str, fig: go.Figure | Drawn, data: pl.DataFrame, *,
                metrics: Sequence[str], reading: str, narrows: Dimension | None = None) -> None:
    """Show one chart with its reading, definitions and CSV; a click on it may narrow the page
    (its traces carry customdata [value, label], see charts.common.focus_data). A Drawn is a
    figure prepared once and kept (ui/figures.py)."""
    # the choices are read before the labels are escaped
    found = fig.points if isinstance(fig, Drawn) else fig
    options = choices(found, narrows) if narrows else []
    st.html(text_alternative(fig, reading))
    event = st.plotly_chart(_as_shown(fig), width="stretch",
                            key=f"{key}:{generation(page)}",
                            on_select="rerun" if narrows else "ignore",
                            selection_mode=("points",), config=PLOTLY_CONFIG)
    if narrows and (focus := _clicked(event, narrows)) and focus != current_focus(page):
        set_focus(page, focus)
        st.rerun()
    st.markdown(reading + (" *Click to narrow.*" if narrows else ""))
    if narrows:
        narrow_picker(page, key, options, narrows)
    definitions, download = st.columns([2, 1], vertical_alignment="top")
    with definitions.expander("Definition"):
        for mid in metrics:
            st.markdown(METRICS[mid].describe())
        for word in words_in(reading):  # the reading's words a reader may not know
            st.markdown(f"**{word.term}**: {word.meaning}")
    with download:
        download_csv(data, key, key=f"{key}:csv")


def controlled_rate(page: str, key: str, frame: pl.DataFrame, marks: ScopeNotes, min_n: int,
                    draw: Callable[[pl.DataFrame, float | None], go.Figure | Drawn], *, x: str,
                    reading: str, metrics: Sequence[str], target_key: str | None = None) -> None:
    """A rate by month as every page reads it: control limits on its months (restarting at a
    program change), the chart `draw(control, target)` builds, and a reading that says the
    figure, then its signals, then how its latest final month stands against its target."""
    control = spc.control(frame, x, marks.restarts)
    target, source = marks.target(target_key) if target_key else (None, "")
    judged = judged_against(target_key, frame, x, min_n, target, source) if target_key else ""
    better = TARGET_METRICS[target_key].higher_is_better if target_key else None
    mdc_badges(mdc.icons(control, target, better))
    chart_panel(page, key, draw(control, target), frame, metrics=metrics, narrows="month",
                reading=reading_with_signals(reading, control, x, marks.restarts, judged))


Colour = Literal["gray", "blue", "orange", "violet"]
BADGES: dict[str, tuple[str, Colour]] = {"common cause": (":material/drag_handle:", "gray"),
                                         "improvement": (":material/check_circle:", "blue"),
                                         "concern": (":material/warning:", "orange"),
                                         "special cause": (":material/priority_high:", "violet"),
                                         "pass": (":material/verified:", "blue"),
                                         "fail": (":material/cancel:", "orange"),
                                         "hit and miss": (":material/swap_vert:", "gray")}


def mdc_badges(icons: mdc.Icons) -> None:
    """Making Data Count's variation and assurance icons as labelled badges (colour is never
    the only cue), each with its sentence on hover."""
    shown = [(f"{what}: {value}", value) for what, value in
             (("Variation", icons.variation), ("Assurance", icons.assurance)) if value]
    if not shown:
        return
    with st.container(horizontal=True, gap="small"):
        for label, value in shown:
            icon, colour = BADGES[value]
            st.badge(label, icon=icon, color=colour, help=mdc.SAID[value])


def what_the_words_mean(text: str) -> None:
    """The glossary's words that `text` (a reading shown without a panel) uses, folded."""
    if words := words_in(text):
        with st.expander("What the words mean"):
            for word in words:
                st.markdown(f"**{word.term}**: {word.meaning}")

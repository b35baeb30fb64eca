"""A chart as every page shows it: the figure, a one-sentence reading, its metric definitions
and its data as CSV. Clicking a point or bar, or choosing in the "Narrow to" box below it,
can narrow the whole page to that program, month or worker (ui.focus), and a visible button
clears it."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
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
from metrics.text import as_plotly
from queries.notes import ScopeNotes
from queries.scope import Dimension
from ui.downloads import download_csv
from ui.focus import (
    Focus,
    Point,
    choices,
    current_focus,
    generation,
    is_day,
    narrow_picker,
    points,
    set_focus,
)
from ui.focus import focus_bar as focus_bar  # the pages' banner, with the panels they draw

# Plotly's modebar "Download plot as a png" would take worker and program rows away unaudited;
# the chart's data leaves through its CSV button (audited, formula-safe) instead.
# Without the modebar at all: its eight buttons were eight tab stops before each chart's reading.
PLOTLY_CONFIG = {"modeBarButtonsToRemove": ["toImage"], "displaylogo": False,
                 "displayModeBar": False}
TITLE_LINE = 44  # characters: a chart title's line that fits half of a 1280 px page
TITLE_PAD, TITLE_LINE_PX, LEGEND_ROW_PX = 22, 22, 54  # px: first baseline, a line, 2 legend rows
INK = "#31333F"  # axis and legend text: 12.6:1 on white (Streamlit's grey was 3.7:1, under AA)
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


def _as_text(values: Collection[object] | None) -> list | None:
    """A trace's text values with their tags shown (None: not all text, leave them be); the
    line breaks the charts put in their labels ('2026 Q4<br>(1 Oct to 1 Dec)') kept, since a
    break fetches and links nothing."""
    if values is None or not len(values) or not all(isinstance(v, str) for v in values):
        return None
    return [as_plotly(v).replace("&lt;br&gt;", "<br>") for v in values]


def names_as_text(fig: go.Figure) -> go.Figure:
    """Names from the data on a chart's axes and in its hovers shown as text: plotly reads tick
    labels, %{y} and %{customdata} as a little HTML (a worker named <a href=…> would be a
    link). The customdata's first item is the value a click narrows to, kept as it is."""
    for trace in fig.data:
        for axis in ("x", "y"):
            if (shown := _as_text(getattr(trace, axis, None))) is not None:
                setattr(trace, axis, shown)
        rows = getattr(trace, "customdata", None)
        if rows is not None and len(rows) and all(isinstance(r, list | tuple) or
                                                  hasattr(r, "tolist") for r in rows):
            trace.customdata = [[r[0], *(as_plotly(v) if isinstance(v, str) else v
                                         for v in list(r)[1:])] for r in rows]
    return fig


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


def _legend_shown(fig: go.Figure) -> bool:
    if fig.layout.showlegend is not None:
        return bool(fig.layout.showlegend)
    return sum(trace.showlegend is not False for trace in fig.data) > 1  # plotly's default


def _wrap_title(fig: go.Figure, lines: list[str]) -> None:
    """A title of several lines at the top of the chart, and below it room for each line and
    then for the legend's row above the plot (a wrapped title ran into the legend)."""
    room = TITLE_PAD + TITLE_LINE_PX * len(lines) + (LEGEND_ROW_PX if _legend_shown(fig) else 12)
    height = fig.layout.height or 450  # plotly's default
    fig.update_layout(title_text="<br>".join(lines), title_yref="container",
                      title_y=1 - TITLE_PAD / height, title_yanchor="top",
                      margin_t=max(room, fig.layout.margin.t or 0))


def _legend_under_title(fig: go.Figure) -> None:
    """A legend above the plot hangs from just under the title (container coordinates), and
    plotly pushes the plot down for as many rows as it wraps to. Grown upwards from the plot,
    at half a 1280 px page its three rows ran into the title (Aftercare's peer-referred)."""
    legend, title = fig.layout.legend, fig.layout.title
    if (not _legend_shown(fig) or legend.orientation != "h" or (legend.y or 0) < 1
            or legend.yref == "container" or not title.text):
        return
    if any(n.yref == "paper" and (n.y or 0) >= 1 for n in fig.layout.annotations):
        return  # labels in rows above the plot (panel titles, a marked line's) keep their room
    height = fig.layout.height or 450  # plotly's default
    below = (1 - (title.y if title.y is not None else 0.98)) * height \
        + TITLE_LINE_PX * (title.text.count("<br>") + 1) + 4
    fig.update_layout(legend_yref="container", legend_yanchor="top", legend_y=1 - below / height,
                      legend_xref="container", legend_x=0)


def readable(fig: go.Figure) -> go.Figure:
    """Axis, legend and colour-bar text in INK rather than the theme's faded grey."""
    fig.update_xaxes(tickfont_color=INK, title_font_color=INK)
    fig.update_yaxes(tickfont_color=INK, title_font_color=INK)
    title = fig.layout.title.text
    if title and len(title) > TITLE_LINE and "<" not in title:  # half a page, or a phone
        _wrap_title(fig, textwrap.wrap(title, TITLE_LINE))
    for note in fig.layout.annotations:  # a long panel title, "… (% of discharges)", in two
        if note.text and len(note.text) > 28 and " (" in note.text and "<br>" not in note.text:
            note.text = note.text.replace(" (", "<br>(", 1)
            fig.layout.margin.t = (fig.layout.margin.t or 80) + 8  # room for the second line
    xs = {str(x)[:10] for trace in fig.data if getattr(trace, "x", None) is not None
          for x in list(trace.x)}
    if len(xs) == 1 and is_day(day := next(iter(xs))):  # one month: the page narrowed to it
        fig.update_xaxes(tickvals=[day], tickformat="%b %Y")  # not plotly's milliseconds
    _legend_under_title(fig)
    return fig.update_layout(legend_font_color=INK, title_font_color=INK)


def shown_figure(fig: go.Figure) -> dict:
    """The figure as a panel draws it (names as text, readable), as plain data a cache keeps:
    a cached go.Figure would be rebuilt and validated on every read, as slow as drawing it."""
    return readable(names_as_text(fig)).to_dict()


@dataclass(frozen=True)
class Drawn:
    """A figure prepared once (ui/figures.py keeps it): shown_figure's dict, and what a click
    on it can narrow to, read before its labels were escaped (focus.points)."""

    figure: dict
    points: tuple[Point, ...] = ()


def drawn(fig: go.Figure) -> Drawn:
    """The figure prepared as a panel draws it, with its points (this mutates `fig`)."""
    found = points(fig)  # before names_as_text escapes the labels
    return Drawn(shown_figure(fig), found)


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

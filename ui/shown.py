"""A figure as every chart shows it, prepared once: names from the data shown as text, axis
and legend text legible, long titles wrapped over the legend (readable); and the prepared
figure as plain data a cache keeps (Drawn: its dict and what a click on it narrows to)."""

from __future__ import annotations

import textwrap
from collections.abc import Collection
from dataclasses import dataclass

import plotly.graph_objects as go

from metrics.text import as_plotly
from ui.focus import Point, is_day, points

TITLE_LINE = 40  # characters: a chart title's line that fits half of a 1280 px page and a phone
TITLE_PAD, TITLE_LINE_PX, LEGEND_ROW_PX = 22, 22, 54  # px: first baseline, a line, 2 legend rows
INK = "#31333F"  # axis and legend text: 12.6:1 on white (Streamlit's grey was 3.7:1, under AA)


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
    # Entries in the traces' order, in a row: once any trace has a legendgroup, plotly's
    # default ("grouped") stacks the ungrouped ones one a row (tests/pages/test_legends_in_a_row).
    if fig.layout.legend.traceorder is None:
        fig.update_layout(legend_traceorder="normal")
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



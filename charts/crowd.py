"""Charts of many workers. Up to MANY workers each gets a point a click can narrow to; beyond
that the points are a cloud no one can read (and thousands of them take seconds to draw), so
a chart shows what a person can read: the spread across workers month by month (the median
and the middle half) beside the TOP workers at the worrying end, named, as bars a click still
narrows to."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from charts.common import focus_data
from charts.palette import ALERT, OKABE_ITO, PRIMARY, REFERENCE

MANY = 200  # workers: the sample's 87 keep a point each; a state's thousands get the spread
TOP = 15  # bars beyond this many workers stop being readable; the CSV has them all
BAND = "rgba(0, 114, 178, 0.22)"  # PRIMARY, light: the middle half of workers
SPREAD = "Median (line) and middle half (band)"
WHO = "<b>%{customdata[1]}</b><br>"


def crowded(frame: pl.DataFrame) -> bool:
    """Whether the frame holds too many workers to draw one mark each."""
    return frame["worker_id"].n_unique() > MANY


def count(n: int, noun: str) -> str:
    """'1 worker', '14,698 workers'."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def band(x: Sequence | pl.Series, low: Sequence | pl.Series, high: Sequence | pl.Series,
         colour: str, name: str | None = None) -> list[go.Scatter]:
    """A shaded band from `low` up to `high`: its two edges, the upper filled down to the lower;
    in the legend as `name`, if given."""
    edge = {"width": 0, "color": colour}
    named = {"name": name} if name else {"showlegend": False}
    return [go.Scatter(x=x, y=low, mode="lines", line=edge, showlegend=False, hoverinfo="skip"),
            go.Scatter(x=x, y=high, mode="lines", line=edge, fill="tonexty", fillcolor=colour,
                       hoverinfo="skip", **named)]


def spread(frame: pl.DataFrame, when: str, value: str, unit: str) -> list[go.Scatter]:
    """The median (a line) and the middle half (25th to 75th percentile, a band) of `value` in
    each month, with the quartiles and n in the hover: three traces however many workers there
    are. The subplot's title says which is which."""
    monthly = (frame.filter(pl.col(value).is_not_null())
               .group_by(month=pl.col(when).dt.truncate("1mo"))
               .agg(median=pl.col(value).median(),
                    q1=pl.col(value).quantile(0.25, "linear"),
                    q3=pl.col(value).quantile(0.75, "linear"), n=pl.len()).sort("month"))
    x = monthly["month"].dt.offset_by("14d")
    text = [f"{m:%B %Y}: median {v:.1f} {unit}, middle half {a:.1f} to {b:.1f} "
            f"(n = {n:,} workers' figures)"
            for m, v, a, b, n in monthly.select("month", "median", "q1", "q3", "n").iter_rows()]
    return [
        *band(x, monthly["q1"], monthly["q3"], BAND),
        go.Scatter(x=x, y=monthly["median"], mode="lines+markers", showlegend=False,
                   line={"color": OKABE_ITO[7], "width": 2}, marker={"size": 5}, text=text,
                   hovertemplate="%{text}<extra></extra>"),
    ]


def latest(frame: pl.DataFrame, when: str, value: str) -> pl.DataFrame:
    """Each worker's latest row that has `value`."""
    return (frame.filter(pl.col(value).is_not_null()).sort("worker_id", when)
            .group_by("worker_id", maintain_order=True).last())


def worst(rows: pl.DataFrame, value: str, *, lowest: bool = False,
          recent: str | None = None) -> pl.DataFrame:
    """The TOP rows at the worrying end (highest, or lowest; ties: the most `recent` first,
    then by name), the worst last so that a horizontal bar chart draws it at the top."""
    keys = [value, *([recent] if recent else []), "display_name", "worker_id"]
    down = [not lowest, *([True] if recent else []), False, False]
    return rows.sort(keys, descending=down).head(TOP).reverse()


def heading(everyone: pl.DataFrame, top: pl.DataFrame, value: str, extreme: str, where: str,
            unit: str = "") -> str:
    """'The 15 highest on 20 Nov 2026', saying so when more workers tie at the edge than are
    shown (15 of 200 workers at 50 are not "the 15 highest")."""
    if top.height == 0:
        return f"None {where}"
    edge = top[value][0]
    tied = everyone.filter(pl.col(value) == edge).height
    shown = top.filter(pl.col(value) == edge).height
    figure = f"{edge:g}{unit}"
    if tied > shown == top.height:
        return f"{top.height} of the {tied:,} at {figure} (the {extreme}) {where}"
    if tied > shown:
        return f"The {top.height} {extreme} {where}<br>({tied - shown:,} more also at {figure})"
    return f"The {top.height} {extreme} {where}"


def bars(rows: pl.DataFrame, value: str, flagged: pl.Expr, hover: Sequence[str], *,
         name: str, figure: str = "%{x:.0f}") -> go.Bar:
    """One named bar per worker (a click narrows the page to them), its figure at its end (a
    bar at 0 is still seen); vermillion where flagged."""
    alert = rows.with_columns(_alert=flagged.fill_null(False))["_alert"].to_list()
    return go.Bar(y=rows["display_name"] + " (" + rows["worker_id"] + ")", x=rows[value],
                  orientation="h", name=name, showlegend=False,
                  marker_color=[ALERT if a else PRIMARY for a in alert],
                  customdata=focus_data(rows, "worker_id", "display_name"), text=list(hover),
                  texttemplate=figure, textposition="outside", cliponaxis=False,
                  hovertemplate=WHO + "%{text}<extra></extra>")


def grid(rows: int, titles: Sequence[str], height: int) -> go.Figure:
    """The spread (left column) beside the named workers (right), one row per measure."""
    fig = make_subplots(rows=rows, cols=2, column_widths=[0.55, 0.45], horizontal_spacing=0.17,
                        vertical_spacing=0.12 if rows > 1 else 0.0, subplot_titles=list(titles))
    fig.update_layout(height=height, bargap=0.25)
    fig.update_annotations(font_size=14)  # the subplot titles, under the chart's own
    return fig


def _axis(letter: str, row: int, col: int) -> str:
    """The axis of a grid cell: x, x2, x3... row by row, two to a row."""
    n = (row - 1) * 2 + col
    return letter if n == 1 else f"{letter}{n}"


def line(fig: go.Figure, at: float, label: str | None, row: int, col: int, *,
         across: bool = True) -> None:
    """A dashed reference line in one grid cell: across it at y = `at`, or down it at x. As a
    plain shape: plotly's add_hline on subplots checks every cell and costs a tenth of a second
    each."""
    x, y = _axis("x", row, col), _axis("y", row, col)
    ends = ({"xref": f"{x} domain", "x0": 0, "x1": 1, "yref": y, "y0": at, "y1": at} if across
            else {"xref": x, "x0": at, "x1": at, "yref": f"{y} domain", "y0": 0, "y1": 1})
    fig.add_shape(type="line", line={"color": REFERENCE, "dash": "dash", "width": 1.5}, **ends)
    if label:
        fig.add_annotation(text=label, showarrow=False, font={"color": REFERENCE},
                           xref=f"{x} domain", x=0, xanchor="left", yref=y, y=at,
                           yanchor="bottom")


def mark(fig: go.Figure, at: float, label: str, row: int = 1) -> None:
    """A threshold: a dashed line across the spread and down the bars."""
    line(fig, at, label, row, 1)
    line(fig, at, None, row, 2, across=False)

"""The funder charts for a state's hundreds of programs. A line or a dot per program stops
being readable (and a thousand traces take seconds to draw), so the trend shows the programs'
median and middle half each quarter under the all-program line, and the comparison names the
EXTREMES lowest and highest programs beside the middle half of all. Every figure here is
computed from the suppressed frame's shown values only: nothing hidden is drawn or derived."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from charts.common import quarter_label
from charts.crowd import band
from charts.headlines import FORMATS
from charts.palette import OKABE_ITO
from metrics.funder import FunderMetric

MANY_PROGRAMS = 30  # up to this many, each program is a thin grey line under the total
EXTREMES = 10  # programs named at each end of the comparison, beyond 2 x this many
BAND = "rgba(86, 180, 233, 0.28)"  # OKABE_ITO sky blue, light: the middle half of programs


def _figure(kind: str, value: float | None) -> str:
    return "no figure" if value is None else FORMATS[kind].format(value)  # type: ignore[index]


def quartiles(rows: pl.DataFrame) -> pl.DataFrame:
    """Per quarter, over the programs whose figure is shown: median, quartiles, how many
    programs are shown and how many there are."""
    value = pl.col("value")
    return (rows.filter(~pl.col("is_total")).group_by("quarter")
            .agg(median=value.median(), q1=value.quantile(0.25, "linear"),
                 q3=value.quantile(0.75, "linear"), shown=value.is_not_null().sum(),
                 programs=pl.len())
            .sort("quarter"))


def program_spread(frame: pl.DataFrame, metric: FunderMetric) -> list[go.Scatter]:
    """The programs' median (a line) and middle half (a band) each quarter, with the quartiles
    and how many programs are shown in the hover; none for counts, whose programs' figures are
    on another scale than the total's."""
    if metric.kind == "count":
        return []
    q = quartiles(frame)
    x = [quarter_label(d) for d in q["quarter"]]
    text = [f"{label}: median program {_figure(metric.kind, m)}, middle half "
            f"{_figure(metric.kind, a)} to {_figure(metric.kind, b)} ({s:,} of {n:,} programs "
            "shown; the others suppressed or without data)"
            for label, (m, a, b, s, n) in zip(x, q.select("median", "q1", "q3", "shown",
                                                          "programs").iter_rows(), strict=True)]
    return [
        *band(x, q["q1"], q["q3"], BAND, "Middle half of programs"),
        go.Scatter(x=x, y=q["median"], mode="lines+markers", name="Median program",
                   line={"color": OKABE_ITO[0], "width": 2, "dash": "dot"},
                   marker={"size": 6, "color": OKABE_ITO[0]}, text=text,
                   hovertemplate="%{text}<extra></extra>"),
    ]


def extremes(shown: list[dict]) -> list[dict]:
    """The EXTREMES lowest and highest of the programs with a figure, lowest first; all of
    them when there are no more than 2 x EXTREMES."""
    ordered = sorted(shown, key=lambda r: (r["value"], r["program_name"]))
    if len(ordered) <= 2 * EXTREMES:
        return ordered
    return ordered[:EXTREMES] + ordered[-EXTREMES:]


def middle_half(fig: go.Figure, shown: list[dict], kind: str) -> str:
    """A shaded band across the comparison where the middle half of programs lie; returns the
    words for it, for the axis title (an annotation on the band would run off the plot)."""
    values = pl.Series([r["value"] for r in shown], dtype=pl.Float64)
    low, high = values.quantile(0.25, "linear"), values.quantile(0.75, "linear")
    if low is None or high is None:
        return ""
    fig.add_vrect(x0=low, x1=high, fillcolor=BAND, opacity=1, line_width=0, layer="below")
    return (f"shaded: the middle half of the {len(shown):,} programs, {_figure(kind, low)} to "
            f"{_figure(kind, high)}")

"""A Kaplan-Meier chart: step curves with their 95% bands, and the numbers at risk in a table
under the time axis, as a survival chart in a journal prints them."""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from charts.common import empty_figure, layout
from charts.palette import OKABE_ITO

MIN_AT_RISK = 10  # a curve stops where fewer remain: its last steps would say nothing


def _rgba(colour: str, alpha: float) -> str:
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def colours(groups: list[str]) -> dict[str, str]:
    """Black for the first group (everyone), then the palette's colours in order."""
    return dict(zip(groups, (OKABE_ITO[7], *OKABE_ITO[:6]), strict=False))


def _from_origin(curve: pl.DataFrame, origin: int) -> pl.DataFrame:
    """The curve with its starting point: S = 1 (and its band) at the origin."""
    start = pl.DataFrame({"time": [origin], "at_risk": [None], "survival": [1.0],
                          "low": [1.0], "high": [1.0]},
                         schema={"time": pl.Int64, "at_risk": pl.Int64, "survival": pl.Float64,
                                 "low": pl.Float64, "high": pl.Float64})
    steps = curve.select(start.columns).filter(pl.col("time") > origin,
                                               pl.col("at_risk") >= MIN_AT_RISK)
    first = curve.filter(pl.col("time") == origin).select(start.columns)
    both = pl.concat([first if first.height else start, steps])
    return both.with_columns(pl.col("low", "high").fill_null(strategy="forward"))


def _curve_traces(fig: go.Figure, group: str, curve: pl.DataFrame, colour: str) -> None:
    hover = curve.select(pl.format(
        "<b>{}</b>, day {}: {}% recurrence-free<br>95% interval {}% to {}%", pl.lit(group),
        "time", (100 * pl.col("survival")).round(1), (100 * pl.col("low")).round(1),
        (100 * pl.col("high")).round(1))).to_series()
    band = {"line_shape": "hv", "mode": "lines", "line": {"width": 0}, "showlegend": False,
            "hoverinfo": "skip", "legendgroup": group}
    fig.add_trace(go.Scatter(x=curve["time"], y=100 * curve["high"], **band), row=1, col=1)
    fig.add_trace(go.Scatter(x=curve["time"], y=100 * curve["low"], fill="tonexty",
                             fillcolor=_rgba(colour, 0.15), **band), row=1, col=1)
    fig.add_trace(go.Scatter(x=curve["time"], y=100 * curve["survival"], name=group,
                             mode="lines", line_shape="hv", line={"color": colour, "width": 2},
                             legendgroup=group, hovertext=hover,
                             hovertemplate="%{hovertext}<extra></extra>"), row=1, col=1)


def survival_chart(curves: pl.DataFrame, at_risk: pl.DataFrame, title: str, *,
                   origins: Mapping[str, int] | None = None) -> go.Figure:
    """Kaplan-Meier curves per group (from each group's origin day, 0 unless given) with
    their 95% bands, over a table of the numbers at risk."""
    if curves.height == 0:
        return empty_figure(title)
    groups = curves["group"].unique(maintain_order=True).to_list()
    palette = colours(groups)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.74, 0.26],
                        vertical_spacing=0.1)
    for group in groups:
        curve = _from_origin(curves.filter(pl.col("group") == group),
                             (origins or {}).get(group, 0))
        _curve_traces(fig, group, curve, palette[group])
    ticks = at_risk["at"].unique().sort().to_list()
    followed = at_risk.filter(pl.col("at_risk") > 0)["at"].max()
    ticks = ticks[:ticks.index(followed) + 2] if followed is not None else ticks  # one 0 column
    at_risk = at_risk.filter(pl.col("at").is_in(ticks))
    for group in groups:
        row = at_risk.filter(pl.col("group") == group)
        fig.add_trace(go.Scatter(
            x=row["at"], y=[group] * row.height, mode="text", showlegend=False,
            text=[f"{n:,}" for n in row["at_risk"]], textfont={"color": palette[group]},
            hovertemplate=f"{group}: %{{text}} at risk on day %{{x}}<extra></extra>"),
            row=2, col=1)
    layout(fig, title, "", "% without a recurrence", height=560)
    fig.update_xaxes(tickvals=ticks, range=[-8, max(ticks) + 8], row=1, col=1)
    fig.update_xaxes(tickvals=ticks, title_text="Days since enrollment", row=2, col=1)
    fig.update_yaxes(range=[0, 101], ticksuffix="%", row=1, col=1)
    fig.update_yaxes(autorange="reversed", showgrid=False, title_text="At risk",
                     categoryorder="array", categoryarray=groups, row=2, col=1)
    return fig

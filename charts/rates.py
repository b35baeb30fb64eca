"""Rates as every page draws them: the value with its Wilson interval as an error bar, the n
in the hover, provisional figures hollow and grey, targets as dashed lines."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from charts.common import empty_figure, focus_data, layout, provisional_style, split_final
from charts.palette import INTERVAL, OKABE_ITO
from charts.signals import add_limits, add_notes
from metrics.formats import rate_with_interval


def hover_rate(frame: pl.DataFrame, noun: str, missing: str | None = None) -> list[str]:
    """"78.4% (98 of 125 discharges; 95% CI 70.4%–84.7%)" per row, or why there is no rate
    (`missing`; "no <noun> yet" when None)."""
    lines = []
    for row in frame.iter_rows(named=True):
        if row["value"] is None:
            lines.append(missing or f"no {noun} yet")
            continue
        lines.append(rate_with_interval(row["value"], row["numerator"], row["denominator"],
                                        row["low"], row["high"], noun))
    return lines


def _error(frame: pl.DataFrame) -> dict:
    return {"type": "data", "symmetric": False, "thickness": 1.2, "width": 3,
            "array": (frame["high"] - frame["value"]).to_list(),
            "arrayminus": (frame["value"] - frame["low"]).to_list()}


def _series_traces(fig: go.Figure, group: pl.DataFrame, *, x: str, name: str, colour: str,
                   noun: str) -> None:
    """Final points joined by a line; provisional ones hollow, grey and on their own."""
    done, open_ = split_final(group, "final")
    for part, style in ((done, {"mode": "lines+markers", "line": {"color": colour},
                                "marker": {"size": 9, "color": colour}}),
                        (open_, provisional_style(colour))):
        if part.is_empty():
            continue
        fig.add_trace(go.Scatter(
            x=part[x], y=part["value"], name=name, error_y={**_error(part), "color": colour},
            customdata=[[*pair, text] for pair, text in
                        zip(focus_data(part, x).tolist(), hover_rate(part, noun),
                            strict=True)],
            hovertemplate=f"{name}<br>%{{x|%B %Y}}: %{{customdata[2]}}"
                          f"{'' if part is done else ' (not final)'}<extra></extra>",
            legendgroup=name, **style))


def rate_over_time(frame: pl.DataFrame, *, x: str, title: str, y_title: str, noun: str,
                   series: str | None = None, targets: dict[str, float] | None = None,
                   x_title: str = "Month", control: pl.DataFrame | None = None,
                   notes: pl.DataFrame | None = None, several: bool = False) -> go.Figure:
    """One line per series (or one line) over `x`, error bars for the 95% interval; points whose
    `final` is false hollow, grey and never joined (charts.common's rule); `targets` maps a
    series name to its target line; `control` (metrics.spc.control) draws limits and rings
    signals; `notes` marks program changes; clicking a point narrows to its `x`."""
    frame = frame.filter(pl.col("value").is_not_null())
    if frame.is_empty():
        return empty_figure(title)
    fig = go.Figure()
    groups = frame.partition_by(series, maintain_order=True) if series else [frame]
    colours = {}
    for colour, group in zip(OKABE_ITO, groups, strict=False):
        name = group[series][0] if series else y_title
        colours[name] = colour
        _series_traces(fig, group, x=x, name=name, colour=colour, noun=noun)
    for name, target in (targets or {}).items():  # a target in its series' colour
        fig.add_hline(y=target, line={"dash": "dash", "color": colours.get(name, INTERVAL),
                                      "width": 1},
                      annotation_text=f"target {target:.0%}", annotation_position="top left")
    if control is not None:
        add_limits(fig, control, x)
    if notes is not None:
        add_notes(fig, notes, several)
    layout(fig, title, x_title, y_title, legend=series is not None or control is not None)
    fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    return fig


def rate_bars(frame: pl.DataFrame, *, category: str, title: str, x_title: str, noun: str,
              label: str | None = None, colour_by: str | None = None,
              value_of: str | None = None, reference: float | None = None) -> go.Figure:
    """Horizontal bars, one per category (grouped by `colour_by` if given), with 95% intervals
    and, if given, a reference line (e.g. the rate over all categories); clicking a bar narrows
    to its `category` value (shown as `label`)."""
    frame = frame.filter(pl.col("value").is_not_null())
    if frame.is_empty():
        return empty_figure(title)
    label = label or category
    fig = go.Figure()
    groups = frame.partition_by(colour_by, maintain_order=True) if colour_by else [frame]
    for colour, group in zip(OKABE_ITO, groups, strict=False):
        name = group[colour_by][0] if colour_by else x_title
        fig.add_trace(go.Bar(
            y=group[label], x=group["value"], orientation="h", name=name,
            marker={"color": colour}, error_x={**_error(group), "color": INTERVAL},
            customdata=[[*pair, text] for pair, text in
                        zip(focus_data(group, category, label).tolist(),
                            hover_rate(group, noun), strict=True)],
            hovertemplate=f"%{{y}}{' · ' + name if colour_by else ''}: "
                          "%{customdata[2]}<extra></extra>",
        ))
    if reference is not None:
        fig.add_vline(x=reference, line={"dash": "dash", "color": INTERVAL, "width": 1},
                      annotation_text=f"all: {reference:.0%}", annotation_position="top")
    per_bar = 16 if frame.height > 20 else 28  # long lists stay scannable
    layout(fig, title, x_title, value_of or "", legend=colour_by is not None,
           height=max(260, 100 + per_bar * frame.height))
    fig.update_xaxes(tickformat=".0%", range=[0, 1.02])
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_layout(barmode="group")
    return fig

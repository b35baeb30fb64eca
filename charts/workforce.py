"""Workforce charts over time: caseload per FTE against its threshold, ProQOL scores with their
band lines, and supervision against its target. One point per worker per month or check-in;
a click on a point narrows the page to that worker. Beyond crowd.MANY workers, each chart is
the spread across workers beside the worst few, named (charts.workforce_crowd)."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from charts.common import empty_figure, focus_data, layout
from charts.crowd import WHO, crowded
from charts.palette import ALERT, OKABE_ITO, PRIMARY, REFERENCE
from charts.signals import noted
from charts.workforce_crowd import (
    PROQOL,
    caseload_hover,
    caseload_spread,
    proqol_hover,
    proqol_spread,
    supervision_hover,
    supervision_spread,
)
from metrics.instruments import PROQOL_HIGH, PROQOL_LOW


def _points(frame: pl.DataFrame, x: str, y: str, hover: list[str], *, name: str, colour: str,
            one_worker: bool) -> go.Scatter:
    """One point per row, carrying the worker to narrow to."""
    return go.Scatter(
        x=frame[x], y=frame[y], mode="markers", name=name,
        marker={"color": colour, "size": 8 if one_worker else 7,
                "opacity": 0.9 if one_worker else 0.6},
        customdata=focus_data(frame, "worker_id", "display_name"),
        text=hover, hovertemplate=WHO + "%{text}<extra></extra>")


def _joined(frame: pl.DataFrame, x: str, y: str) -> go.Scatter:
    """One worker's points joined in time order, under the coloured points."""
    frame = frame.filter(pl.col(y).is_not_null()).sort(x)
    return go.Scatter(x=frame[x], y=frame[y], mode="lines", showlegend=False,
                      hoverinfo="skip", line={"color": REFERENCE, "width": 1})


def _median(frame: pl.DataFrame, when: str, value: str, unit: str) -> go.Scatter:
    """The monthly median across workers, with the n behind each month."""
    monthly = (frame.filter(pl.col(value).is_not_null())
               .group_by(month=pl.col(when).dt.truncate("1mo")).agg(
                   median=pl.col(value).median(), n=pl.len()).sort("month"))
    text = [f"{m:%B %Y}: median {v:.1f} {unit} (n = {n} workers' figures)"
            for m, v, n in monthly.iter_rows()]
    return go.Scatter(x=monthly["month"].dt.offset_by("14d"), y=monthly["median"],
                      mode="lines", name="Monthly median", line={"color": OKABE_ITO[7],
                                                                 "width": 2},
                      text=text, hovertemplate="%{text}<extra></extra>")


def _line(fig: go.Figure, y: float, label: str, **where: int) -> None:
    fig.add_hline(y=y, line={"color": REFERENCE, "dash": "dash", "width": 1.5},
                  annotation_text=label, annotation_position="top left",
                  annotation_font={"color": REFERENCE}, **where)


def caseload_chart(caseload: pl.DataFrame, threshold: float, notes: pl.DataFrame | None = None,
                   several: bool = False) -> go.Figure:
    """W1: each peer specialist's active enrollments per FTE at each month's end, with the
    programs' changes."""
    title = "Caseload per FTE of each peer specialist, at month end"
    if caseload.height == 0:
        return empty_figure(title)
    if crowded(caseload):
        return noted(caseload_spread(caseload, threshold), notes, several, panels=True)
    one = caseload["worker_id"].n_unique() == 1
    fig = go.Figure([_joined(caseload, "day", "per_fte")] if one else [])
    for over, name, colour in ((False, f"At or under {threshold:g} per FTE", PRIMARY),
                               (True, f"Over {threshold:g} per FTE", ALERT)):
        part = caseload.filter((pl.col("per_fte") > threshold) == over)
        fig.add_trace(_points(part, "day", "per_fte", caseload_hover(part), name=name,
                              colour=colour, one_worker=one))
    if not one:
        fig.add_trace(_median(caseload, "day", "per_fte", "per FTE"))
    _line(fig, threshold, f"Threshold {threshold:g} per FTE")
    fig.update_yaxes(rangemode="tozero")
    return noted(layout(fig, title, "Month end", "Active enrollments per FTE"), notes, several)


def proqol_chart(checkins: pl.DataFrame, notes: pl.DataFrame | None = None,
                 several: bool = False) -> go.Figure:
    """W3: every check-in's three ProQOL raw sums, with the manual's band lines and the
    programs' changes."""
    title = "ProQOL scores at each check-in (raw sums, 10 to 50)"
    if checkins.height == 0:
        return empty_figure(title)
    if crowded(checkins):
        return noted(proqol_spread(checkins), notes, several, panels=True)
    one = checkins["worker_id"].n_unique() == 1
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.07,
                        subplot_titles=[name for _, name, _ in PROQOL])
    for row, (column, name, worry) in enumerate(PROQOL, start=1):
        scored = checkins.filter(pl.col(column).is_not_null())
        if one:
            fig.add_trace(_joined(scored, "checkin_on", column), row=row, col=1)
        bad = pl.col(column) >= PROQOL_HIGH if worry == "high" else pl.col(column) <= PROQOL_LOW
        for flagged, colour in ((False, PRIMARY), (True, ALERT)):
            part = scored.filter(bad == flagged)
            trace = _points(part, "checkin_on", column, proqol_hover(part, column, name),
                            one_worker=one, colour=colour,
                            name="High burnout or STS, low compassion satisfaction" if flagged
                            else "Moderate or better")
            trace.showlegend = row == 1
            fig.add_trace(trace, row=row, col=1)
        if not one:
            median = _median(scored, "checkin_on", column, "points")
            median.showlegend = row == 1
            fig.add_trace(median, row=row, col=1)
        _line(fig, PROQOL_HIGH, f"high ≥ {PROQOL_HIGH}", row=row, col=1)
        _line(fig, PROQOL_LOW, f"low ≤ {PROQOL_LOW}", row=row, col=1)
        fig.update_yaxes(range=[8, 52], title_text="Raw sum", row=row, col=1)
    layout(fig, title, "", "", height=720)
    fig.update_layout(margin={"t": 136})  # the legend clear of the first panel's title (a
    # phone wraps the chart title to two lines above the legend's rows)
    return noted(fig, notes, several, panels=True)


def supervision_chart(monthly: pl.DataFrame, target: float,
                      notes: pl.DataFrame | None = None, several: bool = False) -> go.Figure:
    """W4: individual supervision per worker-month (queries/worker_supervision_by_month.sql),
    against the target, with group sessions shown apart and the programs' changes."""
    title = "Individual supervision received per month"
    if monthly.height == 0:
        return empty_figure(title)
    if crowded(monthly):
        return noted(supervision_spread(monthly, target), notes, several, panels=True)
    one = monthly["worker_id"].n_unique() == 1
    mid = monthly.with_columns(pl.col("month").dt.offset_by("14d"))  # drawn mid-month
    fig = go.Figure([_joined(mid, "month", "minutes")] if one else [])
    for below, name, colour in ((False, f"At or above {target:g} minutes", PRIMARY),
                                (True, f"Below {target:g} minutes", ALERT)):
        part = mid.filter((pl.col("minutes") < target) == below)
        fig.add_trace(_points(part, "month", "minutes", supervision_hover(part), name=name,
                              colour=colour, one_worker=one))
    group = mid.filter(pl.col("group_minutes") > 0)
    if group.height:  # shown apart: group sessions never count toward the target
        fig.add_trace(go.Scatter(
            x=group["month"], y=group["group_minutes"], mode="markers",
            name="Group sessions (not counted)",
            marker={"color": REFERENCE, "symbol": "diamond-open", "size": 8},
            customdata=focus_data(group, "worker_id", "display_name"),
            text=[f"{m:%B %Y}: {g} min of group supervision, not counted toward the target"
                  for m, g in group.select("month", "group_minutes").iter_rows()],
            hovertemplate=WHO + "%{text}<extra></extra>"))
    if not one:
        fig.add_trace(_median(monthly, "month", "minutes", "min"))
    _line(fig, target, f"Target {target:g} min a month")
    fig.update_yaxes(rangemode="tozero")
    return noted(layout(fig, title, "Month", "Minutes of individual supervision in the month"),
                 notes, several)

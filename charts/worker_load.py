"""Workforce charts per worker: contact load, critical incidents and overdoses on each caseload,
a worker's weeks of contacts, and turnover."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from charts.common import empty_figure, focus_data, layout, number
from charts.crowd import TOP, WHO, crowded
from charts.palette import ALERT, INCIDENT, OVERDOSE, PRIMARY
from charts.signals import noted
from charts.workforce_crowd import contact_load_spread, load_hover
from metrics.formats import PLOTLY_DAY_FORMAT, day


def contact_load_chart(load: pl.DataFrame) -> go.Figure:
    """W2: each worker's contacts and contact hours per week, averaged over their weeks."""
    title = "Contact load: contacts and contact hours per week, per worker"
    if load.height == 0:
        return empty_figure(title)
    if crowded(load):
        return contact_load_spread(load)
    fig = go.Figure(go.Scatter(
        x=load["contacts_per_week"], y=load["hours_per_week"], mode="markers", name="Worker",
        marker={"color": PRIMARY, "size": 9, "opacity": 0.7},
        customdata=focus_data(load, "worker_id", "display_name"), text=load_hover(load),
        hovertemplate=WHO + "%{text}<extra></extra>"))
    fig.update_xaxes(rangemode="tozero")
    fig.update_yaxes(rangemode="tozero")
    return layout(fig, title, "Contacts per week", "Contact hours per week", legend=False)


def weekly_contacts_chart(weekly: pl.DataFrame, notes: pl.DataFrame | None = None,
                          several: bool = False) -> go.Figure:
    """W2 week by week: contacts made (bars) by the workers in the frame, with their hours and
    the programs' changes."""
    title = "Contacts made each week"
    if weekly.height == 0:
        return empty_figure(title)
    weeks = (weekly.group_by("week").agg(pl.col("contacts", "hours").sum(),
                                         workers=pl.col("worker_id").n_unique()).sort("week"))
    hover = [f"Week of {day(w)}: {c} contacts, {h:.1f} hours ({n} worker(s))"
             for w, c, h, n in weeks.iter_rows()]
    fig = go.Figure(go.Bar(x=weeks["week"], y=weeks["contacts"], marker_color=PRIMARY,
                           name="Contacts", text=hover, textposition="none",
                           hovertemplate="%{text}<extra></extra>"))
    fig.update_xaxes(tickformat=PLOTLY_DAY_FORMAT)
    return noted(layout(fig, title, "Week starting (Monday)", "Contacts", legend=False), notes,
                 several)


def incidents_chart(incidents: pl.DataFrame) -> go.Figure:
    """W5: per worker over the range, critical incidents (logged, else reported at check-ins)
    and overdoses on the caseload (the workers with the most), with each quarter in the
    hover."""
    title = f"Critical incidents and overdoses on each caseload (up to {TOP} workers, most first)"
    if incidents.height == 0:
        return empty_figure(title, "No critical incidents or overdoses for these filters")
    quarters = pl.format("Q{} {}: {} critical incidents, {} overdoses",
                         pl.col("quarter").dt.quarter(), pl.col("quarter").dt.year(),
                         "critical_incidents", "overdoses")
    per_worker = (incidents.sort("quarter").group_by("worker_id", "display_name").agg(
        pl.col("critical_incidents", "overdoses").sum(), hover=quarters.str.join("<br>"))
        .with_columns(total=pl.col("critical_incidents") + pl.col("overdoses"))
        .sort(["total", "display_name"], descending=[True, False]).head(TOP).reverse())
    fig = go.Figure()
    for column, name, colour in (("critical_incidents", "Critical incidents", INCIDENT),
                                 ("overdoses", "Overdoses on the caseload", OVERDOSE)):
        fig.add_trace(go.Bar(
            y=per_worker["display_name"] + " (" + per_worker["worker_id"] + ")",
            x=per_worker[column], orientation="h", name=name, marker_color=colour,
            customdata=focus_data(per_worker, "worker_id", "display_name"),
            text=per_worker["hover"], textposition="none",
            hovertemplate=WHO + f"{name}: %{{x}}<br>%{{text}}<extra></extra>"))
    fig.update_layout(barmode="group")
    fig.update_xaxes(dtick=1 if number(per_worker["total"].max()) <= 6 else None)
    return layout(fig, title, "Count in the date range", "",
                  height=max(300, 44 * per_worker.height + 120))


def turnover_chart(months: pl.DataFrame, notes: pl.DataFrame | None = None,
                   several: bool = False) -> go.Figure:
    """W7: headcount at each month end (line) and the workers who left in the month (bars),
    with the programs' changes."""
    title = "Headcount at month end and workers who left"
    if months.height == 0:
        return empty_figure(title)
    text = [f"{m:%B %Y}: {h} on staff on {d:%-d %b}, {n} left" for m, d, h, n in
            months.select("month", "day", "headcount", "leavers").iter_rows()]
    fig = go.Figure([
        go.Bar(x=months["month"], y=months["leavers"], name="Left in the month",
               marker_color=ALERT, text=text, textposition="none",
               hovertemplate="%{text}<extra></extra>"),
        go.Scatter(x=months["month"], y=months["headcount"], name="Headcount at month end",
                   mode="lines+markers", marker_color=PRIMARY, yaxis="y2", text=text,
                   hovertemplate="%{text}<extra></extra>"),
    ])
    layout(fig, title, "Month", "Workers who left")
    fig.update_layout(
        yaxis={"rangemode": "tozero", "dtick": 1 if number(months["leavers"].max()) <= 6 else None},
        yaxis2={"title": {"text": "Workers on staff"}, "overlaying": "y", "side": "right",
                "range": [0, number(months["headcount"].max()) * 1.15], "tickformat": ",d",
                "showgrid": False})
    fig.update_xaxes(tickformat="%b %Y")
    return noted(fig, notes, several)

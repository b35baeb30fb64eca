"""The Workforce charts for more than crowd.MANY workers: each measure's spread across workers
month by month beside the crowd.TOP workers at its worrying end, named (see charts.crowd)."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from charts.common import a_day, layout
from charts.crowd import (
    SPREAD,
    TOP,
    bars,
    count,
    grid,
    heading,
    latest,
    line,
    mark,
    spread,
    worst,
)
from charts.palette import PRIMARY
from metrics.formats import day
from metrics.instruments import PROQOL_HIGH, PROQOL_LOW

HEIGHT = 26 * TOP + 170  # a grid row: room for TOP named bars and a two-line subplot title
PROQOL = (("proqol_bo", "Burnout", "high"), ("proqol_sts", "Secondary traumatic stress", "high"),
          ("proqol_cs", "Compassion satisfaction", "low"))


# The hover lines, one per row, shared with the point charts (charts.workforce, worker_load).
def caseload_hover(rows: pl.DataFrame) -> list[str]:
    return [f"{day(d)}: {p:.1f} per FTE ({c} active enrollments on {f:g} FTE)"
            for d, p, c, f in rows.select("day", "per_fte", "caseload", "fte").iter_rows()]


def proqol_hover(rows: pl.DataFrame, column: str, name: str) -> list[str]:
    return [f"{day(d)}: {name.lower()} {v}"
            for d, v in rows.select("checkin_on", column).iter_rows()]


def supervision_hover(rows: pl.DataFrame) -> list[str]:
    """A worker-month's individual minutes, where they come from, and its group minutes."""
    out = []
    for m, minutes, source, group, sessions in rows.select(
            "month", "minutes", "source", "group_minutes", "sessions").iter_rows():
        where = (f"{sessions} session(s) logged" if source == "records"
                 else "reported at check-ins in the month")
        apart = f"; group {group} min, not counted" if group else ""
        out.append(f"{m:%B %Y}: {minutes} min of individual supervision ({where}){apart}")
    return out


def load_hover(rows: pl.DataFrame) -> list[str]:
    return [f"{c:.1f} contacts and {h:.1f} hours a week (n = {n} contacts over {w} weeks)"
            for c, h, n, w in rows.select("contacts_per_week", "hours_per_week", "contacts",
                                          "weeks").iter_rows()]


def _layout(fig: go.Figure, title: str, height: int) -> None:
    """The house layout, without a legend (the subplot titles say what is what), with room
    above for a subplot title of two lines."""
    layout(fig, title, "", "", height=height, legend=False)
    fig.update_layout(margin={"t": 110})


def _axes(fig: go.Figure, value: str, rows: int = 1, when: str = "") -> None:
    """The spread's y and the bars' x measure the same thing; the bars' y are names."""
    for row in range(1, rows + 1):
        fig.update_yaxes(title_text=value, row=row, col=1)
        fig.update_xaxes(title_text=when if row == rows else "", row=row, col=1)
        fig.update_xaxes(title_text=value if row == rows else "", row=row, col=2)
        fig.update_yaxes(title_text="", row=row, col=2)


def caseload_spread(caseload: pl.DataFrame, threshold: float) -> go.Figure:
    """W1 for many peer specialists: the monthly spread, and the TOP highest at the last
    month end."""
    end = a_day(caseload["day"].max())
    today = caseload.filter(pl.col("day") == end)
    top = worst(today, "per_fte")
    hover = caseload_hover(top)
    fig = grid(1, [f"{SPREAD}, by month",
                   heading(today, top, "per_fte", "highest", f"on {day(end)}", " per FTE")],
               height=HEIGHT)
    fig.add_traces(spread(caseload, "day", "per_fte", "per FTE"), rows=1, cols=1)
    fig.add_trace(bars(top, "per_fte", pl.col("per_fte") > threshold, hover,
                       name="Highest caseload per FTE", figure="%{x:.1f}"), row=1, col=2)
    mark(fig, threshold, f"Threshold {threshold:g} per FTE")
    fig.update_yaxes(rangemode="tozero", row=1, col=1)
    n = caseload["worker_id"].n_unique()
    _layout(fig, f"Caseload per FTE of {count(n, 'peer specialist')}, at month end", HEIGHT)
    _axes(fig, "Active enrollments per FTE", when="Month end")
    return fig


def proqol_spread(checkins: pl.DataFrame) -> go.Figure:
    """W3 for many workers: each score's monthly spread, and the TOP workers with the worst
    score at their latest check-in."""
    titles, tops = [], []
    for column, name, worry in PROQOL:
        last = latest(checkins, "checkin_on", column)
        tops.append(worst(last, column, lowest=worry == "low", recent="checkin_on"))
        end = "highest" if worry == "high" else "lowest"
        titles += [f"{name}: {SPREAD.lower()}",
                   heading(last, tops[-1], column, end, "at the latest check-in")]
    fig = grid(3, titles, height=3 * HEIGHT)
    for row, (column, name, worry) in enumerate(PROQOL, start=1):
        fig.add_traces(spread(checkins, "checkin_on", column, "points"), rows=row, cols=1)
        high, top = worry == "high", tops[row - 1]
        hover = proqol_hover(top, column, name)
        bad = pl.col(column) >= PROQOL_HIGH if high else pl.col(column) <= PROQOL_LOW
        fig.add_trace(bars(top, column, bad, hover, name=name), row=row, col=2)
        other = PROQOL_LOW if high else PROQOL_HIGH
        line(fig, other, f"low ≤ {PROQOL_LOW}" if high else f"high ≥ {PROQOL_HIGH}", row, 1)
        mark(fig, PROQOL_HIGH if high else PROQOL_LOW,
             f"high ≥ {PROQOL_HIGH}" if high else f"low ≤ {PROQOL_LOW}", row)
        fig.update_yaxes(range=[8, 52], row=row, col=1)
        fig.update_xaxes(range=[0, 52], row=row, col=2)
    n = checkins["worker_id"].n_unique()
    _layout(fig, f"ProQOL scores of {count(n, 'worker')} at their check-ins (raw sums, 10 to 50)",
            3 * HEIGHT)
    _axes(fig, "Raw sum", rows=3, when="Check-in")
    return fig


def supervision_spread(monthly: pl.DataFrame, target: float) -> go.Figure:
    """W4 for many workers: the monthly spread, and the TOP who received the least in their
    latest month."""
    last = latest(monthly, "month", "minutes")
    top = worst(last, "minutes", lowest=True, recent="month")
    hover = supervision_hover(top)
    fig = grid(1, [f"{SPREAD}, by month", heading(last, top, "minutes", "lowest",
                                                  "in their latest month", " min")],
               height=HEIGHT)
    fig.add_traces(spread(monthly, "month", "minutes", "min"), rows=1, cols=1)
    fig.add_trace(bars(top, "minutes", pl.col("minutes") < target, hover,
                       name="Least supervision"), row=1, col=2)
    mark(fig, target, f"Target {target:g} min a month")
    fig.update_yaxes(rangemode="tozero", row=1, col=1)
    n = monthly["worker_id"].n_unique()
    _layout(fig, f"Individual supervision received per month by {count(n, 'worker')}", HEIGHT)
    _axes(fig, "Minutes of individual supervision in the month", when="Month")
    return fig


def contact_load_spread(load: pl.DataFrame) -> go.Figure:
    """W2 for many workers: how many workers made how many contacts a week, and the TOP who
    made the most."""
    top = worst(load, "contacts_per_week")  # means over weeks: ties are rare
    hover = load_hover(top)
    fig = grid(1, ["Workers by contacts a week", f"The {top.height} who made the most"],
               height=HEIGHT)
    fig.add_trace(go.Histogram(x=load["contacts_per_week"].to_numpy(), nbinsx=40,
                               marker_color=PRIMARY, name="Workers", showlegend=False,
                               hovertemplate="%{x} contacts a week: %{y} workers"
                                             "<extra></extra>"), row=1, col=1)
    fig.add_trace(bars(top, "contacts_per_week", pl.lit(False), hover,
                       name="Most contacts a week", figure="%{x:.1f}"), row=1, col=2)
    _layout(fig, f"Contact load of {count(load.height, 'worker')}: contacts per week", HEIGHT)
    fig.update_yaxes(title_text="Workers", row=1, col=1)
    fig.update_xaxes(title_text="Contacts per week (mean over their weeks)", row=1, col=1)
    fig.update_xaxes(title_text="Contacts per week", rangemode="tozero", row=1, col=2)
    return fig

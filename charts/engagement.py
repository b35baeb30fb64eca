"""The Engagement page's charts (E1-E8): polars frames in, plotly figures out."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
from plotly.colors import sample_colorscale
from plotly.subplots import make_subplots

from charts.common import (
    empty_figure,
    focus_data,
    layout,
    marked_line,
    number,
    provisional_bars,
    provisional_style,
    quarter_label,
    split_final,
    words,
)
from charts.palette import INTERVAL, OKABE_ITO, OTHER, PRIMARY
from charts.signals import add_notes

RCO_MEAN_DAYS = 131  # METRICS.md E6: mean engagement length across 20 RCOs (Ashford et al.)
MODES = dict(zip(("in_person", "phone", "video", "text"), OKABE_ITO, strict=False))


def activity(frame: pl.DataFrame, notes: pl.DataFrame | None = None,
             several: bool = False) -> go.Figure:
    """E1 as bars (active at each month's end) over E2 as a line (contacts per participant);
    the programs' annotations across both."""
    title = "Active enrollments and contacts per participant"
    if frame.is_empty() or frame["active_in_month"].sum() == 0:
        return empty_figure(title)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08,
                        subplot_titles=("Active enrollments at month end",
                                        "Contacts per active participant in the month"))
    month = focus_data(frame, "month").tolist()
    fig.add_trace(go.Bar(
        x=frame["month"], y=frame["active_at_end"], marker={"color": PRIMARY},
        customdata=[[*m, d] for m, d in zip(month, frame["month_end"], strict=True)],
        hovertemplate="%{x|%B %Y}: %{y:,} active on %{customdata[2]|%-d %b %Y}<extra></extra>",
    ), row=1, col=1)
    done, open_ = split_final(frame, "complete")
    for part, style in ((done, {"mode": "lines+markers", "line": {"color": OKABE_ITO[1]},
                                "marker": {"size": 9, "color": OKABE_ITO[1]}}),
                        (open_, provisional_style(OKABE_ITO[1]))):
        fig.add_trace(go.Scatter(
            x=part["month"], y=part["contacts_per_active"],
            customdata=[[*m, c, a] for m, c, a in zip(
                focus_data(part, "month").tolist(), part["contacts"], part["active_in_month"],
                strict=True)],
            hovertemplate="%{x|%B %Y}: %{y:.2f} contacts per participant (%{customdata[2]:,} "
                          "contacts, %{customdata[3]:,} active in the month)"
                          f"{'' if part is done else ' (the month is not over)'}"
                          "<extra></extra>", **style), row=2, col=1)
    if notes is not None:
        add_notes(fig, notes, several, subplots=True)
    layout(fig, title, "", "", height=520, legend=False)
    fig.update_yaxes(title_text="enrollments", row=1, col=1)
    fig.update_yaxes(title_text="contacts per participant", rangemode="tozero", row=2, col=1)
    fig.update_xaxes(title_text="Month", row=2, col=1)
    return fig


def first_contact(frame: pl.DataFrame, notes: pl.DataFrame | None = None,
                  several: bool = False) -> go.Figure:
    """E3: median days to first contact per cohort month, whiskers to the quartiles; the
    programs' annotations as lines."""
    title = "Days from enrollment to first contact, by month enrolled"
    frame = frame.filter(pl.col("median_days").is_not_null())
    if frame.is_empty():
        return empty_figure(title)
    hover = [f"median {m:g} days (middle half {q1:g}–{q3:g}); {n:,} enrolled, {w:,} without a "
             f"contact yet" for m, q1, q3, n, w in frame.select(
                 "median_days", "q1_days", "q3_days", "enrollments", "without_contact").rows()]
    frame = frame.with_columns(hover=pl.Series(hover))
    fig = go.Figure()
    done, open_ = split_final(frame, "final")
    for part, style in ((done, {"mode": "lines+markers", "line": {"color": PRIMARY},
                                "marker": {"size": 9, "color": PRIMARY}}),
                        (open_, provisional_style(PRIMARY))):
        fig.add_trace(go.Scatter(
            x=part["cohort_month"], y=part["median_days"],
            error_y={"type": "data", "symmetric": False, "color": PRIMARY, "thickness": 1.2,
                     "array": (part["q3_days"] - part["median_days"]).to_list(),
                     "arrayminus": (part["median_days"] - part["q1_days"]).to_list()},
            customdata=[[*m, h] for m, h in
                        zip(focus_data(part, "cohort_month").tolist(), part["hover"],
                            strict=True)],
            hovertemplate="Enrolled %{x|%B %Y}: %{customdata[2]}"
                          f"{'' if part is done else ' (not final)'}<extra></extra>",
            **style))
    if notes is not None:
        add_notes(fig, notes, several)
    layout(fig, title, "Month enrolled", "days to first contact (median)", legend=False)
    fig.update_yaxes(rangemode="tozero")
    return fig


def retention(frame: pl.DataFrame) -> go.Figure:
    """E5: one line per enrollment quarter, the share still engaged at day 0, 30, 90, 180."""
    title = "Still engaged at day 30, 90 and 180, by quarter enrolled"
    if frame.is_empty():
        return empty_figure(title)
    quarters = frame["cohort_quarter"].unique().sort().to_list()
    colours = sample_colorscale("Viridis", [i / max(1, len(quarters) - 1) * 0.85
                                            for i in range(len(quarters))])
    fig = go.Figure()
    for quarter, colour in zip(quarters, colours, strict=True):
        group = frame.filter(pl.col("cohort_quarter") == quarter)
        name = quarter_label(quarter)
        done, open_ = split_final(group, "final")
        for part, style in ((done, {"mode": "lines+markers", "line": {"color": colour},
                                    "marker": {"color": colour, "size": 7}}),
                            (open_, provisional_style(colour))):
            hover = [f"{v:.1%} ({n:,} of {d:,} enrollments)" for v, n, d in
                     part.select("value", "numerator", "denominator").rows()]
            fig.add_trace(go.Scatter(
                x=part["day"], y=part["value"], name=name, customdata=hover,
                legendgroup=name, hovertemplate=f"{name}, day %{{x}}: %{{customdata}}"
                f"{'' if part is done else ' (not everyone has reached it)'}<extra></extra>",
                **style))
    layout(fig, title, "Days since enrollment", "still engaged (% of those due)")
    fig.update_xaxes(tickvals=[0, 30, 90, 180])
    fig.update_yaxes(tickformat=".0%", range=[0, 1.02])
    fig.update_layout(legend={"orientation": "v", "y": 1, "x": 1.01, "yanchor": "top"})
    return fig


def intakes(frame: pl.DataFrame, target: float | None = None) -> go.Figure:
    """Intakes (enrollments) by quarter enrolled, a cut or unfinished quarter hollow, and the
    target per quarter if one is set."""
    title = "Intakes by quarter"
    if frame.is_empty():
        return empty_figure(title)
    labels = [quarter_label(q) for q in frame["cohort_quarter"]]
    final = frame["final"].to_list()
    fig = go.Figure(go.Bar(
        x=labels, y=frame["intakes"], marker=provisional_bars(final, PRIMARY),
        customdata=[[*q, "" if f else " (not final: the quarter is cut or not over)"]
                    for q, f in zip(focus_data(frame, "cohort_quarter").tolist(), final,
                                    strict=True)],
        hovertemplate="%{x}: %{y:,} intakes%{customdata[2]}<extra></extra>"))
    if target is not None:
        fig.add_hline(y=target, line={"dash": "dash", "color": INTERVAL, "width": 1},
                      annotation_text=f"target {target:,.0f}", annotation_position="top left")
    layout(fig, title, "Quarter enrolled", "intakes", legend=False)
    return fig


def engagement_length(frame: pl.DataFrame) -> go.Figure:
    """E6: how long discharged participants stayed engaged, in 30-day bins, with the mean and
    the RCO benchmark."""
    title = "Engagement length of discharged participants"
    days = frame["engagement_days"].drop_nulls()
    if days.is_empty():
        return empty_figure(title)
    end = (int(number(days.max())) // 30 + 1) * 30  # the last bin's right edge
    fig = go.Figure(go.Histogram(
        x=days, xbins={"start": 0, "end": end, "size": 30}, marker={"color": PRIMARY},
        hovertemplate="%{x} days: %{y:,} participants<extra></extra>"))
    mean, right = number(days.mean()), max(end, RCO_MEAN_DAYS + 30)  # the benchmark always in view
    marked_line(fig, mean, f"mean {mean:.0f} days", {"color": OKABE_ITO[1], "width": 2},
                0, right)
    marked_line(fig, RCO_MEAN_DAYS, f"RCO benchmark {RCO_MEAN_DAYS} days",
                {"color": INTERVAL, "dash": "dash", "width": 1}, 1, right)
    layout(fig, title, "Days from enrollment to last contact (30-day bins)", "participants",
           legend=False)
    fig.update_xaxes(range=[0, right], autorange=False)  # the theme's autorange began near -100
    fig.update_layout(margin_t=96)  # the two labels' rows between the title and the plot
    return fig


def discharge_reasons(frame: pl.DataFrame) -> go.Figure:
    """E7: share of discharges by reason, completed first in its own colour."""
    title = "Discharges by reason"
    if frame.is_empty():
        return empty_figure(title)
    colours = [OKABE_ITO[2] if r == "completed" else OTHER
               for r in frame["discharge_reason"]]
    fig = go.Figure(go.Bar(
        y=[words(r) for r in frame["discharge_reason"]], x=frame["value"], orientation="h",
        marker={"color": colours}, customdata=frame.select("numerator", "denominator").rows(),
        hovertemplate="%{y}: %{x:.1%} (%{customdata[0]:,} of %{customdata[1]:,} "
                      "discharges)<extra></extra>"))
    layout(fig, title, "share of discharges", "", legend=False,
           height=max(260, 80 + 30 * frame.height))
    fig.update_xaxes(tickformat=".0%")
    fig.update_yaxes(autorange="reversed", automargin=True)
    return fig


def contact_mix(frame: pl.DataFrame) -> go.Figure:
    """E8: contacts by type, stacked by mode, with minutes and hours in the hover."""
    title = "Contacts by type and mode"
    if frame.is_empty():
        return empty_figure(title)
    fig = go.Figure()
    for mode, colour in MODES.items():
        group = frame.filter(pl.col("mode") == mode)
        if group.is_empty():
            continue
        fig.add_trace(go.Bar(
            x=[words(t) for t in group["contact_type"]], y=group["contacts"], name=words(mode),
            marker={"color": colour}, customdata=group.select("minutes", "hours").rows(),
            hovertemplate=f"%{{x}}, {words(mode).lower()}: %{{y:,}} contacts, "
                          "%{customdata[0]:,} minutes (%{customdata[1]:,.0f} hours)"
                          "<extra></extra>"))
    layout(fig, title, "Contact type", "contacts")
    fig.update_layout(barmode="stack")
    return fig

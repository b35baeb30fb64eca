"""The Outcomes page's charts: rates with their Wilson intervals and n, acute care and
overdoses by quarter, recovery capital and intake-against-6-months outcomes."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from charts.common import (
    empty_figure,
    focus_data,
    layout,
    provisional_bars,
    provisional_style,
    split_final,
)
from charts.palette import INTERVAL, OKABE_ITO, OVERDOSE, PRIMARY
from charts.rates import hover_rate
from charts.signals import add_limits, add_notes, noted

TARGET_COLOUR = OKABE_ITO[5]
WAVES = {"Intake": OKABE_ITO[4], "6 months": OKABE_ITO[0]}
RATE_AXIS = "% (whiskers: 95% CI)"


def rate_hover(frame: pl.DataFrame, label: str, noun: str, missing: str | None = None
               ) -> list[str]:
    """'<b>January 2026</b>: 62.5% (80 of 128 intakes due; 95% CI 53.9%–70.4%)' per row of a
    rate frame, the label from the `label` column."""
    return [f"<b>{name}</b>: {text}" for name, text in
            zip(frame[label].cast(pl.String), hover_rate(frame, noun, missing), strict=True)]


def _error(frame: pl.DataFrame) -> dict:
    """The 95% interval as error bars on a percent axis."""
    return {"type": "data", "symmetric": False, "color": INTERVAL,
            "array": 100 * (frame["high"] - frame["value"]),
            "arrayminus": 100 * (frame["value"] - frame["low"])}


def monthly_ticks(fig: go.Figure, months: int) -> None:
    """Month names on a date axis; plotly's own ticks fall on weeks when there are few."""
    fig.update_xaxes(tickformat="%b %Y", dtick="M1" if months <= 6 else "M2")


def _two_lines(labels: pl.Series) -> list[str]:
    """'2025 Q4 (1 Dec to 31 Dec)' over two lines, so that axis labels need no slant."""
    return [label.replace(" (", "<br>(") for label in labels]


def rate_chart(frame: pl.DataFrame, *, x: str, title: str, noun: str, x_title: str = "",
               label: str | None = None, final: str | None = None, focus: str | None = None,
               target: float | None = None, narrows: bool = True,
               control: pl.DataFrame | None = None, notes: pl.DataFrame | None = None,
               several: bool = False) -> go.Figure:
    """A rate frame (numerator, denominator, value, low, high) per month or category as bars
    with 95% Wilson error bars, the n in the hover (`noun`: what the denominator counts);
    figures whose `final` column is false hollow and grey (charts.common's rule); an optional
    target line, control limits with their signals (metrics.spc.control) and program changes
    (`notes`). Hover and a click name the row by its `label` column (x itself when None); a
    click narrows to `focus` (x when None)."""
    frame = frame.filter(pl.col("denominator") > 0)
    if frame.height == 0:
        return empty_figure(title)
    done = frame[final] if final else pl.Series([True] * frame.height)
    dated = frame[x].dtype == pl.Date
    fig = go.Figure(go.Bar(
        x=frame[x] if dated else _two_lines(frame[x].cast(pl.String)),
        y=100 * frame["value"], error_y={**_error(frame), "thickness": 1.2},
        marker=provisional_bars(done.to_list(), PRIMARY),
        hovertext=[h if f else f"{h} (not final)" for h, f in
                   zip(rate_hover(frame, label or x, noun), done, strict=True)],
        hovertemplate="%{hovertext}<extra></extra>",
        customdata=focus_data(frame, focus or x, label) if narrows else None,
        name=noun))
    if target is not None:
        fig.add_hline(y=100 * target, line={"color": TARGET_COLOUR, "dash": "dash"},
                      annotation_text=f"target {100 * target:g}%",
                      annotation_position="top left")
    if control is not None and dated:
        add_limits(fig, control, x, scale=100)
    if notes is not None and dated:
        add_notes(fig, notes, several)
    fig.update_yaxes(range=[0, 100], ticksuffix="%")
    if dated:
        monthly_ticks(fig, frame.height)
    return layout(fig, title, x_title, RATE_AXIS, legend=control is not None)


def _whole(frame: pl.DataFrame) -> list[bool]:
    """Which quarters are whole (a cut quarter is provisional); all when not said."""
    return frame["whole"].to_list() if "whole" in frame.columns else [True] * frame.height


ACUTE = {"ed_visits": ("ED visits", OKABE_ITO[0]),
         "hospital_admissions": ("Hospital admissions", OKABE_ITO[1]),
         "detox_admissions": ("Detox admissions", OKABE_ITO[2])}


def acute_care_chart(frame: pl.DataFrame) -> go.Figure:
    """R5: ED visits, hospital and detox admissions per 100 active enrollments, per quarter."""
    title = "Acute care per 100 active participants, by quarter"
    if frame.height == 0 or frame["active"].sum() == 0:
        return empty_figure(title)
    fig = go.Figure()
    for kind, (name, colour) in ACUTE.items():
        hover = frame.select(pl.format(
            "<b>{}</b>: {} {} per 100 ({} among {} active)", "label", pl.lit(name),
            pl.col(f"{kind}_per_100").round(1), pl.col(kind), "active")).to_series()
        fig.add_trace(go.Bar(x=_two_lines(frame["label"]), y=frame[f"{kind}_per_100"],
                             name=name, hovertext=hover,
                             marker=provisional_bars(_whole(frame), colour),
                             hovertemplate="%{hovertext}<extra></extra>",
                             customdata=focus_data(frame, "quarter", "label")))
    fig.update_layout(barmode="group")
    return layout(fig, title, "Quarter (the first and last cut to the date range)",
                  "Events per 100 active participants")


def overdose_chart(frame: pl.DataFrame) -> go.Figure:
    """R9: overdoses and overdose deaths per quarter, stacked."""
    title = "Overdoses and overdose deaths, by quarter"
    if frame.height == 0:
        return empty_figure(title)
    fig = go.Figure()
    for kind, name, colour in (("overdoses", "Overdoses (survived)", OVERDOSE),
                               ("overdose_deaths", "Overdose deaths", OKABE_ITO[7])):
        hover = frame.select(pl.format("<b>{}</b>: {} {}", "label", pl.col(kind),
                                       pl.lit(name.lower()))).to_series()
        fig.add_trace(go.Bar(x=_two_lines(frame["label"]), y=frame[kind], name=name,
                             marker=provisional_bars(_whole(frame), colour),
                             hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
                             customdata=focus_data(frame, "quarter", "label")))
    fig.update_layout(barmode="stack")
    return layout(fig, title, "Quarter (the first and last cut to the date range)", "Events")


def capital_chart(frame: pl.DataFrame, notes: pl.DataFrame | None = None,
                  several: bool = False) -> go.Figure:
    """R6: mean paired change in BARC-10 from intake to 6 months, by month of interview, with
    the programs' changes."""
    title = "Change in recovery capital (BARC-10) from intake to 6 months"
    if frame.height == 0:
        return empty_figure(title)
    hover = frame.select(pl.format(
        "<b>{}</b>: {} points on average ({} people)<br>intake {} to 6 months {}"
        "<br>95% interval {} to {}", pl.col("month").dt.strftime("%B %Y"),
        pl.col("change").round(1), "pairs", pl.col("intake_mean").round(1),
        pl.col("six_month_mean").round(1), pl.col("change_low").round(1),
        pl.col("change_high").round(1))).to_series()
    frame = frame.with_columns(hover=hover, label=pl.col("month").dt.strftime("%B %Y"))
    fig = go.Figure()
    done, open_ = split_final(frame, "final")
    for part, style in ((done, {"mode": "markers+lines", "marker_color": PRIMARY,
                                "line": {"color": PRIMARY}}),
                        (open_, provisional_style(PRIMARY))):
        fig.add_trace(go.Scatter(
            x=part["month"], y=part["change"],
            error_y={"type": "data", "symmetric": False,
                     "array": part["change_high"] - part["change"],
                     "arrayminus": part["change"] - part["change_low"]},
            hovertext=part["hover"] if part is done else part["hover"] + " (not final)",
            hovertemplate="%{hovertext}<extra></extra>",
            customdata=focus_data(part, "month", "label"), **style))
    fig.add_hline(y=0, line={"color": "#888888", "width": 1})
    monthly_ticks(fig, frame.height)
    return noted(layout(fig, title, "Month of the 6-month interview",
                        "BARC-10 points (6 months minus intake)", legend=False), notes, several)


def intake_vs_six_months(frame: pl.DataFrame) -> go.Figure:
    """R8 and R6's cut-off: the share saying yes at intake and at 6 months, same people."""
    title = "Intake against 6 months, the same people"
    if frame.height == 0 or frame["denominator"].sum() == 0:
        return empty_figure(title)
    fig = go.Figure()
    for wave, colour in WAVES.items():
        part = frame.filter(pl.col("wave") == wave)
        noun = f"answering at both, at {wave.lower()}"
        fig.add_trace(go.Bar(
            y=part["measure"], x=100 * part["value"], name=wave, marker_color=colour,
            orientation="h", error_x=_error(part),
            hovertext=rate_hover(part, "measure", noun, "no one answered at both"),
            hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_layout(barmode="group")
    fig.update_xaxes(range=[0, 100], ticksuffix="%")
    fig.update_yaxes(autorange="reversed", automargin=True)
    return layout(fig, title, "% of people (whiskers: 95% CI)", "")

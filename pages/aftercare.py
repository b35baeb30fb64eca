"""Aftercare: how well we linked people to care after discharge (A1-A3), and who to call.
Each figure is built once for what it reads (ui/figures.py)."""

import polars as pl
import streamlit as st

from charts import readings
from charts.rates import rate_bars, rate_over_time
from charts.signals import signal_sentence
from metrics import spc
from metrics.formats import day
from metrics.intervals import overall
from ui.call_lists import aftercare_calls
from ui.context import page_context
from ui.figures import page_figures
from ui.panels import chart_panel, focus_bar

PAGE = "aftercare"
ctx = page_context(PAGE, by_worker=True)  # the role check, first thing
figures = ctx.data.aftercare(ctx.scope)
targets = {"Within 7 days": ctx.settings.followup_7_target,
           "Within 30 days": ctx.settings.followup_30_target}
marks = ctx.data.marks(ctx.scope)
kept = page_figures(PAGE, ctx, marks)

st.title("Aftercare")
st.caption(f"How well did we link people to care? · {day(ctx.scope.start)} to "
           f"{day(ctx.scope.end)} · data through {day(ctx.last_day)}")
focus_bar(PAGE)

aftercare_calls(ctx)

followup = figures.followup
st.subheader("Follow-up after discharge")
if followup.is_empty():
    st.info("No one was discharged for these filters. Widen the date range, or choose other "
            "programs or workers in the sidebar.")
else:
    control = spc.control(followup.filter(pl.col("window") == "Within 30 days"), "month",
                          marks.restarts)  # limits on the 30-day line
    fig = kept("followup", lambda: rate_over_time(
        followup, x="month", series="window", noun="discharges",
        title="Attended follow-up within 7 and 30 days of discharge",
        y_title="followed up (% of discharges)", x_title="Month of discharge", targets=targets,
        control=control, notes=marks.shown, several=marks.several))
    chart_panel(PAGE, "followup", fig, followup, metrics=["A1"], narrows="month",
                reading=f"{readings.followup(followup, targets, ctx.settings.headline_min_n)}"
                        " Within 30 days: "
                        f"{signal_sentence(control, 'month', marks.restarts)}")

st.subheader("Appointments kept")
by_service, by_referral = figures.by_service, figures.by_referral
if by_service.is_empty():
    st.info("No appointment was attended or missed for these filters. Widen the date range.")
    st.stop()
left, right = st.columns(2)
with left:
    fig = kept("attendance_by_service", lambda: rate_bars(
        by_service, category="service", label="service_name", noun="appointments",
        title="Attendance by service", x_title="attended (% of attended or missed)",
        reference=overall(by_service)))
    chart_panel(PAGE, "attendance_by_service", fig, by_service, metrics=["A2"],
                reading=readings.by_group(by_service, "service_name", "appointments"))
with right:
    fig = kept("attendance_by_referral", lambda: rate_bars(
        by_referral, category="service", label="service_name", colour_by="referral",
        noun="appointments", title="Attendance: peer-referred or not",
        x_title="attended (% of attended or missed)"))
    chart_panel(PAGE, "attendance_by_referral", fig, by_referral, metrics=["A3"],
                reading=readings.referral(by_referral))

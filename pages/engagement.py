"""Engagement: how much we did (E1-E8) for the chosen programs, workers and dates."""

import streamlit as st

from charts import engagement as charts
from charts import readings
from charts.common import PROVISIONAL_NOTE, quarter_label
from charts.rates import rate_bars, rate_over_time
from charts.signals import target_sentence, with_target
from metrics.formats import day
from metrics.intervals import overall
from ui import engagement_sections as section
from ui.context import page_context
from ui.panels import chart_panel, controlled_rate, focus_bar

PAGE = "engagement"
ctx = page_context(PAGE, by_worker=True)  # the role check, first thing
figures = ctx.data.engagement(ctx.scope)

st.title("Engagement")
st.caption(f"How much did we do? · {day(ctx.scope.start)} to {day(ctx.scope.end)} · "
           f"data through {day(ctx.last_day)}")
focus_bar(PAGE)
st.caption(PROVISIONAL_NOTE)

if figures.activity["active_in_month"].sum() == 0:
    st.info("No enrollments were active for these filters. Widen the date range, or choose "
            "other programs or workers in the sidebar.")
    st.stop()

marks = ctx.data.marks(ctx.scope)
min_n = ctx.settings.headline_min_n

activity = figures.activity
chart_panel(PAGE, "active_and_contacts",
            charts.activity(activity, marks.shown, marks.several), activity,
            metrics=["E1", "E2"], reading=readings.activity(activity), narrows="month")

st.subheader("Getting started")
left, right = st.columns(2)
with left:
    frame = figures.first_contact
    chart_panel(PAGE, "days_to_first_contact",
                charts.first_contact(frame, marks.shown, marks.several), frame,
                metrics=["E3"], reading=readings.first_contact(frame), narrows="month")
with right:
    frame = figures.early_by_month
    controlled_rate(PAGE, "early_engagement", frame, marks, min_n, lambda control, target: (
        with_target(rate_over_time(
            frame, x="cohort_month", title="Early engagement, by month enrolled",
            y_title="2+ contacts in the first 30 days", noun="enrollments",
            x_title="Month enrolled", control=control, notes=marks.shown,
            several=marks.several), "early_engagement", target)),
        x="cohort_month", reading=readings.early_engagement(frame, min_n), metrics=["E4"],
        target_key="early_engagement")

frame = figures.early_by_worker
fig = rate_bars(frame, category="worker_id", label="display_name", noun="enrollments",
                title="Early engagement by primary peer worker",
                x_title="2+ contacts in the first 30 days",
                reference=overall(figures.early_by_month))
chart_panel(PAGE, "early_engagement_by_worker", fig, frame, metrics=["E4"],
            reading=readings.by_group(frame, "display_name", "enrollments"), narrows="worker")

frame = figures.intakes
target, source = marks.target("intakes_per_quarter")
whole = frame.filter("final")
judged = target_sentence("intakes_per_quarter", float(whole["intakes"][-1]), target, source,
                         f"in {quarter_label(whole['cohort_quarter'][-1])}") \
    if whole.height else ""
chart_panel(PAGE, "intakes_by_quarter", charts.intakes(frame, target), frame, metrics=["E1"],
            reading=readings.intakes(frame) + judged, narrows="quarter")

section.staying_and_leaving(figures)

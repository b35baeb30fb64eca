"""The Engagement page's sections: how much we did (E1-E4, E1 by quarter), which the page opens
on; then early engagement by primary peer worker (a bar a worker: 70 on the sample) and staying
engaged (E5, E6), how people left (E7) and what the contacts were (E8), each opened on demand
(LATER). Every figure is built once (ui/figures.py)."""

from __future__ import annotations

import streamlit as st

from charts import engagement as charts
from charts import readings
from charts.common import quarter_label
from charts.rates import rate_bars, rate_over_time
from charts.signals import target_sentence, with_target
from metrics.intervals import overall
from queries.engagement import EngagementFigures
from queries.notes import ScopeNotes
from ui.figures import Kept
from ui.panels import chart_panel, controlled_rate

PAGE = "engagement"
# The sections below the headline: the key of each (its link: ?open_<key>=true) and its title.
LATER = {"by_worker": "Early engagement by primary peer worker",
         "staying_and_leaving": "Staying engaged, how people left and what the contacts were"}


def headline(kept: Kept, figures: EngagementFigures, marks: ScopeNotes, min_n: int) -> None:
    """Active enrollments and contacts, getting started, and intakes by quarter."""
    activity = figures.activity
    chart_panel(PAGE, "active_and_contacts", kept("active_and_contacts", lambda: charts.activity(
        activity, marks.shown, marks.several)), activity, metrics=["E1", "E2"],
        reading=readings.activity(activity), narrows="month")

    st.subheader("Getting started")
    left, right = st.columns(2)
    with left:
        first = figures.first_contact
        chart_panel(PAGE, "days_to_first_contact", kept("days_to_first_contact", lambda: (
            charts.first_contact(first, marks.shown, marks.several))), first,
            metrics=["E3"], reading=readings.first_contact(first), narrows="month")
    with right:
        early = figures.early_by_month
        controlled_rate(PAGE, "early_engagement", early, marks, min_n, lambda control, target: (
            kept("early_engagement", lambda: with_target(rate_over_time(
                early, x="cohort_month", title="Early engagement, by month enrolled",
                y_title="2+ contacts in the first 30 days", noun="enrollments",
                x_title="Month enrolled", control=control, notes=marks.shown,
                several=marks.several), "early_engagement", target))),
            x="cohort_month", reading=readings.early_engagement(early, min_n), metrics=["E4"],
            target_key="early_engagement")

    intakes = figures.intakes
    target, source = marks.target("intakes_per_quarter")
    whole = intakes.filter("final")
    judged = target_sentence("intakes_per_quarter", float(whole["intakes"][-1]), target, source,
                             f"in {quarter_label(whole['cohort_quarter'][-1])}") \
        if whole.height else ""
    chart_panel(PAGE, "intakes_by_quarter", kept("intakes_by_quarter", lambda: charts.intakes(
        intakes, target)), intakes, metrics=["E1"], reading=readings.intakes(intakes) + judged,
        narrows="quarter")


def by_worker(kept: Kept, figures: EngagementFigures) -> None:
    """Early engagement (E4) by primary peer worker, against all of them."""
    frame = figures.early_by_worker
    chart_panel(PAGE, "early_engagement_by_worker", kept("early_engagement_by_worker", lambda: (
        rate_bars(frame, category="worker_id", label="display_name", noun="enrollments",
                  title="Early engagement by primary peer worker",
                  x_title="2+ contacts in the first 30 days",
                  reference=overall(figures.early_by_month)))), frame, metrics=["E4"],
        reading=readings.by_group(frame, "display_name", "enrollments"), narrows="worker")


def staying_and_leaving(kept: Kept, figures: EngagementFigures) -> None:
    st.subheader("Staying engaged")
    left, right = st.columns(2)
    with left:
        retention = figures.retention
        chart_panel(PAGE, "retention", kept("retention", lambda: charts.retention(retention)),
                    retention, metrics=["E5"], reading=readings.retention(retention))
    with right:
        length = figures.length
        chart_panel(PAGE, "engagement_length", kept("engagement_length", lambda: (
            charts.engagement_length(length))), length, metrics=["E6"],
            reading=readings.engagement_length(length))

    st.subheader("How people left")
    left, right = st.columns(2)
    with left:
        reasons = figures.reasons
        chart_panel(PAGE, "discharge_reasons", kept("discharge_reasons", lambda: (
            charts.discharge_reasons(reasons))), reasons, metrics=["E7"],
            reading=readings.reasons(reasons))
    with right:
        completion = figures.completion
        chart_panel(PAGE, "completion_by_program", kept("completion_by_program", lambda: (
            rate_bars(completion, category="program_id", label="program_name",
                      noun="discharges", title="Completion rate by program",
                      x_title="completed (% of discharges)"))), completion, metrics=["E7"],
            reading=readings.by_group(completion, "program_name", "discharges"),
            narrows="program")

    st.subheader("What the contacts were")
    mix = figures.contact_mix
    chart_panel(PAGE, "contact_mix", kept("contact_mix", lambda: charts.contact_mix(mix)), mix,
                metrics=["E8"], reading=readings.contact_mix(mix))

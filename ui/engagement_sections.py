"""The Engagement page's later sections: staying engaged (E5, E6), how people left (E7) and
what the contacts were (E8)."""

from __future__ import annotations

import streamlit as st

from charts import engagement as charts
from charts import readings
from charts.rates import rate_bars
from queries.engagement import EngagementFigures
from ui.panels import chart_panel

PAGE = "engagement"


def staying_and_leaving(figures: EngagementFigures) -> None:
    st.subheader("Staying engaged")
    left, right = st.columns(2)
    with left:
        frame = figures.retention
        chart_panel(PAGE, "retention", charts.retention(frame), frame, metrics=["E5"],
                    reading=readings.retention(frame))
    with right:
        frame = figures.length
        chart_panel(PAGE, "engagement_length", charts.engagement_length(frame), frame,
                    metrics=["E6"], reading=readings.engagement_length(frame))

    st.subheader("How people left")
    left, right = st.columns(2)
    with left:
        frame = figures.reasons
        chart_panel(PAGE, "discharge_reasons", charts.discharge_reasons(frame), frame,
                    metrics=["E7"], reading=readings.reasons(frame))
    with right:
        frame = figures.completion
        fig = rate_bars(frame, category="program_id", label="program_name", noun="discharges",
                        title="Completion rate by program", x_title="completed (% of discharges)")
        chart_panel(PAGE, "completion_by_program", fig, frame, metrics=["E7"],
                    reading=readings.by_group(frame, "program_name", "discharges"),
                    narrows="program")

    st.subheader("What the contacts were")
    frame = figures.contact_mix
    chart_panel(PAGE, "contact_mix", charts.contact_mix(frame), frame, metrics=["E8"],
                reading=readings.contact_mix(frame))

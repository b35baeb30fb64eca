"""Outcomes: is anyone better off? Follow-up interviews, use and recurrence, acute care and
overdoses, recovery capital and social outcomes (R1-R9), for supervisors and analysts
(ui/outcome_sections.py)."""

import streamlit as st

from charts.common import PROVISIONAL_NOTE
from metrics.formats import day
from ui import outcome_sections as section
from ui.call_lists import interview_calls
from ui.context import page_context
from ui.panels import focus_bar

PAGE = "outcomes"
ctx = page_context(PAGE, by_worker=True)  # the role check, first thing
scope = ctx.scope
figures = ctx.data.outcomes(scope)

st.title("Outcomes")
st.caption(f"{ctx.data.chosen(scope)} · {day(scope.start)} to {day(scope.end)} · data "
           f"through {day(ctx.last_day)}" + (f" · {len(scope.workers)} worker(s)"
                                             if scope.workers else ""))
focus_bar(PAGE)

if (figures.followup["denominator"].sum() == 0 and figures.abstinence.is_empty()
        and figures.km_curves.is_empty() and figures.acute["active"].sum() == 0
        and figures.due.is_empty()):
    st.info("No intakes, interviews, enrollments or events match these filters. Widen the "
            "date range, or choose other programs or workers in the sidebar.")
    st.stop()

marks = ctx.data.marks(scope)
st.caption(PROVISIONAL_NOTE)
section.followup(figures, scope, marks, ctx.settings)
st.subheader("Who to interview this month")
interview_calls(ctx)
section.use_and_recurrence(figures, scope, marks, ctx.settings.headline_min_n, ctx.last_day)
section.acute_care(figures, scope)
section.recovery_capital(figures, marks)

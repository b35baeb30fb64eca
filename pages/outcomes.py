"""Outcomes: is anyone better off? It opens on follow-up interviews (R1) and who to interview;
use and recurrence, acute care and overdoses, recovery capital and social outcomes (R2-R9) are
sections opened on demand or by a link (?open_acute_care=true), for supervisors and analysts
(ui/outcome_sections.py)."""

import streamlit as st

from charts.common import PROVISIONAL_NOTE
from metrics.formats import day
from ui import outcome_sections as section
from ui.call_lists import interview_calls
from ui.context import page_context
from ui.figures import opened, page_figures
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
kept = page_figures(PAGE, ctx, marks)
st.caption(PROVISIONAL_NOTE)
section.followup(kept, figures, scope, marks, ctx.settings)
st.subheader("Who to interview this month")
interview_calls(ctx)

st.caption("Open a section for its charts.")
if box := opened(section.LATER["use_and_recurrence"], "use_and_recurrence"):
    with box:
        section.use_and_recurrence(kept, figures, scope, marks, ctx.settings.headline_min_n,
                                   ctx.last_day)
if box := opened(section.LATER["acute_care"], "acute_care"):
    with box:
        section.acute_care(kept, figures, scope)
if box := opened(section.LATER["recovery_capital"], "recovery_capital"):
    with box:
        section.recovery_capital(kept, figures, marks)

"""Workforce: are our peer workers OK? Who needs attention now (W6), caseload and contact load
(W1, W2); then ProQOL, supervision, incidents and turnover (W3-W5, W7), sections opened on
demand or by a link (?open_wellbeing=true). Supervisors and analysts only: a click on a worker
narrows the page to that worker's detail, every section shown (ui/workforce_sections.py)."""

import streamlit as st

from metrics.formats import day
from queries.attention import thresholds
from ui import workforce_sections as section
from ui.context import page_context
from ui.figures import page_figures
from ui.panels import focus_bar
from ui.record_forms import log_forms
from ui.worker_detail import incident_list, session_notes

PAGE = "workforce"
ctx = page_context(PAGE, by_worker=True)  # the role check, first thing
limits, scope = thresholds(ctx.settings), ctx.scope
frames = ctx.data.workforce(scope, limits)
one = ctx.focus if ctx.focus is not None and ctx.focus.dimension == "worker" else None

st.title("Workforce")
st.caption(f"Are our peer workers OK? · {day(scope.start)} to {day(scope.end)} · "
           f"needs attention judged on {day(scope.end)}")
focus_bar(PAGE)

if frames.roster.height == 0:
    st.info("No workers match these filters. Choose other programs or workers in the sidebar.")
    st.stop()

section.needs_attention(ctx.data, frames, scope, limits, one)
marks = ctx.data.marks(scope)  # targets, program changes
kept = page_figures(PAGE, ctx, marks)
section.caseload(kept, frames, scope, limits, marks, one)
section.contacts(kept, frames, marks, one)
if one is None:
    st.caption("Open a section for its charts.")
section.later("wellbeing", one,
              lambda: section.wellbeing(kept, frames, scope, marks, one))
section.later("supervision", one,
              lambda: section.supervision(kept, frames, limits, marks, one))
section.later("incidents", one,
              lambda: section.incidents(kept, frames, one))
if one is not None:
    incident_list(frames.incident_rows, frames.overdoses)
    session_notes(ctx.data.session_notes(scope))
    log_forms(ctx.settings, ctx.viewer, one.value, (scope.start, scope.end))
else:
    section.later("turnover", one, lambda: section.turnover(kept, frames, scope, marks))

"""Engagement: how much we did (E1-E8) for the chosen programs, workers and dates. It opens on
activity, getting started and intakes; early engagement by worker, and staying and leaving, are
sections opened on demand or by a link (?open_by_worker=true) (ui/engagement_sections.py)."""

import streamlit as st

from charts.common import PROVISIONAL_NOTE
from metrics.formats import day
from ui import engagement_sections as section
from ui.context import page_context
from ui.figures import opened, page_figures
from ui.panels import focus_bar

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
kept = page_figures(PAGE, ctx, marks)
section.headline(kept, figures, marks, ctx.settings.headline_min_n)

st.caption("Open a section for its charts.")
if box := opened(section.LATER["by_worker"], "by_worker"):
    with box:
        section.by_worker(kept, figures)
if box := opened(section.LATER["staying_and_leaving"], "staying_and_leaving"):
    with box:
        section.staying_and_leaving(kept, figures)

"""Overview: what needs action today, then the headline figures for the chosen programs and
dates, and how they moved."""

from functools import partial

import streamlit as st

from access.roles import sees_identified
from charts.headlines import Panel, monthly_trend
from metrics.catalogue import METRICS
from metrics.formats import day
from metrics.headlines import headlines
from queries.completeness import flags
from queries.overview import is_empty
from ui.context import page_context
from ui.figures import page_figures
from ui.funder_overview import funder_overview
from ui.headline_cards import headline_cards, what_they_mean
from ui.panels import plain_chart
from ui.today import today

ctx = page_context("overview")  # the role check, first thing
if not sees_identified(ctx.role):  # funders: the release's quarters, never months of their own
    st.title("Overview")
    funder_overview(ctx)
    st.stop()
threshold = ctx.settings.caseload_per_fte_threshold
cards = headlines(threshold)
scope = ctx.scope
figures = ctx.data.overview(scope)

st.title("Overview")
st.caption(f"{ctx.data.chosen(scope)} · {day(scope.start)} to {day(scope.end)} · data through "
           f"{day(ctx.last_day)}")
today(ctx)  # what needs action, by the digests' rules, each linked to the page listing it

# Completeness: a program that stopped sending records must not look like one that stopped
# working (funders never reach this line: they see the release above)
summary = ctx.data.completeness().summary
summary = scope.only(summary)
for sentence in flags(summary):
    st.warning(f"{sentence} Its figures here may be incomplete; ask the program for a new "
               "export (see Data completeness).", icon=":material/report:")

if is_empty(figures):
    st.info("No records match these filters. Widen the date range or choose other programs "
            "in the sidebar.")
    st.stop()

headline_cards(figures, cards, scope.end, ctx.settings.headline_min_n)

st.subheader("Month by month")
panels = [Panel(c.title, figures[key], METRICS[c.metric].kind, c.basis)
          for key, c in cards.items()]
marks = ctx.data.marks(scope)
kept = page_figures("overview", ctx, marks)
trends = list(zip(cards, panels, strict=True))
with st.container(key="overview_trends"):  # three a row; one a row on a phone
    for first in range(0, len(trends), 3):
        for column, (key, panel) in zip(st.columns(3), trends[first:first + 3], strict=False):
            with column:
                fig = kept(f"trend_{key}",
                           partial(monthly_trend, panel, marks.shown, marks.several))
                plain_chart(fig, f"overview_trend_{key}", f"{panel.title}, month by month.")
st.caption("Solid points are final. Hollow grey points may still change: the month is not "
           "over, or its follow-up windows are still open.")

what_they_mean(cards, threshold)

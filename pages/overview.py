"""Overview: the headline figures for the chosen programs and dates, and how they moved."""

from typing import Literal

import streamlit as st

from access.roles import sees_identified
from charts.headlines import Panel, headline, monthly_trends
from metrics.catalogue import METRICS
from metrics.formats import day
from metrics.text import as_markdown
from queries.completeness import flags
from queries.overview import HEADLINES, is_empty
from ui.context import page_context
from ui.funder_overview import funder_overview
from ui.panels import plain_chart

ctx = page_context("overview")  # the role check, first thing
if not sees_identified(ctx.role):  # funders: the release's quarters, never months of their own
    st.title("Overview")
    funder_overview(ctx)
    st.stop()
threshold = ctx.settings.caseload_per_fte_threshold

# key: (card label, chart title with its unit, what a figure rests on, which way is good)
CARDS: dict[str, tuple[str, str, str, Literal["normal", "inverse", "off"]]] = {
    "active": ("Active enrollments", "Active enrollments (at month end)",
               "{numerator:,} enrollments", "off"),
    "contacts_per_active": ("Contacts per person", "Contacts per active participant",
                            "{numerator:,} contacts, {denominator:,} active enrollments",
                            "normal"),
    "followup_30": ("Follow-up in 30 days", "Follow-up within 30 days (% of discharges)",
                    "{numerator:,} of {denominator:,} discharges", "normal"),
    "abstinent_6m": ("Abstinent at 6 months", "Abstinent at 6 months (% of interviews)",
                     "{numerator:,} of {denominator:,} interviews", "normal"),
    "over_caseload": ("Over caseload limit", f"Workers over {threshold:g} per FTE",
                      "{numerator:,} of {denominator:,} peer specialists", "inverse"),
}

figures = ctx.data.overview(ctx.scope)
scope = ctx.scope
names = ctx.data.programs()
chosen = (f"All {names.height} programs" if scope.every_program
          else ", ".join(map(as_markdown, scope.only(names)["program_name"])))

st.title("Overview")
st.caption(f"{chosen} · {day(scope.start)} to {day(scope.end)} · data through "
           f"{day(ctx.last_day)}")

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

for column, (key, mid) in zip(st.columns(len(HEADLINES)), HEADLINES.items(), strict=True):
    label, _, basis, good = CARDS[key]
    metric = METRICS[mid]
    card = headline(figures[key], metric.kind, basis, ctx.settings.headline_min_n)
    with column:
        if card is None:
            st.metric(label, "—", help=metric.describe(), border=True)
            st.caption("No final figure for these filters yet.")
            continue
        same = card.unchanged  # said in grey, without an arrow that would read as a rise
        delta = "no change" if same else card.delta
        st.metric(label, card.value, delta,
                  delta_color="off" if same else good, delta_arrow="off" if same else "auto",
                  border=True, help=metric.describe(), chart_data=card.trend or None)
        # Counts are on a day (the range's last); rates are over a month.
        when = f"On {day(scope.end)}" if metric.kind == "count" else card.month
        change = " · change on the month before" if delta else ""
        st.caption(f"{when} · {card.basis}{change}")

st.subheader("Month by month")
panels = [Panel(CARDS[key][1], figures[key], METRICS[mid].kind, CARDS[key][2])
          for key, mid in HEADLINES.items()]
marks = ctx.data.marks(scope)
plain_chart(monthly_trends(panels, marks.shown, marks.several), "overview_trends",
            "Month by month: " + ", ".join(p.title for p in panels) + ".")
st.caption("Solid points are final. Hollow grey points may still change: the month is not "
           "over, or its follow-up windows are still open.")

with st.expander("What these figures mean"):
    for key, mid in HEADLINES.items():
        metric = METRICS[mid]
        st.markdown(f"**{CARDS[key][0]}** ({metric.question}) {metric.describe()}")
    st.markdown(f"Over caseload limit counts peer specialists whose active enrollments per FTE "
                f"exceed {threshold:g} on the day; the limit is a setting "
                "(PEERDASH_CASELOAD_PER_FTE_THRESHOLD).")

"""Overview: the headline figures for the chosen programs and dates, and how they moved."""

import streamlit as st

from ui.context import page_context

ctx = page_context("overview")  # the role check comes first, before anything is read

from charts.headlines import Panel, headline, monthly_trends  # noqa: E402
from queries.catalogue import METRICS  # noqa: E402
from queries.overview import HEADLINES, is_empty  # noqa: E402
from queries.store import overview, programs  # noqa: E402

BASIS = {
    "active": "{numerator:,} enrollments",
    "contacts_per_active": "{numerator:,} contacts, {denominator:,} active enrollments",
    "followup_30": "{numerator:,} of {denominator:,} discharges",
    "abstinent_6m": "{numerator:,} of {denominator:,} interviews",
    "over_caseload": "{numerator:,} of {denominator:,} peer specialists",
}
ON_A_DAY = ("active", "over_caseload")  # counts on the range's last day, not over a month
GOOD_WHEN = {"active": "off", "contacts_per_active": "normal", "followup_30": "normal",
             "abstinent_6m": "normal", "over_caseload": "inverse"}
threshold = ctx.settings.caseload_per_fte_threshold
TITLES = {
    "active": "Active enrollments (at month end)",
    "contacts_per_active": "Contacts per active participant",
    "followup_30": "Follow-up within 30 days (% of discharges)",
    "abstinent_6m": "Abstinent at 6 months (% of interviews)",
    "over_caseload": f"Workers over {threshold:g} per FTE",
}

scope = ctx.scope
figures = overview(ctx.db_path, ctx.version, scope, ctx.last_day, threshold, ctx.role)
names = programs(ctx.db_path, ctx.version)
chosen = (", ".join(names.filter(names["program_id"].is_in(scope.programs))["program_name"])
          if scope.programs else f"All {names.height} programs")

st.title("Overview")
st.caption(f"{chosen} · {scope.start:%-d %b %Y} to {scope.end:%-d %b %Y} · data through "
           f"{ctx.last_day:%-d %b %Y}" + (" · funder view: counts of 1 to 10 are suppressed"
                                           if ctx.role == "funder" else ""))

if is_empty(figures):
    st.info("No records match these filters. Widen the date range or choose other programs "
            "in the sidebar.")
    st.stop()

cards = {key: headline(figures[key], METRICS[mid].kind, BASIS[key])
         for key, (mid, _) in HEADLINES.items()}
for column, (key, (mid, label)) in zip(st.columns(len(HEADLINES)), HEADLINES.items(),
                                        strict=True):
    card = cards[key]
    with column:
        if card is None:
            st.metric(label, "—", help=METRICS[mid].describe(), border=True)
            st.caption("No figure for these filters yet.")
            continue
        st.metric(label, card.value, card.delta, delta_color=GOOD_WHEN[key], border=True,
                  help=METRICS[mid].describe(), chart_data=card.trend or None)
        when = f"On {scope.end:%-d %b %Y}" if key in ON_A_DAY else card.month
        change = (" · change on the month before" if card.delta else
                  " · unchanged on the month before" if card.unchanged else "")
        st.caption(f"{when} · {card.basis}{change}")

st.subheader("Month by month")
panels = [Panel(TITLES[key], figures[key], METRICS[mid].kind, BASIS[key])
          for key, (mid, _) in HEADLINES.items()]
st.plotly_chart(monthly_trends(panels), width="stretch", key="overview_trends")
st.caption("Solid points are final. Hollow grey points may still change: the month is not "
           "over, or its follow-up windows are still open."
           + (" Grey bands are suppressed months: fewer than 11 people behind the figure."
              if ctx.role == "funder" else ""))

with st.expander("What these figures mean"):
    for mid, label in HEADLINES.values():
        st.markdown(f"**{label}** ({mid}, {METRICS[mid].question}) {METRICS[mid].describe()}")
    st.markdown(f"Workers over the caseload threshold counts peer specialists whose active "
                f"enrollments per FTE exceed {threshold:g} on the month's last day; the "
                "threshold is a setting (PEERDASH_CASELOAD_PER_FTE_THRESHOLD).")

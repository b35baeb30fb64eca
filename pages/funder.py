"""Funder report: a summary first (each metric now, against the quarter before, a year before
and its target) and its programs compared in one table; then by question each metric's trend,
funnel plot and table, drawn when its section is opened; every figure cut from the protected
release, over the whole quarters the funder chooses; each table as CSV, the whole report as HTML
(and as a board pack in PDF where the server has a Chromium)."""

from datetime import timedelta

import streamlit as st

from charts.common import quarter_label
from charts.funder import LEGEND, RELEASE_NOTE
from charts.funder_summary import sentence, summary_table
from charts.report import SUMMARY
from metrics.formats import day
from metrics.text import as_markdown
from release.build import ReleaseRefused
from release.summary import quarters, report, targets
from ui.audit import remember_period
from ui.context import page_context
from ui.funder_figures import ReportKey
from ui.funder_report import metric_sections, programs_compared, report_downloads, static_table

ctx = page_context("funder")  # the role check, first thing
st.title("Funder report")
try:  # every quarter of the release: the summary compares with quarters before the span
    whole = ctx.data.funder(ctx.data.span()[0] or ctx.last_day, ctx.last_day)
except ReleaseRefused as refused:  # a sentence for the analyst, never a leaky page
    st.error(str(refused), icon=":material/gpp_bad:")
    st.stop()
options = quarters(whole) if whole else []
if not options:
    st.info("The funder report covers whole calendar quarters, and the data holds none that "
            "has ended yet. It will show once the data covers a whole quarter.")
    st.stop()
first, last = (st.select_slider("Quarters", options, value=(options[0], options[-1]),
                                format_func=quarter_label, key="quarters", bind="query-params",
                                help="Every whole quarter in the data; the sidebar's dates "
                                     "do not apply to this report.")
               if len(options) > 1 else (options[0], options[0]))
period = (first, (last + timedelta(days=93)).replace(day=1) - timedelta(days=1))
centre = st.radio("Programs are compared with", ("All programs", "Target"), horizontal=True,
                  key="centre", bind="query-params",  # ?centre=Target
                  help="The centre of each funnel plot (the target where a metric has one): "
                       "programs outside its limits differ from it by more than chance.")
goals = targets(ctx.settings)
shown = report(whole, period, goals, on_target=centre == "Target", years=ctx.data.funder_years())
names = ctx.data.programs()
mine = ctx.viewer.programs
covered = (f"All {names.height:,} programs" if mine is None else ", ".join(
    names.filter(names["program_id"].is_in(list(mine)))["program_name"]))
span = f"{quarter_label(period[0])} to {quarter_label(period[1])}"
remember_period(*period, span)  # downloads record the quarters covered, not the sidebar
meta = f"{covered} · {span} · data through {day(ctx.last_day)}"
st.caption(meta + (" · the analyst's preview: exactly what funders get"
                   if ctx.role == "analyst" else ""))

st.header(SUMMARY)  # first thing, above the fold: what a board reads
static_table(summary_table(shown.lines))
for line in shown.lines:
    st.markdown(f"- {as_markdown(sentence(line))}")
st.info(f"\\{LEGEND}", icon=":material/visibility_off:")
with st.expander("How every figure here is protected"):
    st.markdown(RELEASE_NOTE)

title = f"Funder report: {span}"
report_downloads(shown, title, meta, f"funder_report_{span.replace(' to ', '_').replace(' ', '')}")
programs_compared(shown)
metric_sections(shown, ReportKey(ctx.data.path, ctx.data.version, period, centre == "Target",
                                 mine, tuple(sorted(goals.items()))))

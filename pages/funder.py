"""Funder report: a summary first (each metric now, against the quarter before, a year before
and its target), then by question each metric's trend, its programs compared on a funnel plot,
and its table; every figure cut from the protected release, over the whole quarters the funder
chooses; each table as CSV, the whole report as HTML (and as PDF where the server has a
Chromium)."""

from datetime import timedelta

import streamlit as st

from charts.common import quarter_label
from charts.funder import LEGEND, RELEASE_NOTE, against_all, compares, display_table, reading
from charts.funder import trend as trend_chart
from charts.funder_summary import sentence, summary_table
from charts.funnel import funnel_chart, funnel_reading
from charts.funnel import title as funnel_title
from charts.pdf import NO_CHROMIUM, chromium, html_to_pdf
from charts.report import SUMMARY, TREND, report_html
from metrics.formats import day
from metrics.funder import BETTER_OFF, FUNDER_METRICS, HOW_MUCH, HOW_WELL
from metrics.text import as_markdown
from release.build import ReleaseRefused
from release.summary import quarters, report, targets
from ui.audit import audited, remember_period
from ui.context import page_context
from ui.panels import chart_panel, plain_chart

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
shown = report(whole, period, targets(ctx.settings), on_target=centre == "Target",
               years=ctx.data.funder_years())
figures = shown.figures
names = ctx.data.programs()
mine = ctx.viewer.programs
covered = (f"All {names.height:,} programs" if mine is None else ", ".join(
    names.filter(names["program_id"].is_in(list(mine)))["program_name"]))
span = f"{quarter_label(period[0])} to {quarter_label(period[1])}"
remember_period(*period, span)  # downloads record the quarters covered, not the sidebar
meta = f"{covered} · {span} · data through {day(ctx.last_day)}"
st.caption(meta + (" · the analyst's preview: exactly what funders get"
                   if ctx.role == "analyst" else ""))

title = f"Funder report: {span}"
stem = f"funder_report_{span.replace(' to ', '_').replace(' ', '')}"


def html() -> str:
    return report_html(figures, title, meta, shown.lines, shown.funnels, shown.years)


as_html, as_pdf = st.columns(2)
as_html.download_button("Download the report (HTML)", audited(f"{stem}.html", html),
                        file_name=f"{stem}.html", mime="text/html", key="report-html",
                        icon=":material/description:", on_click="ignore")
as_html.caption("One file with every chart, table and definition; it opens offline and prints.")
browser = chromium()
if browser is None:
    as_pdf.caption(NO_CHROMIUM)
else:
    def pdf(executable: str = browser) -> bytes:
        return html_to_pdf(html(), executable)

    as_pdf.download_button("Download the report (PDF)", audited(f"{stem}.pdf", pdf),
                           file_name=f"{stem}.pdf", mime="application/pdf", key="report-pdf",
                           icon=":material/picture_as_pdf:", on_click="ignore")

st.info(f"\\{LEGEND} {RELEASE_NOTE}", icon=":material/visibility_off:")

st.header(SUMMARY)
st.dataframe(summary_table(shown.lines), hide_index=True, width="stretch", height="content",
             key="funder_summary")
for line in shown.lines:
    st.markdown(f"- {as_markdown(sentence(line))}")

for question in (HOW_MUCH, HOW_WELL, BETTER_OFF):
    st.header(question)
    for key, metric in FUNDER_METRICS.items():
        if metric.question != question:
            continue
        frame = figures[key]
        st.subheader(metric.title)
        table = display_table(frame, metric, shown.years.get(key))
        chart_panel("funder", f"funder_{key}", trend_chart(frame, metric, TREND), table,
                    metrics=[metric.id],
                    reading=as_markdown(reading(frame, metric, shown.years.get(key))))
        if key in shown.funnels:
            funnel = shown.funnels[key]
            said = as_markdown(funnel_reading(funnel, metric))
            plain_chart(funnel_chart(funnel, metric, funnel_title(funnel) if funnel else
                                     "Each program against all programs"),
                        f"funder_{key}_programs", said)
            st.markdown(said)
        elif compares(metric):
            plain_chart(against_all(frame, metric, "Programs"), f"funder_{key}_programs")
        st.dataframe(table, hide_index=True, width="stretch", key=f"funder_{key}_table")

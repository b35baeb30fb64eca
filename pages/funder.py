"""Funder report: quarterly trends by program and for all programs, framed by three questions,
small-cell suppressed in the query layer; each table as CSV, the whole report as HTML (and as
PDF where the server has a Chromium)."""

import streamlit as st

from charts.common import quarter_label
from charts.funder import LEGEND, against_all, compares, display_table, reading
from charts.funder import trend as trend_chart
from charts.pdf import NO_CHROMIUM, chromium, html_to_pdf
from charts.report import report_html
from metrics.formats import day
from metrics.funder import BETTER_OFF, FUNDER_METRICS, HOW_MUCH, HOW_WELL
from queries.funder import funder_period
from queries.release import ReleaseRefused
from queries.store import funder, programs
from ui.audit import download_args, downloaded, remember_period
from ui.context import page_context
from ui.panels import chart_panel

ctx = page_context("funder")  # the role check, first thing
st.title("Funder report")
period = funder_period(ctx.scope, ctx.last_day)
if period is None:
    st.info("The funder report covers whole calendar quarters, and this date range holds none "
            "that has ended. Choose a range in the sidebar that includes a whole quarter.")
    st.stop()

try:
    figures = funder(ctx.db_path, ctx.version, *period, ctx.last_day, ctx.viewer)
except ReleaseRefused as refused:  # a sentence for the analyst, never a leaky page
    st.error(str(refused), icon=":material/gpp_bad:")
    st.stop()
names = programs(ctx.db_path, ctx.version)
mine = ctx.viewer.programs
covered = (f"All {names.height:,} programs" if mine is None else ", ".join(
    names.filter(names["program_id"].is_in(list(mine)))["program_name"]))
span = f"{quarter_label(period[0])} to {quarter_label(period[1])}"
remember_period(*period, span)  # downloads record the quarters covered, not the sidebar
meta = f"{covered} · {span} · data through {day(ctx.last_day)}"
st.caption(meta + (" · the analyst's preview: exactly what funders get"
                   if ctx.role == "analyst" else ""))
st.info(f"\\{LEGEND} Every figure here was protected together with every other a funder "
        "can see, and audited, so that no count of 1 to 10 can be worked out from the others.",
        icon=":material/visibility_off:")

title = f"Funder report: {span}"
stem = f"funder_report_{span.replace(' to ', '_').replace(' ', '')}"


def html() -> str:
    return report_html(figures, title, meta)


report, pdf = st.columns(2)
report.download_button("Download the report (HTML)", html, file_name=f"{stem}.html",
                       mime="text/html", key="report-html", icon=":material/description:",
                       on_click=downloaded, args=download_args(f"{stem}.html"))
report.caption("One file with every chart, table and definition; it opens offline and prints.")
browser = chromium()
if browser is None:
    pdf.caption(NO_CHROMIUM)
else:
    pdf.download_button("Download the report (PDF)", lambda: html_to_pdf(html(), browser),
                        file_name=f"{stem}.pdf", mime="application/pdf", key="report-pdf",
                        icon=":material/picture_as_pdf:", on_click=downloaded,
                        args=download_args(f"{stem}.pdf"))

for question in (HOW_MUCH, HOW_WELL, BETTER_OFF):
    st.header(question)
    for key, metric in FUNDER_METRICS.items():
        if metric.question != question:
            continue
        frame = figures[key]
        st.subheader(metric.title)
        table = display_table(frame, metric)
        chart_panel("funder", f"funder_{key}", trend_chart(frame, metric), table,
                    metrics=[metric.id], reading=reading(frame, metric))
        if compares(metric):
            st.plotly_chart(against_all(frame, metric), width="stretch",
                            key=f"funder_{key}_programs")
        st.dataframe(table, hide_index=True, width="stretch", key=f"funder_{key}_table")

"""The Funder report's downloads (the whole report as HTML, and as PDF where the server has a
Chromium; each audited) and its sections: by question, each metric's trend, its programs
compared (a funnel where it has one) and its table."""

from __future__ import annotations

import streamlit as st

from charts.funder import against_all, compares, display_table, reading
from charts.funder import trend as trend_chart
from charts.funnel import funnel_chart, funnel_reading
from charts.funnel import title as funnel_title
from charts.pdf import NO_CHROMIUM, chromium, html_to_pdf
from charts.report import TREND, report_html
from metrics.funder import BETTER_OFF, FUNDER_METRICS, HOW_MUCH, HOW_WELL
from metrics.text import as_markdown
from release.summary import Report
from ui.audit import audited
from ui.panels import chart_panel, plain_chart, what_the_words_mean


def report_downloads(shown: Report, title: str, meta: str, stem: str) -> None:
    def html() -> str:
        return report_html(shown.figures, title, meta, shown.lines, shown.funnels, shown.years)

    as_html, as_pdf = st.columns(2)
    as_html.download_button("Download the report (HTML)", audited(f"{stem}.html", html),
                            file_name=f"{stem}.html", mime="text/html", key="report-html",
                            icon=":material/description:", on_click="ignore")
    as_html.caption("One file with every chart, table and definition; it opens offline and "
                    "prints.")
    browser = chromium()
    if browser is None:
        as_pdf.caption(NO_CHROMIUM)
        return

    def pdf(executable: str = browser) -> bytes:
        return html_to_pdf(html(), executable)

    as_pdf.download_button("Download the report (PDF)", audited(f"{stem}.pdf", pdf),
                           file_name=f"{stem}.pdf", mime="application/pdf", key="report-pdf",
                           icon=":material/picture_as_pdf:", on_click="ignore")


def metric_sections(shown: Report) -> None:
    for question in (HOW_MUCH, HOW_WELL, BETTER_OFF):
        st.header(question)
        for key, metric in FUNDER_METRICS.items():
            if metric.question != question:
                continue
            frame = shown.figures[key]
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
                what_the_words_mean(said)
            elif compares(metric):
                plain_chart(against_all(frame, metric, "Programs"), f"funder_{key}_programs")
            st.dataframe(table, hide_index=True, width="stretch", key=f"funder_{key}_table")

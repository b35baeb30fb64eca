"""The Funder report's downloads (the whole report as HTML, and as a board pack in PDF where the
server has a Chromium; each audited), its programs compared as one table, and each metric's
detail (its trend, its programs compared, its table) in a section of its own that is drawn
only when opened: a board reads the summary, and 21 charts drawn for every visit cost 2 to 4 s
in the browser and most of the server's time."""

from __future__ import annotations

import polars as pl
import streamlit as st

from charts.board_pack import board_pack_html
from charts.funder import LEGEND, display_table, reading
from charts.funder_compared import compared_table
from charts.funnel import funnel_reading
from charts.pdf import NO_CHROMIUM, chromium, html_to_pdf
from charts.report import report_html
from metrics.funder import BETTER_OFF, FUNDER_METRICS, HOW_MUCH, HOW_WELL
from metrics.text import as_markdown
from release.summary import Report
from ui.audit import audited
from ui.figures import opened
from ui.funder_figures import ReportKey, programs_figure, trend_figure
from ui.panels import chart_panel, plain_chart, what_the_words_mean
from ui.table_widths import fitted

COMPARED = "Programs compared"
NONE_COMPARED = "No metric compares programs on a funnel for the quarters chosen."


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
        return html_to_pdf(board_pack_html(shown.figures, title, meta, shown.lines,
                                           shown.funnels, shown.years), executable)

    as_pdf.download_button("Download the board pack (PDF)", audited(f"{stem}.pdf", pdf),
                           file_name=f"{stem}.pdf", mime="application/pdf", key="report-pdf",
                           icon=":material/picture_as_pdf:", on_click="ignore")
    as_pdf.caption("About 10 pages: the summary on page 1, then the programs compared, then "
                   "every figure by program and quarter.")


def programs_compared(shown: Report) -> None:
    """Each funnel's reading as one row: who is above or below the limits, with no chart."""
    st.header(COMPARED)
    if not shown.funnels:
        st.info(NONE_COMPARED)
        return
    static_table(compared_table(shown.funnels))


def static_table(table: pl.DataFrame) -> None:
    """A table whose text wraps, where a data grid cut long cells off at 1280 px (the programs
    named; 'records start too late'). It reads its cells as markdown, so each is escaped: a
    program named "![p](http://…)" would be an image fetched."""
    st.table(table.with_columns(pl.all().cast(pl.String).map_elements(
        as_markdown, return_dtype=pl.String)), hide_index=True, border="horizontal")


def metric_sections(shown: Report, key: ReportKey) -> None:
    """By question, each metric's detail in a section opened on demand (and by a link:
    ?open_R1=true); its charts built only then, and once for every viewer (ui.funder_figures)."""
    st.caption("Open a metric for its trend, its programs compared and its table.")
    for question in (HOW_MUCH, HOW_WELL, BETTER_OFF):
        st.header(question)
        for metric in (k for k, m in FUNDER_METRICS.items() if m.question == question):
            if box := opened(FUNDER_METRICS[metric].title, metric):
                with box:
                    _detail(shown, key, metric)


def _detail(shown: Report, key: ReportKey, metric: str) -> None:
    """A metric's trend (its panel: reading, definition, CSV), programs compared and table."""
    about, frame, years = FUNDER_METRICS[metric], shown.figures[metric], shown.years.get(metric)
    table = display_table(frame, about, years)
    chart_panel("funder", f"funder_{metric}", trend_figure(key, metric, shown), table,
                metrics=[about.id], reading=as_markdown(reading(frame, about, years)))
    compared = programs_figure(key, metric, shown)
    said = as_markdown(funnel_reading(shown.funnels[metric], about)) \
        if metric in shown.funnels else ""
    if compared is not None:
        plain_chart(compared, f"funder_{metric}_programs", said)
    if said:
        st.markdown(said)
        what_the_words_mean(said)
    # the Note says the legend's words in each hidden row, for the CSV; here the legend is
    # said once, under the table, where a column of it was cut off at 1280 px
    shown_table = table.drop("Note")
    st.dataframe(shown_table, hide_index=True, width="stretch", key=f"funder_{metric}_table",
                 column_config=fitted(shown_table, {}))
    st.caption(as_markdown(LEGEND))

"""The funder report as a board pack, the HTML its PDF is printed from: page 1 the summary and
the legend, then the programs compared (no trend: those stay in the HTML report), then every
metric's figures by program and quarter; printed for the sample it is at most 10 pages and
page 1 reads as the summary."""

from __future__ import annotations

import re
import subprocess

import polars as pl
import pytest

from charts.board_pack import APPENDIX, COMPARED, board_pack_html, wide
from charts.funder import compares, display_table
from charts.funder_summary import sentence
from charts.pdf import html_to_pdf
from charts.report import SUMMARY
from metrics.funder import FUNDER_METRICS
from release.funnel import funnel, funnels
from tests.attack.served import served_report
from tests.browser.conftest import chromium_path  # noqa: F401  (a fixture: skips without one)
from tests.charts.test_report import figures, lines

PAGES = 10  # a board reads page 1; the whole pack stays about this short


def pack() -> str:
    figs = figures()
    return board_pack_html(figs, "Funder report: 2026 Q1 to 2026 Q2", "All 3 programs", lines(),
                           {k: funnel(f, k) for k, f in figs.items() if funnels(k)})


def test_the_summary_and_legend_come_first_then_the_comparisons_then_the_tables():
    html = pack()
    order = [html.index(f"<h2>{SUMMARY}</h2>"), html.index('class="legend"'),
             html.index(f"<h2>{COMPARED}</h2>"), html.index(f"<h2>{APPENDIX}</h2>")]
    assert order == sorted(order)
    page_one = html[:order[2]]
    assert all(sentence(line).replace("'", "&#x27;") in page_one for line in lines())
    assert "trend" not in " ".join(re.findall(r'id="chart-[^"]+"', html))
    compared = [k for k, m in FUNDER_METRICS.items() if compares(m)]
    assert re.findall(r'id="chart-([^"]+)-programs"', html) == compared
    appendix = html[order[3]:]
    assert appendix.count("<table") == len(FUNDER_METRICS)
    assert html.count("plotly.js v") == 1


def test_the_appendix_has_a_row_per_program_and_a_column_per_quarter():
    metric = FUNDER_METRICS["R1"]
    table = display_table(figures()["R1"], metric)
    printed = wide(table)
    assert printed.height == table["Program"].n_unique()
    assert printed.columns == ["Program", *table["Quarter"].unique(maintain_order=True)]
    shown = table.filter(pl.col("Numerator") != "*").row(0, named=True)
    cell = printed.filter(Program=shown["Program"])[shown["Quarter"]].item()
    assert cell == f"{shown['Rate']} ({shown['Numerator']} of {shown['Denominator']})"
    assert "*" in printed.drop("Program").to_numpy()  # a hidden cell stays hidden


@pytest.mark.slow  # prints the sample's pack with Chromium: a few seconds
def test_the_samples_pack_prints_on_at_most_10_pages_opening_on_the_summary(
        sample_path, chromium_path, tmp_path):  # noqa: F811
    made = served_report(sample_path)
    assert made is not None
    shown, _, span = made
    html = board_pack_html(shown.figures, f"Funder report: {span}", span, shown.lines,
                           shown.funnels, shown.years)
    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(html_to_pdf(html, chromium_path))
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert 3 <= len(pages) <= PAGES
    first = " ".join(pages[0].split())
    assert first.startswith(f"Funder report: {span}") and SUMMARY in first
    assert "Quarter before" in first and "* Hidden: fewer than 11" in first
    for line in shown.lines:  # every summary sentence on page 1
        assert " ".join(sentence(line).split()) in first, line.key
    assert COMPARED not in first and COMPARED in " ".join(pages[1].split())

"""The funder report as one HTML file: plotly.js once, every metric's chart, definition and
table, the suppression legend; text from the data is escaped."""

from __future__ import annotations

import re

import polars as pl

from charts.funder import compares
from charts.report import report_html
from metrics.catalogue import METRICS
from metrics.funder import FUNDER_METRICS
from tests.charts.test_funder_charts import frame


def figures(name: str = "Program A") -> dict[str, pl.DataFrame]:
    """Every metric with the same small table (proportions; the rest as they would be)."""
    rows = frame().with_columns(pl.col("program_name").replace("Program A", name),
                                median=pl.col("value") * 100)
    return {k: rows for k in FUNDER_METRICS}


def test_every_metric_has_its_charts_definition_and_table_under_its_question():
    html = report_html(figures(), "Funder report: 2026 Q1 to 2026 Q2", "All 3 programs")
    assert html.count("plotly.js v") == 1  # embedded once, so the file works offline
    compared = [m for m in FUNDER_METRICS.values() if compares(m)]
    assert 0 < len(compared) < len(FUNDER_METRICS)
    # a trend each, and a comparison for each metric that compares programs
    assert html.count('class="plotly-graph-div"') == len(FUNDER_METRICS) + len(compared)
    for key, metric in FUNDER_METRICS.items():
        section = re.search(f'<section class="metric" id="{key}">(.*?)</section>', html,
                            flags=re.DOTALL).group(1)
        assert f'id="chart-{key}-trend"' in section
        assert METRICS[metric.id].describe().split(":")[0] in section
        assert "<td>*</td>" in section and "<td>No data</td>" in section
    order = [html.index(q) for q in ("How much did we do?", "How well did we do it?",
                                     "Is anyone better off?")]
    assert order == sorted(order)
    assert "* Hidden: fewer than 11" in html and "@media print" in html


def test_names_from_the_data_are_escaped():
    html = report_html(figures("<script>alert(1)</script>"), "Report", "meta")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

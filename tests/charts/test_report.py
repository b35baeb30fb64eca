"""The funder report as one HTML file: the summary first, plotly.js once and no toolbar, every
metric's reading, charts, definition and table under its question, each title once, print
rules that keep a heading with what follows; text from the data is escaped in the HTML and
plain in the charts."""

from __future__ import annotations

import json
import re
from datetime import date

import polars as pl

from charts.funder import reading
from charts.funder_summary import sentence
from charts.funnel import funnel_reading
from charts.report import SUMMARY, TREND, report_html
from metrics.catalogue import METRICS
from metrics.comparisons import Line, Point
from metrics.funder import FUNDER_METRICS
from release.funnel import funnel, funnels
from tests.charts.test_funder_charts import frame

Q1, Q2 = date(2026, 1, 1), date(2026, 4, 1)


def figures(name: str = "Program A") -> dict[str, pl.DataFrame]:
    """Every metric with the same small table (proportions; the rest as they would be)."""
    rows = frame().with_columns(pl.col("program_name").replace("Program A", name),
                                median=pl.col("value") * 100, window_open=pl.lit(False))
    return {k: rows for k in FUNDER_METRICS}


def lines() -> list[Line]:
    now = Point(Q2, 0.46, 47, 102, False, False, False)
    before = Point(Q1, None, None, None, True, False, False)
    return [Line(k, now, before, None, 0.8 if k == "R1" else None, False)
            for k in FUNDER_METRICS]


def html_of(name: str = "Program A") -> tuple[str, dict]:
    figs = figures(name)
    placed = {k: funnel(f, k) for k, f in figs.items() if funnels(k)}
    return report_html(figs, "Funder report: 2026 Q1 to 2026 Q2", "All 3 programs", lines(),
                       placed), placed


def test_the_report_opens_with_the_summary_table_and_a_sentence_per_metric():
    html, _ = html_of()
    first_question = html.index("How much did we do?")
    summary = html[html.index(f"<h2>{SUMMARY}</h2>"):first_question]
    assert html.index(f"<h2>{SUMMARY}</h2>") < html.index('class="legend"') < first_question
    assert summary.count("<tr>") == len(FUNDER_METRICS) + 1  # a row per metric, and the head
    for line in lines():
        assert sentence(line).replace("'", "&#x27;") in summary
    assert "short of the target of 80%" in summary


def test_every_metric_has_its_reading_charts_definition_and_table_under_its_question():
    html, placed = html_of()
    assert html.count("plotly.js v") == 1  # embedded once, so the file works offline
    compared = [k for k, m in FUNDER_METRICS.items() if m.by_program and m.kind in
                ("proportion", "distribution")]
    assert set(placed) < set(compared)  # rates are funnels; E6, a mean, is not
    assert html.count('class="plotly-graph-div"') == len(FUNDER_METRICS) + len(compared)
    for key, metric in FUNDER_METRICS.items():
        section = re.search(f'<section class="metric" id="{key}">(.*?)</section>', html,
                            flags=re.DOTALL).group(1)
        assert f'id="chart-{key}-trend"' in section
        assert METRICS[metric.id].describe().split(":")[0] in section
        assert reading(figures()[key], metric) in section
        if key in placed:
            assert funnel_reading(placed[key], metric) in section
        assert "<td>*</td>" in section and "<td>No data</td>" in section
    order = [html.index(q) for q in ("How much did we do?", "How well did we do it?",
                                     "Is anyone better off?")]
    assert order == sorted(order)
    assert "* Hidden: fewer than 11" in html


def _charts(html: str) -> list[dict]:
    """Each chart's figure and config as plotly.newPlot receives them."""
    return [json.loads(f"[{m}]") for m in re.findall(
        r"Plotly\.newPlot\(\s*\"[^\"]+\",\s*(.*?)\s*\)\s*};", html, flags=re.DOTALL)]


def test_no_toolbar_and_no_section_title_twice():
    html, _ = html_of()
    charts = _charts(html)
    assert len(charts) == html.count('class="plotly-graph-div"')
    assert all(config["displayModeBar"] is False for _data, _layout, config in charts)
    titles = [layout["title"]["text"] for _data, layout, _config in charts]
    assert all(t == TREND or t.startswith(("Each program", "Programs")) for t in titles)
    for metric in FUNDER_METRICS.values():  # a heading once, never again as a chart title
        assert html.count(f"<h3>{metric.title}</h3>") == 1
        assert not any(t.startswith(metric.title) for t in titles)


def test_the_print_rules_keep_headings_with_what_follows():
    html, _ = html_of()
    style = html[html.index("@media print"):]
    assert re.search(r"h1, h2, h3 \{[^}]*break-after: avoid", style)
    assert re.search(r"\.keep[^{]*\{[^}]*break-inside: avoid", style)
    for key, metric in FUNDER_METRICS.items():  # each heading in a block with its chart
        block = re.search(rf'<div class="keep">(<h2[^>]*>[^<]*</h2>)?<h3>{re.escape(metric.title)}'
                          rf'</h3><p class="reading">[^<]*</p><div class="chart">(.*?)'
                          r'(<div class="keep">|<p class="definition">)', html, flags=re.DOTALL)
        assert block and f'id="chart-{key}-trend"' in block.group(2), key


def test_names_from_the_data_are_escaped_in_the_html_and_plain_in_the_charts():
    html, _ = html_of("<b>Bold</b> & <script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in html and "<b>Bold</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    names = {trace.get("name") for data, _l, _c in _charts(html) for trace in data}
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;" in names
    hovers = [h for data, _l, _c in _charts(html) for t in data
              for h in (t.get("customdata") or []) if isinstance(h, str)]
    assert hovers and not [h for h in hovers if "<b>" in h or "<script>" in h]

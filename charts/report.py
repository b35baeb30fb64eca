"""The funder report as one self-contained HTML file that prints as a board pack: the summary
first (a compact table and a sentence per metric), then by question each metric's reading,
trend, comparison of programs (a funnel for rates) with its reading, definition and table.
plotly.js is embedded once (it works offline) and its toolbar is left out; the print rules keep
every heading with what follows it."""

from __future__ import annotations

import re
from html import escape, unescape

import plotly.graph_objects as go
import polars as pl

from charts.funder import LEGEND, RELEASE_NOTE, display_table, reading, trend
from charts.funder_compared import programs_chart
from charts.funder_summary import sentence, summary_table
from charts.funnel import funnel_reading
from metrics.catalogue import METRICS
from metrics.comparisons import Funnel, Line
from metrics.funder import FUNDER_METRICS, TOTAL
from metrics.glossary import words_in

TREND = "Quarter by quarter: all programs and each program"
SUMMARY = "Summary"
STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; }
h1 { margin-bottom: 0.2rem; } .meta { color: #555; margin-top: 0; }
.legend { border-left: 4px solid #8C8C8C; padding: 0.3rem 0.8rem; background: #f4f4f4; }
section.metric { margin: 1.5rem 0 2.5rem; }
table { border-collapse: collapse; font-size: 0.85rem; margin-top: 0.5rem; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: right; }
th:nth-child(2), td:nth-child(2) { text-align: left; }
table.summary th:first-child, table.summary td:first-child { text-align: left; }
tr.total td { font-weight: bold; }
.definition { font-size: 0.9rem; color: #333; } .reading { font-size: 0.95rem; }
dl.words dt { font-weight: bold; margin-top: 0.6rem; } dl.words dd { margin-left: 0; }
@media print {
  body { margin: 0; max-width: none; }
  table { font-size: 0.72rem; } th, td { padding: 0.1rem 0.3rem; }
  h2.question { break-before: page; }
  h1, h2, h3 { break-after: avoid; break-inside: avoid; }
  .keep, .chart, tr, .reading { break-inside: avoid; }
}
"""


def table_html(frame: pl.DataFrame, total_name: str | None = TOTAL, cls: str = "") -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in frame.columns)
    rows = []
    for row in frame.iter_rows():
        bold = ' class="total"' if total_name and total_name in row[:2] else ""
        rows.append(f"<tr{bold}>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) +
                    "</tr>")
    opening = f'<table class="{cls}">' if cls else "<table>"
    return f"{opening}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


class Charts:
    """Chart divs for one page: the first carries plotly.js, the rest reuse it."""

    def __init__(self) -> None:
        self.first = True

    def div(self, fig: go.Figure, div_id: str) -> str:
        # Streamlit's own template leaves colours and margins to its front end: not here.
        fig = go.Figure(fig).update_layout(template="plotly_white")
        html = fig.to_html(full_html=False, include_plotlyjs=self.first, div_id=div_id,
                           config={"displayModeBar": False, "displaylogo": False,
                                   "responsive": True})
        self.first = False
        return f'<div class="chart">{html}</div>'


def paragraph(text: str, cls: str = "reading") -> str:
    return f'<p class="{cls}">{escape(text)}</p>'


def legend_html() -> str:
    """What a hidden cell, a rounded count and an empty quarter mean: read before any figure."""
    return (f'<p class="legend">{escape(LEGEND)} {escape(RELEASE_NOTE)} No data: nothing to '
            "count that quarter.</p>")


def summary_html(lines: list[Line]) -> str:
    """The summary: its heading, the compact table, then a sentence per metric."""
    return (f'<section class="summary"><div class="keep"><h2>{SUMMARY}</h2>'
            + table_html(summary_table(lines), None, "summary") + "</div>"
            + "".join(paragraph(sentence(line)) for line in lines) + "</section>")


def _metric(charts: Charts, key: str, frame: pl.DataFrame,
            funnels: dict[str, Funnel | None], heading: str,
            years: pl.DataFrame | None = None) -> str:
    """One metric's section; its heading (and the question's, when first) kept on a page
    with the reading and the first chart below it."""
    metric = FUNDER_METRICS[key]
    head = (f'<div class="keep">{heading}<h3>{escape(metric.title)}</h3>'
            + paragraph(reading(frame, metric, years))
            + charts.div(trend(frame, metric, TREND), f"chart-{key}-trend") + "</div>")
    body = [head]
    compared = programs_chart(key, frame, funnels)
    if key in funnels:  # a rate by program: a funnel (None: nothing to place)
        body.append('<div class="keep">' + charts.div(compared, f"chart-{key}-programs")
                    + paragraph(funnel_reading(funnels[key], metric)) + "</div>")
    elif compared is not None:
        body.append(charts.div(compared, f"chart-{key}-programs"))
    body += [paragraph(METRICS[metric.id].describe(), "definition"),
             table_html(display_table(frame, metric, years), TOTAL)]
    return f'<section class="metric" id="{key}">{"".join(body)}</section>'


def report_html(figures: dict[str, pl.DataFrame], title: str, meta: str,
                lines: list[Line], funnels: dict[str, Funnel | None],
                years: dict[str, pl.DataFrame] | None = None) -> str:
    """The whole report: the summary, then by question each metric; `figures` are the
    release's frames for the span, `lines` their summary, `funnels` a funnel (or None) for
    each metric whose programs are compared on one, `years` programs' whole years."""
    charts, parts, question = Charts(), [], None
    for key, frame in figures.items():
        metric = FUNDER_METRICS[key]
        heading = ""
        if metric.question != question:
            question = metric.question
            heading = f'<h2 class="question">{escape(question)}</h2>'
        parts.append(_metric(charts, key, frame, funnels, heading, (years or {}).get(key)))
    body = (f"<h1>{escape(title)}</h1><p class=\"meta\">{escape(meta)}</p>"
            + summary_html(lines) + legend_html() + "".join(parts))
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
            + body + words(body) + "</body></html>")


def words(body: str) -> str:
    """The glossary's words the report uses (its text, not its markup), at its end."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)  # charts' code
    found = words_in(unescape(re.sub(r"<[^>]+>", " ", text)))
    if not found:
        return ""
    return ('<h2 class="question">Words used in this report</h2><dl class="words">'
            + "".join(f"<dt>{escape(w.term)}</dt><dd>{escape(w.meaning)}</dd>" for w in found)
            + "</dl>")

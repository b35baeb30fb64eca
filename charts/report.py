"""The funder report as one self-contained HTML file: every chart (plotly.js embedded once, so
it works offline), its table, its definition and the suppression legend; prints cleanly."""

from __future__ import annotations

from html import escape

import plotly.graph_objects as go
import polars as pl

from charts.funder import LEGEND, against_all, compares, display_table, trend
from metrics.catalogue import METRICS
from metrics.funder import FUNDER_METRICS, TOTAL

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; }
h1 { margin-bottom: 0.2rem; } .meta { color: #555; margin-top: 0; }
.legend { border-left: 4px solid #8C8C8C; padding: 0.3rem 0.8rem; background: #f4f4f4; }
section.metric { margin: 1.5rem 0 2.5rem; }
table { border-collapse: collapse; font-size: 0.85rem; margin-top: 0.5rem; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: right; }
th:nth-child(2), td:nth-child(2) { text-align: left; }
tr.total td { font-weight: bold; }
.definition { font-size: 0.9rem; color: #333; }
@media print {
  body { margin: 0; max-width: none; }
  h2 { break-before: page; }
  section.metric, .chart, table { break-inside: avoid; }
}
"""


def _table(frame: pl.DataFrame, total_name: str) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in frame.columns)
    rows = []
    for row in frame.iter_rows():
        cls = ' class="total"' if row[1] == total_name else ""
        rows.append(f"<tr{cls}>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


class _Charts:
    """Chart divs for one page: the first carries plotly.js, the rest reuse it."""

    def __init__(self) -> None:
        self.first = True

    def div(self, fig: go.Figure, div_id: str) -> str:
        # Streamlit's own template leaves colours and margins to its front end: not here.
        fig = go.Figure(fig).update_layout(template="plotly_white")
        html = fig.to_html(full_html=False, include_plotlyjs=self.first, div_id=div_id,
                           config={"displaylogo": False, "responsive": True})
        self.first = False
        return f'<div class="chart">{html}</div>'


def report_html(figures: dict[str, pl.DataFrame], title: str, meta: str) -> str:
    """The whole report: by question, each metric's trend, its comparison across programs
    (rates and means), its definition and its table; `figures` are suppressed frames."""
    charts, parts, question = _Charts(), [], None
    for key, frame in figures.items():
        metric = FUNDER_METRICS[key]
        if metric.question != question:
            question = metric.question
            parts.append(f"<h2>{escape(question)}</h2>")
        body = [f"<h3>{escape(metric.title)}</h3>", charts.div(trend(frame, metric),
                                                               f"chart-{key}-trend")]
        if compares(metric):
            body.append(charts.div(against_all(frame, metric), f"chart-{key}-programs"))
        body += [f'<p class="definition">{escape(METRICS[metric.id].describe())}</p>',
                 _table(display_table(frame, metric), TOTAL)]
        parts.append(f'<section class="metric" id="{key}">{"".join(body)}</section>')
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
            f"<h1>{escape(title)}</h1><p class=\"meta\">{escape(meta)}</p>"
            f'<p class="legend">{escape(LEGEND)} Every figure of this report was protected '
            "together with every other a funder can see, and audited: no count of 1 to 10 "
            "can be worked out by adding or subtracting shown figures, within a table or "
            "across tables. No data: nothing to count that quarter.</p>"
            + "".join(parts) + "</body></html>")

"""The funder report as a board pack, the HTML the PDF is printed from: a board reads page 1, so
page 1 is the summary (its table and a sentence per metric) and the legend; then the programs
compared, two charts a page, each with its metric's readings; then the full tables as an
appendix, in print's small type. The trends stay in the HTML report (charts/report.py), whole,
where a reader can hover on them; the 33 pages of printing that whole report are now about 10.
"""

from __future__ import annotations

from html import escape

import plotly.graph_objects as go
import polars as pl

from charts.funder import LEGEND, compares, display_table, reading
from charts.funder_compared import programs_chart
from charts.funnel import funnel_reading
from charts.report import STYLE, Charts, legend_html, paragraph, summary_html, table_html, words
from metrics.catalogue import METRICS
from metrics.comparisons import Funnel, Line
from metrics.funder import FUNDER_METRICS, TOTAL

COMPARED = "Programs compared"
APPENDIX = "Appendix: the tables"
ONCE = ("Each cell: the figure, then the counts behind it (numerator of denominator, or the "
        f"discharges counted). {LEGEND}")
# px at print's 96 an inch: three charts with their headings and readings fill a Letter page
# inside half-inch margins (720 x 960 px), never overflowing it.
CHART_WIDTH, CHART_HEIGHT = 700, 280
PACK_STYLE = """
@page { size: letter; margin: 0.5in; }
@media print {
  body { font-size: 0.8rem; } h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; }
  h3 { font-size: 0.95rem; margin: 0.4rem 0 0.2rem; } p { margin: 0.25rem 0; }
  section.summary p.reading { font-size: 0.78rem; margin: 0.15rem 0; }
  .legend { font-size: 0.72rem; }
  section.appendix table { font-size: 0.62rem; margin-bottom: 0.6rem; }
  section.appendix th, section.appendix td { padding: 0 0.25rem; }
  section.compared, section.appendix { break-before: page; }
  h2.question { break-before: auto; }  /* the words, after the last table */
  .pair { break-inside: avoid; }
}
"""


def _sized(fig: go.Figure) -> go.Figure:
    """A chart at a fixed size (printing is no window a responsive chart could fit), its
    legend at the foot of the chart: hung under a plot this short it overlapped the axis title."""
    return go.Figure(fig).update_layout(width=CHART_WIDTH, height=CHART_HEIGHT, legend_y=0,
                                        legend_yref="container", legend_yanchor="bottom",
                                        margin_t=50, margin_b=80)  # room for the plot


def _compared(charts: Charts, figures: dict[str, pl.DataFrame],
              funnels: dict[str, Funnel | None], years: dict[str, pl.DataFrame]) -> str:
    """Each metric whose programs are compared: its title, readings and comparison chart."""
    blocks = []
    for key, frame in figures.items():
        metric = FUNDER_METRICS[key]
        fig = programs_chart(key, frame, funnels)
        if fig is None:
            continue
        said = [reading(frame, metric, years.get(key))]
        if key in funnels:
            said.append(funnel_reading(funnels[key], metric))
        blocks.append(f'<div class="keep pair"><h3>{escape(metric.title)}</h3>'
                      + "".join(map(paragraph, said))
                      + charts.div(_sized(fig), f"chart-{key}-programs") + "</div>")
    return (f'<section class="compared"><h2>{COMPARED}</h2>' + "".join(blocks) + "</section>"
            if blocks else "")


def wide(table: pl.DataFrame) -> pl.DataFrame:
    """A metric's table (display_table) as the appendix prints it: a row per program, a
    column per quarter (and whole year), each cell its figure with the counts behind it; the
    95% interval and the Note are left to the HTML and the CSV, and the legend says why a
    cell is hidden (the Note says the same for every hidden cell)."""
    counts = [c for c in ("Numerator", "Denominator", "Discharges") if c in table.columns]
    shown = pl.all_horizontal(~pl.col(c).is_in(["*", "—"]) for c in counts) if counts else False
    behind = pl.concat_str([pl.col(c) for c in counts], separator=" of ")
    cell = (pl.when(shown).then(pl.format("{} ({})", pl.col(table.columns[2]), behind))
            .otherwise(pl.col(table.columns[2])) if counts else pl.col(table.columns[2]))
    return (table.with_columns(cell.alias("cell"))
            .pivot(on="Quarter", index="Program", values="cell", sort_columns=False)
            .fill_null("—"))


def _appendix(figures: dict[str, pl.DataFrame], years: dict[str, pl.DataFrame],
              compared: set[str]) -> str:
    """Every metric's figures by program and quarter, with the definition that counts them,
    and its reading where the programs compared have not given it."""
    parts = [f'<section class="appendix"><h2>{APPENDIX}</h2>', paragraph(ONCE, "definition")]
    for key, frame in figures.items():
        metric = FUNDER_METRICS[key]
        said = "" if key in compared else paragraph(reading(frame, metric, years.get(key)))
        parts += [f'<div class="keep"><h3>{escape(metric.title)}</h3>{said}',
                  paragraph(METRICS[metric.id].describe(), "definition"),
                  table_html(wide(display_table(frame, metric, years.get(key))), TOTAL)
                  + "</div>"]
    return "".join(parts) + "</section>"


def board_pack_html(figures: dict[str, pl.DataFrame], title: str, meta: str,
                    lines: list[Line], funnels: dict[str, Funnel | None],
                    years: dict[str, pl.DataFrame] | None = None) -> str:
    """The board pack of the span (the arguments are report_html's): page 1 the summary and
    the legend, then the programs compared, then the tables."""
    charts, whole = Charts(), years or {}
    body = (f"<h1>{escape(title)}</h1><p class=\"meta\">{escape(meta)}</p>"
            + summary_html(lines) + legend_html()
            + _compared(charts, figures, funnels, whole)
            + _appendix(figures, whole, {k for k in figures if compares(FUNDER_METRICS[k])}))
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>{STYLE}{PACK_STYLE}</style></head><body>"
            + body + words(body) + "</body></html>")


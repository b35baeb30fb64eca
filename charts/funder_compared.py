"""The funder report's programs compared: each metric's comparison chart (a funnel for a rate,
each program against all programs for E6's days), the same on the page and in the report, and
the compact table the page opens with, one row per funnel, that costs no chart to read."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from charts.common import quarter_label
from charts.funder import against_all, compares
from charts.funnel import funnel_chart
from charts.funnel import title as funnel_title
from metrics.comparisons import Funnel
from metrics.funder import FUNDER_METRICS

NOTHING_PLACED = "no quarter with a program that may be shown"
COLUMNS = ["Metric", "Quarter", "Placed against", "Programs placed", "Within the limits",
           "Above the limits", "Below the limits"]


EACH = "Each program against all programs"  # the title where the section names the metric


def programs_chart(key: str, frame: pl.DataFrame,
                   funnels: dict[str, Funnel | None]) -> go.Figure | None:
    """Metric `key`'s programs compared: its funnel (None in `funnels`: nothing to place),
    else each program against all programs; None where the metric compares no programs."""
    metric = FUNDER_METRICS[key]
    if key in funnels:
        funnel = funnels[key]
        return funnel_chart(funnel, metric, funnel_title(funnel) if funnel else EACH)
    return against_all(frame, metric, EACH) if compares(metric) else None


def _named(funnel: Funnel, side: str) -> str:
    rows = funnel.points.filter(pl.col("band").str.starts_with(side))
    return "; ".join(f"{p} (outside the {b.split()[1]} limits)"
                     for p, b in rows.select("program_name", "band").iter_rows()) or "none"


def compared_table(funnels: dict[str, Funnel | None]) -> pl.DataFrame:
    """One row per metric compared on a funnel: its quarter, centre, how many programs were
    placed and within the limits, and the programs above and below them by name."""
    rows = []
    for key, funnel in funnels.items():
        title = FUNDER_METRICS[key].title
        if funnel is None:
            rows.append(dict(zip(COLUMNS, [title, "—", NOTHING_PLACED, "0", "—", "—", "—"],
                                 strict=True)))
            continue
        within = funnel.points.filter(band="within").height
        rows.append(dict(zip(COLUMNS, [
            title, quarter_label(funnel.quarter), f"{funnel.around} ({funnel.centre:.1%})",
            f"{funnel.points.height:,}",
            f"{within:,}" if funnel.compared else "no limits: one program",
            _named(funnel, "above"), _named(funnel, "below")], strict=True)))
    return pl.DataFrame(rows, schema=COLUMNS)

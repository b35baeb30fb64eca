"""The funder report's summary, first thing a board reads: a compact table (per metric, now
against the quarter before, the same quarter a year before and the target) and one sentence
per metric, from the summary lines of release/summary.py."""

from __future__ import annotations

import polars as pl

from charts.common import quarter_label
from charts.funder import NOT_CLOSED, TOO_EARLY
from charts.headlines import FORMATS, SUPPRESSED_TEXT
from metrics.comparisons import Line, Point
from metrics.funder import FUNDER_METRICS

NONE_YET = "no figure that may be shown"
UNITS = {"proportion": "points", "distribution": "days", "count": ""}


def cell(point: Point | None, kind: str) -> str:
    """A summary cell: the figure, '*' when hidden, or why there is none."""
    if point is None:
        return "—"
    if point.suppressed:
        return SUPPRESSED_TEXT
    if point.value is None:
        return (TOO_EARLY if point.before_data else NOT_CLOSED if point.window_open
                else "nothing to count")
    return FORMATS[kind].format(point.value)  # type: ignore[index]


def _change(now: float, then: Point | None, kind: str) -> str | None:
    """'up 2.1 points on 2026 Q2 (79.5%)', or None when there is nothing to compare with."""
    if then is None or then.value is None or then.suppressed:
        return None
    step = (now - then.value) * (100 if kind == "proportion" else 1)
    figure = FORMATS[kind].format(then.value)  # type: ignore[index]
    label = quarter_label(then.quarter)
    if round(step, 1) == 0:
        return f"level with {label} ({figure})"
    unit = f" {UNITS[kind]}" if UNITS[kind] else ""
    size = f"{abs(step):,.0f}" if kind == "count" else f"{abs(step):,.1f}"
    return f"{'up' if step > 0 else 'down'} {size}{unit} on {label} ({figure})"


def _target(line: Line, now: float) -> str:
    if line.target is None:
        return ""
    met = now <= line.target if line.lower_is_better else now >= line.target
    goal = f"the target of {'at most ' if line.lower_is_better else ''}{line.target:.0%}"
    return f"; {'meets' if met else 'short of'} {goal}"


def sentence(line: Line) -> str:
    """One sentence on a metric: now, against the quarter before and a year before, and the
    target; what is missing is said (hidden, or its window not yet closed)."""
    metric = FUNDER_METRICS[line.key]
    if line.now is not None and line.now.suppressed:
        return f"{metric.title}: hidden in {quarter_label(line.now.quarter)}."
    if line.now is None or line.now.value is None:
        return f"{metric.title}: {NONE_YET} for the quarters chosen."
    kind, now = metric.kind, line.now.value
    text = f"{metric.title}: {cell(line.now, kind)} in {quarter_label(line.now.quarter)}"
    changes = [c for c in (_change(now, line.before, kind),
                           _change(now, line.year_ago, kind)) if c]
    if changes:
        text += ", " + " and ".join(changes)
    elif line.before is not None or line.year_ago is not None:
        text += ", with no earlier figure that may be shown to compare"
    if line.now.window_open:
        text += f" (its {NOT_CLOSED} for everyone counted: it may still change)"
    return text + _target(line, now) + "."


def summary_table(lines: list[Line]) -> pl.DataFrame:
    """The compact table: one row per metric, every cell text."""
    rows = []
    for line in lines:
        kind = FUNDER_METRICS[line.key].kind
        rows.append({
            "Metric": FUNDER_METRICS[line.key].title,
            "Quarter": quarter_label(line.now.quarter) if line.now else "—",
            "Now": cell(line.now, kind) if line.now else NONE_YET,
            "Quarter before": cell(line.before, kind),
            "Year before": cell(line.year_ago, kind),
            "Target": "—" if line.target is None else
            f"{'≤ ' if line.lower_is_better else ''}{line.target:.0%}",
        })
    return pl.DataFrame(rows)

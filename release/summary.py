"""The funder report's summary: per metric, the all-program figure of the span's latest quarter
that has one, against the quarter before, the same quarter a year before and the target. Every
figure is a cell of the protected release (its all-program rows), read as published: nothing
here is computed from a hidden row, so nothing new escapes the release audit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from metrics.comparisons import Funnel, Line, Point
from metrics.funder import FUNDER_METRICS
from release.funnel import funnel, funnels
from settings import Settings

LOWER_IS_BETTER = frozenset({"R3", "W3", "W7", "R9"})


def targets(settings: Settings) -> dict[str, float]:
    """Each metric's target from the settings the supervisor pages also use (R1's defaults to
    SAMHSA's federal 80%); 0 means none set."""
    chosen = {"R1": settings.followup_rate_target, "A1_7": settings.followup_7_target,
              "A1_30": settings.followup_30_target, "E4": settings.early_engagement_target,
              "E7": settings.completion_target, "R2": settings.abstinence_target,
              "R3": settings.recurrence_target, "R6": settings.recovery_capital_target}
    return {key: value for key, value in chosen.items() if value > 0}


def _point(row: dict, kind: str) -> Point:
    value = row["numerator"] if kind == "count" else row["value"]
    if row["no_data"] or value != value:  # nothing to count (NaN included) is no figure
        value = None
    return Point(row["quarter"], None if value is None else float(value), row["numerator"],
                 row["denominator"], row["suppressed"], row["no_data"],
                 bool(row.get("window_open")), bool(row.get("before_data")))


def _shift(day: date, quarters: int) -> date:
    months = day.year * 12 + day.month - 1 - 3 * quarters
    return date(months // 12, months % 12 + 1, 1)


def released_quarter(tables: dict[str, pl.DataFrame], period: tuple[date, date]) -> date | None:
    """The span's latest quarter whose every metric's window has closed: the one quarter the
    summary's "Now" reads for every metric (None: no such quarter in the span)."""
    open_any = {q for t in tables.values()
                for q in t.filter(pl.col("is_total") & pl.col("window_open"))["quarter"]}
    every = set().union(*(t["quarter"].to_list() for t in tables.values())) if tables else set()
    closed = [q for q in every if period[0] <= q <= period[1] and q not in open_any]
    return max(closed) if closed else None


def summary(tables: dict[str, pl.DataFrame], period: tuple[date, date],
            goals: dict[str, float]) -> list[Line]:
    """Per metric (FUNDER_METRICS order), its summary line from the release's tables (every
    quarter of the release, so the comparisons may reach before the span): every metric's
    "Now" is the same quarter (released_quarter), shown as hidden where its figure is, never
    replaced by an older quarter that happens to be shown."""
    at = released_quarter(tables, period)
    lines = []
    for key, table in tables.items():
        kind = FUNDER_METRICS[key].kind
        totals = {r["quarter"]: _point(r, kind)
                  for r in table.filter("is_total").iter_rows(named=True)}
        now = totals.get(at) if at else None
        lines.append(Line(
            key, now, totals.get(_shift(now.quarter, 1)) if now else None,
            totals.get(_shift(now.quarter, 4)) if now else None, goals.get(key),
            key in LOWER_IS_BETTER))
    return lines


@dataclass(frozen=True)
class Report:
    """What the Funder report shows for one span: the release's tables cut to it, the
    summary lines and a funnel (None: nothing to place) per metric compared on one."""

    figures: dict[str, pl.DataFrame]
    lines: list[Line]
    funnels: dict[str, Funnel | None]
    years: dict[str, pl.DataFrame]  # programs' whole years whose four quarters are in the span


def quarters(tables: dict[str, pl.DataFrame]) -> list[date]:
    """Every quarter of the release, oldest first: the spans a funder may choose from."""
    return sorted(set().union(*(t["quarter"].to_list() for t in tables.values())))


def report(tables: dict[str, pl.DataFrame], period: tuple[date, date],
           goals: dict[str, float], on_target: bool = False,
           years: dict[str, pl.DataFrame] | None = None) -> Report:
    """The report of the span `period` from the whole release's tables (and whole years);
    its funnels centred on the all-program rate, or on each metric's target where it has one
    (`on_target`)."""
    figures = {k: t.filter(pl.col("quarter").is_between(*period)) for k, t in tables.items()}
    inside = pl.date(pl.col("year"), 1, 1).is_between(*period) & pl.date(
        pl.col("year"), 12, 31).is_between(*period)
    return Report(figures, summary(tables, period, goals),
                  {k: funnel(f, k, target=goals.get(k), on_target=on_target)
                   for k, f in figures.items() if funnels(k)},
                  {k: t.filter(inside) for k, t in (years or {}).items()})

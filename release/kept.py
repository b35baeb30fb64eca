"""A funder quarter, once released, stays as it was (docs/DISCLOSURE.md, "Everyone, always").

A metric's quarter is released when every metric it shares a population with has its
window closed for that quarter (E4 waits for R3's 180 days: they count the same
enrollments). Its protected figures are then kept in the dashboard's own records
(released_figures) and served from there ever after: a late import or an undo changes no
figure a funder has seen, so no two data versions can be subtracted. A quarter not yet
released shows no figure at all, only that its window has not closed. Released quarters are
protected and audited on their own (quarters share no person), so each new quarter is audited
once, when it is released, and the first writer's figures are the ones every process serves.
"""

from __future__ import annotations

from datetime import date, datetime

import polars as pl

from metrics.funder import FAMILIES, FUNDER_METRICS
from metrics.intervals import with_wilson
from store.database import Database
from store.own import own_transaction
from store.versions import data_version

KEPT = ["program_id", "program_name", "numerator", "denominator", "value", "median",
        "suppressed", "no_data"]  # a released row's figures, as served


def groups() -> list[frozenset[str]]:
    """The funder metrics that count the same people (families that share a metric join):
    released together, quarter by quarter."""
    out: list[set[str]] = []
    for chains in FAMILIES.values():
        metrics = {m for chain in chains for m, _ in chain}
        for joined in [g for g in out if g & metrics]:
            metrics |= joined
            out.remove(joined)
        out.append(metrics)
    return [frozenset(g) for g in out]


def ready(tables: dict[str, pl.DataFrame]) -> dict[str, set[date]]:
    """Per metric, the quarters that may be released: no metric of its group has its
    window open then."""
    out: dict[str, set[date]] = {}
    for group in groups():
        quarters = set().union(*(set(tables[m]["quarter"]) for m in group))
        open_then = set().union(*(set(tables[m].filter("is_total", "window_open")["quarter"])
                                  for m in group))
        out |= dict.fromkeys(group, quarters - open_then)
    return out


def kept(db: Database) -> dict[str, pl.DataFrame]:
    """The released figures per metric (no row for a quarter not yet released)."""
    rows = db.frame("released_figures")
    return {m: rows.filter(pl.col("metric") == m).drop("metric") for m in FUNDER_METRICS}


def keep(db: Database, tables: dict[str, pl.DataFrame], released: dict[str, set[date]],
         counts: dict[str, pl.DataFrame]) -> None:
    """Keep these quarters' protected rows, with the exact counts they were made from (never
    served), unless another process has kept them first (its figures then stand: one release
    for everyone)."""
    rows = pl.concat([t.filter(pl.col("quarter").is_in(sorted(released[m])))
                      .select(pl.lit(m).alias("metric"), "quarter",
                              *(c for c in KEPT if c in t.columns))
                      .join(counts[m].select("quarter", "program_id",
                                             counted_numerator="numerator",
                                             counted_denominator="denominator"),
                            on=["quarter", "program_id"], how="left", nulls_equal=True)
                      for m, t in tables.items()], how="diagonal_relaxed")
    _insert(db, "released_figures", rows, "quarter")


def _insert(db: Database, table: str, rows: pl.DataFrame, period: str) -> None:
    """Insert released rows of metric-periods no other process has kept first."""
    if rows.is_empty():
        return
    with db.con.cursor() as cur:
        version = str(data_version(cur))
    rows = rows.with_columns(released_at=pl.lit(datetime.now()), data_version=pl.lit(version))
    with own_transaction(db) as cur:
        cur.register("new_rows", rows.to_arrow())
        try:
            cur.execute(f"insert into {table} by name select * from new_rows n "
                        f"where not exists (select 1 from {table} r "
                        f"where r.metric = n.metric and r.{period} = n.{period})")
        finally:
            cur.unregister("new_rows")


def kept_counts(db: Database) -> dict[str, pl.DataFrame]:
    """The exact counts behind each kept figure, per metric: the release's own, never served."""
    rows = db.frame("released_counts")
    return {m: rows.filter(pl.col("metric") == m).drop("metric") for m in FUNDER_METRICS}


def years_due(counts: dict[str, pl.DataFrame], years: dict[str, pl.DataFrame]
              ) -> dict[int, set[str]]:
    """Per calendar year, the families (metrics/funder.py) counted per program whose metrics
    all have the year's four quarters kept with their counts, and no whole year kept yet."""
    complete: dict[str, set[int]] = {}
    for m, metric in FUNDER_METRICS.items():
        rows = counts[m].group_by("quarter").agg(pl.col("numerator").is_not_null().all())
        quarters = rows.filter("numerator")["quarter"].to_list()
        complete[m] = ({q.year for q in quarters
                        if sum(p.year == q.year for p in quarters) == 4}
                       if metric.by_program else set())
    done = {(m, y) for m, t in years.items() for y in t["year"]}
    out: dict[int, set[str]] = {}
    for family, chains in FAMILIES.items():
        metrics = {m for chain in chains for m, _ in chain}
        for year in set.intersection(*(complete[m] for m in metrics)):
            if not any((m, year) in done for m in metrics):
                out.setdefault(year, set()).add(family)
    return dict(sorted(out.items()))


def kept_years(db: Database) -> dict[str, pl.DataFrame]:
    """The released whole years per metric (no row for a year not yet released)."""
    rows = db.frame("released_years")
    return {m: rows.filter(pl.col("metric") == m).drop("metric") for m in FUNDER_METRICS}


def keep_years(db: Database, tables: dict[str, pl.DataFrame]) -> None:
    """Keep these whole years' protected rows (the first process's stand)."""
    rows = pl.concat([t.select(pl.lit(m).alias("metric"), "year", "program_id",
                               "program_name", "numerator", "denominator", "value",
                               "suppressed") for m, t in tables.items()],
                     how="diagonal_relaxed")
    _insert(db, "released_years", rows, "year")


def served(truth: dict[str, pl.DataFrame], kept_rows: dict[str, pl.DataFrame]
           ) -> dict[str, pl.DataFrame]:
    """Every metric's table as a funder gets it: the released quarters as kept, every other
    quarter of the data without a figure: "window not yet closed" after the first released
    quarter, "records start too late" before it."""
    out = {}
    for metric, table in truth.items():
        released = kept_rows[metric]
        is_kept = pl.col("quarter").is_in(released["quarter"].unique().to_list())
        waiting = (table.filter(~is_kept)
                   .select("quarter", "program_id", "program_name")
                   .with_columns(pl.lit(None, pl.Int64).alias("numerator"),
                                 pl.lit(None, pl.Int64).alias("denominator"),
                                 pl.lit(None, pl.Float64).alias("value"),
                                 pl.lit(None, pl.Float64).alias("median"),
                                 suppressed=pl.lit(False), no_data=pl.lit(True)))
        rows = pl.concat([released.select(waiting.columns), waiting], how="vertical_relaxed")
        # a quarter not released before the first that was is not waiting for its window: the
        # records start too late for anyone in it to be counted, and it never will be
        first = released["quarter"].min()
        early = (pl.col("quarter") < first) if first is not None else pl.lit(False)
        rows = rows.with_columns(is_total=pl.col("program_id").is_null(),
                                 window_open=~is_kept & ~early, before_data=~is_kept & early)
        if FUNDER_METRICS[metric].kind == "proportion":
            rows = with_wilson(rows)
        out[metric] = rows.sort("quarter", "is_total", "program_name")
    return out

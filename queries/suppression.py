"""Small-cell suppression for funder views (CMS cell-size policy; docs/METRICS.md).

No count from 1 to 10 is shown, nor a figure from which one can be worked out:
- a figure whose numerator or denominator is 1-10 is hidden;
- so is a count shown out of a total (a proportion, or "6 of 65 workers") whose complement
  (total - count) is 1-10, since it can be worked out by subtraction;
- a ratio (contacts per participant) is shown as its value only: its two counts, beside the
  counts of other figures, could be subtracted to reach a small cell.
Frames handed to a funder page have passed through here; a hidden cell is null and flagged.
"""

from __future__ import annotations

import polars as pl

from queries.catalogue import Kind

SMALLEST_SHOWN = 11  # counts 1..10 are never shown; 0 may be


def small(column: str | pl.Expr) -> pl.Expr:
    expr = pl.col(column) if isinstance(column, str) else column
    return expr.is_between(1, SMALLEST_SHOWN - 1).fill_null(False)


def hidden(kind: Kind) -> pl.Expr:
    """True where a series row (numerator, denominator) may not be shown to a funder."""
    cells = small("numerator") | small("denominator")
    if kind != "ratio":  # a count out of a total: the rest of the total is a cell too
        cells = cells | small(pl.col("denominator") - pl.col("numerator"))
    return cells


def suppress(series: pl.DataFrame, kind: Kind) -> pl.DataFrame:
    """The series with every cell a funder may not see set to null and `suppressed` true."""
    series = series.with_columns(suppressed=hidden(kind))
    series = series.with_columns(
        pl.when(pl.col("suppressed")).then(None).otherwise(pl.col(c)).alias(c)
        for c in ("numerator", "denominator", "value")
    )
    if kind == "ratio":
        series = series.with_columns(pl.lit(None, dtype=pl.Int64).alias("numerator"),
                                     pl.lit(None, dtype=pl.Int64).alias("denominator"))
    return series

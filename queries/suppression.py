"""Small-cell suppression for funder views (CMS cell-size policy; docs/METRICS.md).

No count from 1 to 10 is shown, nor a figure from which one can be worked out:
- a figure whose numerator or denominator is 1-10 is hidden;
- so is a count shown out of a total (a proportion, or "6 of 65 workers") whose complement
  (total - count) is 1-10, since it can be worked out by subtraction;
- a ratio (contacts per participant) is shown as its value only: its two counts, beside the
  counts of other figures, could be subtracted to reach a small cell.
- complementary suppression: where a table shows a total and a count of 1-10 is the only
  non-zero one among the hidden cells, a second cell is hidden too (the smallest with that
  count non-zero), or the total when there is none, so subtraction cannot single it out.
Frames handed to a funder page have passed through here; a hidden cell is null and flagged.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from metrics.catalogue import Kind
from metrics.instruments import SMALLEST_SHOWN


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
    return blank(series.with_columns(suppressed=hidden(kind)), kind)


def blank(series: pl.DataFrame, kind: Kind) -> pl.DataFrame:
    """Null the counts and value of every row flagged `suppressed` (a ratio's counts always)."""
    series = series.with_columns(
        pl.when(pl.col("suppressed")).then(None).otherwise(pl.col(c)).alias(c)
        for c in ("numerator", "denominator", "value", "median") if c in series.columns
    )
    if kind == "ratio":
        series = series.with_columns(pl.lit(None, dtype=pl.Int64).alias("numerator"),
                                     pl.lit(None, dtype=pl.Int64).alias("denominator"))
    return series


def _lone(parts: np.ndarray, hide: np.ndarray) -> int | None:
    """The first count that one hidden cell alone has, 1-10 (subtraction gives it); or None."""
    for part, counts in enumerate(parts):
        having = counts[hide & (counts > 0)]
        if having.size == 1 and having[0] < SMALLEST_SHOWN:
            return part
    return None


def _complement(parts: np.ndarray, hide: np.ndarray) -> bool:
    """Hide cells (`hide`, in place) until no count of a hidden cell is alone in the total's
    sum; True when only hiding the total itself will do."""
    while (part := _lone(parts, hide)) is not None:
        spare = np.flatnonzero(~hide & (parts[part] > 0))
        if spare.size == 0:
            return True
        # the smallest with that count, then by each count in turn; the first row on a tie
        order = np.lexsort((spare, *parts[::-1, spare], parts[part, spare]))
        hide[spare[order[0]]] = True
    return False


def _parts(table: pl.DataFrame) -> np.ndarray:
    """The counts each row discloses, one row of the array per count: its numerator, its
    denominator and the rest (a group whose total has no denominator counts the first only)."""
    numerator = table["numerator"].fill_null(0).to_numpy()
    denominator = table["denominator"].fill_null(0).to_numpy()
    return np.stack([numerator, denominator, denominator - numerator])


def suppress_table(table: pl.DataFrame, kind: Kind, rows: list[str]) -> pl.DataFrame:
    """A table of cells (numerator, denominator, value) with a total cell (`is_total`) per
    group of `rows`, cell- and complementary-suppressed, then blanked."""
    flagged = table.with_columns(suppressed=hidden(kind))
    hide = flagged["suppressed"].to_numpy(writable=True)
    is_total = flagged["is_total"].to_numpy()
    out_of_total = flagged["denominator"].is_not_null().to_numpy()
    parts = _parts(flagged)
    groups = flagged.with_row_index("row").group_by(rows).agg("row")["row"]
    for members in map(np.sort, groups.to_numpy()):
        totals = members[is_total[members]]
        if totals.size != 1 or hide[totals[0]]:
            continue
        cells = members[~is_total[members]]
        hidden_cells = hide[cells]
        if _complement(parts[:3 if out_of_total[totals[0]] else 1, cells], hidden_cells):
            hide[totals[0]] = True
        hide[cells] = hidden_cells
    return blank(flagged.with_columns(suppressed=pl.Series(hide, dtype=pl.Boolean)), kind)

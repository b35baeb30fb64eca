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


def _parts(row: dict) -> dict[str, int]:
    """The counts a row discloses: its numerator, and with a denominator, that and the rest."""
    if row["denominator"] is None:
        return {"numerator": row["numerator"] or 0}
    return {"numerator": row["numerator"] or 0, "denominator": row["denominator"],
            "rest": row["denominator"] - (row["numerator"] or 0)}


def _lone(cells: list[dict], part: str) -> bool:
    """True when one hidden cell alone has this count and it is 1-10: subtraction gives it."""
    having = [_parts(c)[part] for c in cells if c["suppressed"] and _parts(c)[part] > 0]
    return len(having) == 1 and having[0] < SMALLEST_SHOWN


def _complement(cells: list[dict], total: dict) -> None:
    """Hide cells (or the total) until no count of a hidden cell is alone in the total's sum."""
    while not total["suppressed"]:
        part = next((p for p in _parts(total) if _lone(cells, p)), None)
        if part is None:
            return
        spare = [c for c in cells if not c["suppressed"] and _parts(c)[part] > 0]
        if not spare:
            total["suppressed"] = True
            return
        min(spare, key=lambda c: (_parts(c)[part], *_parts(c).values()))["suppressed"] = True


def suppress_table(table: pl.DataFrame, kind: Kind, rows: list[str]) -> pl.DataFrame:
    """A table of cells (numerator, denominator, value) with a total cell (`is_total`) per
    group of `rows`, cell- and complementary-suppressed, then blanked."""
    flagged = table.with_columns(suppressed=hidden(kind)).to_dicts()
    groups: dict[tuple, list[dict]] = {}
    for row in flagged:
        groups.setdefault(tuple(row[r] for r in rows), []).append(row)
    for group in groups.values():
        totals = [r for r in group if r["is_total"]]
        if len(totals) == 1:
            _complement([r for r in group if not r["is_total"]], totals[0])
    out = pl.DataFrame(flagged, schema={**table.schema, "suppressed": pl.Boolean})
    return blank(out, kind)

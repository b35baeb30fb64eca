"""Queries that count per program and period, added up over programs where a page wants the
total: one query serves both the pages and the funder report's per-program cells."""

from __future__ import annotations

import polars as pl


def over_programs(frame: pl.DataFrame, by: str) -> pl.DataFrame:
    """Per-program rows added up per `by` (a month or quarter): counts summed; every other
    column (dates, flags) depends on `by` alone and is kept."""
    rest = [c for c in frame.columns if c not in (by, "program_id")]
    counts = [c for c in rest if frame.schema[c].is_numeric()]
    kept = [c for c in rest if c not in counts]
    return (frame.group_by(by)
            .agg(*[pl.col(c).sum() for c in counts], *[pl.col(c).first() for c in kept])
            .select(by, *rest)
            .sort(by))

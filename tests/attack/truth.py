"""The truth the attack is checked against, never a constraint of it: each cell's count before
suppression (queries.funder.tables, the unprotected tables), per data version and scope."""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from charts.common import quarter_label
from queries.funder import first_complete_quarter, tables
from queries.scope import ALL, quarter_start
from store.database import Database

PART = {"num": "numerator", "den": "denominator"}


class Truth:
    """truth(version, quarter label, program names (None: all), (key, part)) -> the count."""

    def __init__(self, paths: dict[int, Path]) -> None:
        self.paths = paths

    @cache  # noqa: B019 - one Truth per test or bench run
    def _tables(self, version: int, chosen: tuple[str, ...] | None) -> dict[str, pl.DataFrame]:
        path = self.paths[version]
        con = duckdb.connect(str(path), read_only=True)
        try:
            db = Database(con, path)
            first, last = db.frame("data_span").row(0)
            names = dict(db.frame("programs").select("program_name", "program_id").iter_rows())
            end = quarter_start(last + timedelta(days=1)) - timedelta(days=1)
            ids = ALL if chosen is None else tuple(sorted(names[n] for n in chosen))
            out = tables(db, (first_complete_quarter(first), end), last, ids)
        finally:
            con.close()
        return {k: t.with_columns(label=pl.col("quarter").map_elements(
            quarter_label, return_dtype=pl.String)) for k, t in out.items()}

    def program_rows(self, version: int = 0) -> list[tuple[str, str, str, bool]]:
        """(key, quarter, program, something to count) of every program row before
        protection: what a funder of all programs would see without it."""
        return [(key, r["label"], r["program_name"], bool(r["denominator"] or r["numerator"]))
                for key, t in self._tables(version, None).items()
                for r in t.filter(~pl.col("is_total")).iter_rows(named=True)]

    def __call__(self, version: int, quarter: str, programs: tuple[str, ...] | None,
                 part: tuple[str, str]) -> int | None:
        key, which = part
        whole = self._tables(version, None)[key]
        rows = whole.filter(pl.col("label") == quarter)
        if rows.filter(~pl.col("is_total")).is_empty() and programs is not None:
            rows = self._tables(version, tuple(sorted(programs)))[key].filter(
                pl.col("label") == quarter)  # all workers of these programs together
            programs = None
        rows = (rows.filter("is_total") if programs is None
                else rows.filter(pl.col("program_name").is_in(list(programs))))
        values = rows[PART[which]].drop_nulls()
        return int(values.sum()) if rows.height and values.len() == rows.height else None

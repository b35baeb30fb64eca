"""The read side's database: a published version of the records, a cursor per query, the
named queries of queries/*.sql (those that read the dashboard's own records run on a
short-lived connection to them, which sees this version too), with the summary tables they
read brought up to date first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from store.connection import Store
from store.own import own_connection, reads_own
from store.sql import SqlFiles, bound
from store.summaries import ensure_summaries, summaries_read
from store.versions import data_version

QUERY_SQL = SqlFiles(Path(__file__).parent)
sql_text = QUERY_SQL.text


class Database(Store):
    """Runs named queries, each on a cursor of its own (a shared connection refuses two at
    once), and returns polars frames."""

    def frame(self, name: str, **params: Any) -> pl.DataFrame:
        """The named query's result. A scope offers more parameters than most statements use
        (DuckDB refuses unused ones), so only those the statement names are bound."""
        sql = sql_text(name)
        used = bound(sql, params)
        if summaries_read(sql):
            self.ensure_summaries()
        if reads_own(sql):
            with own_connection(self) as con:
                return con.sql(sql, params=used or None).pl()
        with self.con.cursor() as cur:
            return cur.sql(sql, params=used or None).pl()

    def ensure_summaries(self) -> None:
        ensure_summaries(self.con, self.path)

    def data_version(self) -> int:
        """Changes whenever the data does: cached results are keyed on it."""
        with self.con.cursor() as cur:
            return data_version(cur)

"""The read side's database: a published version of the records, a cursor per query, the
named queries of queries/*.sql (those that read the dashboard's own records run on a
short-lived connection to them, which sees this version too), with the summary tables they
read brought up to date first."""

from __future__ import annotations

import re
import threading
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from store.connection import Store
from store.own import own_connection, own_stamp, reads_own
from store.sql import SqlFiles, bound, code_of, ctes_of, with_first
from store.summaries import ensure_summaries, summaries_read
from store.versions import data_version

QUERY_SQL = SqlFiles(Path(__file__).parent)
OWN_READS_KEPT = 256  # results of queries of the own records kept in the process
_own_read: dict[tuple, pl.DataFrame] = {}
_own_lock = threading.Lock()
SCOPE_RELATIONS = re.compile(r"\bscope_(programs|workers)\b")


@cache
def sql_text(name: str) -> str:
    """The named statement, with the one scope filter's relations (queries/scope.sql) before
    its own when it reads them."""
    sql = QUERY_SQL.text(name)
    if name == "scope" or not SCOPE_RELATIONS.search(code_of(sql)):
        return sql
    return with_first(sql, ctes_of(QUERY_SQL.text("scope")))


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
            return self._own_frame(name, sql, used)
        with self.con.cursor() as cur:
            return cur.sql(sql, params=used or None).pl()

    def _own_frame(self, name: str, sql: str, params: dict[str, Any]) -> pl.DataFrame:
        """A query of the dashboard's own records: read once per change of them (by any
        process) and per published version, since opening their file costs more than most
        queries."""
        # records that change in place (a test's, a lake) are read afresh every time
        key = None if self.writable() else (name, repr(sorted(params.items())),
                                            str(self.file or self.path), own_stamp(self.path))
        with _own_lock:
            if key in _own_read:
                return _own_read[key]
        with own_connection(self) as con:
            frame = con.sql(sql, params=params or None).pl()
        if key is None:
            return frame
        with _own_lock:
            _own_read[key] = frame
            while len(_own_read) > OWN_READS_KEPT:
                _own_read.pop(next(iter(_own_read)))
        return frame

    def ensure_summaries(self) -> None:
        ensure_summaries(self.con, self.path)

    def data_version(self) -> int:
        """Changes whenever the data does: cached results are keyed on it."""
        with self.con.cursor() as cur:
            return data_version(cur)

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

QUERY_SQL = SqlFiles(Path(__file__).parents[1] / "queries")  # the named statements
OWN_READS_KEPT = 256  # results of queries of the own records kept in the process
_own_read: dict[tuple, pl.DataFrame] = {}
_own_lock = threading.Lock()
SCOPE_RELATION = re.compile(r"^(scope_[a-z_]+) as \(\n.*?^\)", re.S | re.M)


@cache
def scope_relations() -> dict[str, str]:
    """The one scope filter's relations (queries/scope.sql), each `name as (...)` by name, in
    its order."""
    return {m.group(1): m.group(0)
            for m in SCOPE_RELATION.finditer(ctes_of(QUERY_SQL.text("scope")))}


def _read_by(code: str, relations: dict[str, str]) -> set[str]:
    """The scope relations the code reads, and those they read in turn."""
    read: set[str] = set()
    texts = [code]
    while texts:
        text = texts.pop()
        for name, relation in relations.items():
            if name not in read and re.search(rf"\b{name}\b", text):
                read.add(name)
                texts.append(relation)
    return read


@cache
def sql_text(name: str) -> str:
    """The named statement, with the scope filter's relations (queries/scope.sql) that it
    reads before its own: only those, since each binds parameters (a query of the programs
    alone is called without dates)."""
    sql = QUERY_SQL.text(name)
    relations = scope_relations()
    read = _read_by(code_of(sql), relations) if name != "scope" else set()
    if not read:
        return sql
    return with_first(sql, ",\n\n".join(relations[r] for r in relations if r in read))


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

"""Tables derived from the records (store/sql/<name>.sql, no parameters), kept at the data's
current version: each import and undo rebuilds them in its own transaction, and a reader
rebuilds them before a query that reads them if the data (or their definition) changed some
other way."""

from __future__ import annotations

import hashlib
import re
import threading
from functools import cache
from pathlib import Path

import duckdb

from store.connection import DatabaseUnavailable
from store.sql import SqlFiles
from store.versions import data_version

SUMMARY_SQL = SqlFiles(Path(__file__).parent / "sql")
SUMMARIES = ("enrollment_summary", "event_summary", "contact_weeks", "followup_summary",
             "record_days")
_rebuilding = threading.Lock()  # one rebuild at a time in this process


@cache
def _definition(name: str) -> str:
    """A digest of the summary's SQL: a new release that changes it has it rebuilt."""
    return hashlib.sha256(SUMMARY_SQL.text(name).encode()).hexdigest()


def refresh_summaries(cur: duckdb.DuckDBPyConnection) -> None:
    """Rebuild every summary table from the records, noting the definition and data version it
    is of. Run it on the cursor of the transaction that changed the data, after its
    record_data_change."""
    cur.execute("delete from summary_builds")
    version = data_version(cur)
    for name in SUMMARIES:  # names from SUMMARIES only, never from input
        cur.execute(f"create or replace table {name} as {SUMMARY_SQL.text(name)}")
        cur.execute("insert into summary_builds values ($name, $definition, $version)",
                    {"name": name, "definition": _definition(name), "version": version})


def summaries_current(cur: duckdb.DuckDBPyConnection) -> bool:
    """Is every summary table built, by its present definition, of the data's current
    version?"""
    try:
        built = set(cur.execute("select name, definition, data_version from summary_builds"
                                ).fetchall())
    except duckdb.CatalogException:
        return False
    version = data_version(cur)
    return built == {(name, _definition(name), version) for name in SUMMARIES}


@cache
def summaries_read(sql: str) -> tuple[str, ...]:
    """The summary tables the statement reads."""
    return tuple(name for name in SUMMARIES if re.search(rf"\b{name}\b", sql))


def ensure_summaries(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Rebuild the summary tables if the data changed since they were built (an import
    rebuilds them itself; this covers a database written some other way)."""
    with _rebuilding, con.cursor() as cur:
        if summaries_current(cur):
            return
        try:
            cur.execute("begin transaction")
            refresh_summaries(cur)
            cur.execute("commit")
        except duckdb.Error as error:
            cur.execute("rollback")
            raise DatabaseUnavailable(
                f"The summary tables of {path} are out of date and could not be rebuilt "
                f"({str(error).splitlines()[0]}). Open the database read-write once, for "
                "example by starting the dashboard on it, to rebuild them.") from error

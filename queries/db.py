"""The read side's database: one connection per process, a cursor per query, SQL by name; and
the summary tables the queries read, rebuilt whenever the data changes."""

from __future__ import annotations

import hashlib
import re
import threading
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from ingest.schema import data_version

SQL_DIR = Path(__file__).parent
# Tables derived from the records (queries/<name>.sql, no parameters), kept at the data's
# current version: each import and undo rebuilds them in its own transaction, and a Database
# rebuilds them before a query that reads them if the data (or their definition) changed some
# other way.
SUMMARIES = ("enrollment_summary", "event_summary", "contact_weeks", "followup_summary")
SUMMARY_BUILDS_SQL = """CREATE TABLE IF NOT EXISTS summary_builds (
    name VARCHAR PRIMARY KEY,
    definition VARCHAR NOT NULL,
    data_version INTEGER NOT NULL
)"""


class DatabaseUnavailable(RuntimeError):
    """The database cannot be used; the message says what happened and what to do."""


@cache
def sql_text(name: str) -> str:
    """The statement in queries/<name>.sql; only names of files that exist are accepted."""
    if not re.fullmatch(r"[a-z0-9_]+", name) or not (SQL_DIR / f"{name}.sql").is_file():
        raise KeyError(f"no query named {name!r} in {SQL_DIR}")
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


@cache
def parameter_names(sql: str) -> frozenset[str]:
    """The $name parameters a statement binds; those only mentioned in comments are not."""
    code = re.sub(r"--[^\n]*", "", sql)
    return frozenset(re.findall(r"\$([a-z_][a-z0-9_]*)", code))


def bound(sql: str, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters the statement names: a scope offers more than most statements use, and
    engines refuse unused ones."""
    return {k: v for k, v in params.items() if k in parameter_names(sql)}


@cache
def _definition(name: str) -> str:
    """A digest of the summary's SQL: a new release that changes it has it rebuilt."""
    return hashlib.sha256(sql_text(name).encode()).hexdigest()


def refresh_summaries(cur: duckdb.DuckDBPyConnection) -> None:
    """Rebuild every summary table from the records, noting the definition and data version it
    is of. Run it on the cursor of the transaction that changed the data, after its
    record_data_change."""
    cur.execute(SUMMARY_BUILDS_SQL)
    cur.execute("delete from summary_builds")
    version = data_version(cur)
    for name in SUMMARIES:  # names from SUMMARIES only, never from input
        cur.execute(f"create or replace table {name} as {sql_text(name)}")
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


def _explain(path: Path, error: duckdb.Error) -> str:
    text = str(error)
    if "lock" in text.lower():
        holder = re.search(r"PID (\d+)", text)
        who = f" (process {holder.group(1)})" if holder else ""
        return (f"The database {path} is in use by another program{who}, so the dashboard "
                "cannot open it. Close that program or wait for its import to finish, then "
                "reload this page.")
    return (f"The database {path} could not be opened: {text.splitlines()[0]} "
            "Check that the file is a DuckDB database that you may read and write, or point "
            "PEERDASH_DB at another one.")


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file read-write, or raise DatabaseUnavailable with a sentence."""
    if path.is_dir():
        raise DatabaseUnavailable(f"The database path {path} is a folder, not a file. Point "
                                  "PEERDASH_DB at a .duckdb file.")
    try:
        return duckdb.connect(str(path))
    except duckdb.Error as error:
        raise DatabaseUnavailable(_explain(path, error)) from error


class Database:
    """Runs named queries, each on a cursor of its own (a shared connection refuses two at
    once), and returns polars frames."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path) -> None:
        self.con, self.path = con, path
        self._rebuilding = threading.Lock()

    def frame(self, name: str, **params: Any) -> pl.DataFrame:
        """The named query's result. A scope offers more parameters than most statements use
        (DuckDB refuses unused ones), so only those the statement names are bound."""
        sql = sql_text(name)
        used = bound(sql, params)
        if summaries_read(sql):
            self.ensure_summaries()
        with self.con.cursor() as cur:
            return cur.sql(sql, params=used or None).pl()

    def ensure_summaries(self) -> None:
        """Rebuild the summary tables if the data changed since they were built (an import
        rebuilds them itself; this covers a database written some other way)."""
        with self._rebuilding, self.con.cursor() as cur:
            if summaries_current(cur):
                return
            try:
                cur.execute("begin transaction")
                refresh_summaries(cur)
                cur.execute("commit")
            except duckdb.Error as error:
                cur.execute("rollback")
                raise DatabaseUnavailable(
                    f"The summary tables of {self.path} are out of date and could not be "
                    f"rebuilt ({str(error).splitlines()[0]}). Open the database read-write "
                    "once, for example by starting the dashboard on it, to rebuild them."
                ) from error

    def data_version(self) -> int:
        """Changes whenever the data does: cached results are keyed on it."""
        with self.con.cursor() as cur:
            return data_version(cur)

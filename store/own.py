"""The dashboard's own records: who may sign in, what was done (the audit trail), the
supervisors' acknowledgements and follow-up attempts, the analysts' annotations and targets.
They live in a DuckDB file of their own beside the database (`<name>.own.duckdb`), written by
every app process through short-lived connections, so that the records themselves can be
published as read-only versions (store/published.py) while one writer imports. A connection
here sees the records version it is given too (attached read-only), so one statement may join
both, and the audit rows the imports wrote into the records join the trail."""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import duckdb

from store.connection import Attach, DatabaseUnavailable, Store, Target, explain
from store.locks import Busy, exclusive
from store.schema import OWN_SQL

T = TypeVar("T")

OWN_TABLES = ("users", "audit_log", "flag_acknowledgements", "followup_attempts",
              "annotations", "targets", "released_figures", "released_years",
              "mail_subscriptions", "mail_messages", "session_notes",
              "source_mappings")
MOVED = ("users", "flag_acknowledgements", "followup_attempts", "annotations", "targets")
RETRY_FOR = 10.0  # seconds a page waits for another process's moment on the file
_ready: set[Path] = set()  # own stores whose tables this process has made sure of
_synced: set[tuple[Path, str]] = set()  # (own store, published version) whose audit rows it has
_lock = threading.Lock()
_attached = threading.RLock()  # one block at a time attaches own records to a held connection


def own_path(base: Path) -> Path:
    """The dashboard's own records of the database `base`."""
    return base.with_name(f"{base.stem}.own.duckdb")


def own_stamp(base: Path) -> tuple:
    """Changes whenever any process writes the own records (a commit grows the write-ahead
    log; closing folds it into the file): what read results are keyed on, instead of opening
    the file to ask."""
    path = own_path(base)
    stamp: list[tuple[int, int, int] | None] = []
    for file in (path, path.with_name(path.name + ".wal")):
        try:
            found = file.stat()
            stamp.append((found.st_mtime_ns, found.st_size, found.st_ino))
        except FileNotFoundError:
            stamp.append(None)
    return tuple(stamp)


def reads_own(sql: str) -> bool:
    """Does the statement read any of the dashboard's own tables?"""
    code = re.sub(r"--[^\n]*", "", sql)
    return any(re.search(rf"\b{table}\b", code) for table in OWN_TABLES)


@contextmanager
def _turn(path: Path, wait: float) -> Iterator[None]:
    """This connection's turn on the own records: one at a time across processes and threads,
    waited for up to `wait` seconds (each turn lasts milliseconds)."""
    try:
        with exclusive(path.with_name(path.name + ".lock"), wait):
            yield
    except Busy:
        raise DatabaseUnavailable(
            f"The dashboard's own records ({path}) have been busy for more than {wait:.0f} "
            "seconds. Reload the page in a moment.") from None


def _opened(path: Path, open_it: Callable[[], T]) -> T:
    try:
        return open_it()
    except duckdb.Error as error:
        raise DatabaseUnavailable(explain(path, error)) from error


def _copy_from_records(con: duckdb.DuckDBPyConnection, own: str, records: str) -> None:
    """A store made beside an older database takes its own records over, once."""
    tables = {name for (name,) in con.execute(
        "select table_name from information_schema.tables where table_catalog = $c",
        {"c": records}).fetchall()}
    for table in MOVED:
        if table in tables:
            con.execute(f'insert or ignore into "{own}".{table} by name '
                        f'select * from "{records}".{table}')


def _sync_audit(con: duckdb.DuckDBPyConnection, own: str, records: str) -> None:
    """Bring the audit rows the records hold (imports and undos, written in their own
    transaction) into the trail, each once."""
    con.execute(f"""
        insert into "{own}".audit_log (happened_at, who, role, action, what, filters)
        select r.happened_at, r.who, r.role, r.action, r.what, r.filters
        from "{records}".audit_log as r
        where not exists (select 1 from "{own}".audit_log as a
                          where a.happened_at = r.happened_at and a.who = r.who
                              and a.action = r.action and a.what = r.what)""")


def _ready_for(con: duckdb.DuckDBPyConnection, path: Path, own: str, records: str | None,
               published: bool) -> None:
    """Create the tables (once per process; a new store takes an older database's rows) and
    bring in the records' audit rows (once per published version)."""
    with _lock:
        if path not in _ready:
            new = not con.execute("select count(*) from information_schema.tables where "
                                  "table_catalog = $c and table_name = 'users'",
                                  {"c": own}).fetchall()[0][0]
            for statement in OWN_SQL:
                con.execute(statement)  # into the first catalog of the search path: own
            if new and records is not None:
                _copy_from_records(con, own, records)
            _ready.add(path)
        if records is not None and (path, records) not in _synced:
            _sync_audit(con, own, records)
            if published:  # a version never changes: its rows are in once and for all
                _synced.add((path, records))


@contextmanager
def own_records(base: Path, attach: Attach | None = None,
                wait: float = RETRY_FOR) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection to the dashboard's own records (use it, not a cursor of it:
    the records `attach` makes visible are visible on this connection only)."""
    path = own_path(base)
    with _turn(path, wait):
        con = _opened(path, lambda: duckdb.connect(str(path)))
        try:
            own = con.execute("select current_database()").fetchall()[0][0]
            records = attach(con) if attach is not None else None
            _ready_for(con, path, own, records, published=True)
            yield con
        finally:
            con.close()


@contextmanager
def _through_records(store: Store, wait: float) -> Iterator[duckdb.DuckDBPyConnection]:
    """The same, for records this process holds read-write (a writer's, a test's): DuckDB
    lets one process open a file once, so the own records are attached to that connection
    for the block instead."""
    path = own_path(store.path)
    alias = "own_" + hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:12]
    literal = "'" + str(path).replace("'", "''") + "'"
    with _attached, _turn(path, wait), store.con.cursor() as cur:  # attached for the block
        records = cur.execute("select current_database()").fetchall()[0][0]
        _opened(path, lambda: cur.execute(f"attach if not exists {literal} as {alias}"))
        try:
            cur.execute(f"""set search_path = '{alias}.main,"{records}".main'""")
            _ready_for(cur, path, alias, records, published=False)
            yield cur
        finally:
            cur.execute(f'use "{records}"')
            cur.execute(f"detach {alias}")


@contextmanager
def own_connection(target: Target, wait: float = RETRY_FOR
                   ) -> Iterator[duckdb.DuckDBPyConnection]:
    """Where the dashboard's own records are read and written, the records visible beside
    them: a short-lived connection for a store's records, or the connection (a test's, an
    import's transaction) given."""
    if not isinstance(target, Store):
        yield target
    elif target.writable():
        with _through_records(target, wait) as con:
            yield con
    else:
        with own_records(target.path, target.attach, wait) as con:
            yield con


@contextmanager
def own_transaction(target: Target) -> Iterator[duckdb.DuckDBPyConnection]:
    """own_connection in one transaction: committed if the block ends, rolled back if it
    raises (a record and its audit row are kept together or not at all)."""
    with own_connection(target) as con:
        con.execute("begin transaction")
        try:
            yield con
        except BaseException:
            con.execute("rollback")
            raise
        con.execute("commit")

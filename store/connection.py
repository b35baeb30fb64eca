"""Opening the DuckDB file, with a sentence for each way it can fail."""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb


class DatabaseUnavailable(RuntimeError):
    """The database cannot be used; the message says what happened and what to do."""


def explain(path: Path, error: duckdb.Error) -> str:
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


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file (read-write unless read_only), or raise DatabaseUnavailable with
    a sentence."""
    if path.is_dir():
        raise DatabaseUnavailable(f"The database path {path} is a folder, not a file. Point "
                                  "PEERDASH_DB at a .duckdb file.")
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as error:
        raise DatabaseUnavailable(explain(path, error)) from error


_attaching = threading.Lock()
Attach = Callable[[duckdb.DuckDBPyConnection], str]  # makes records visible; their catalog


def attach_file(file: Path) -> Attach:
    """Make a records file visible, read-only, on another connection (the dashboard's own
    records, store/own.py): its tables are found after that connection's own."""
    alias = "records_" + hashlib.sha1(str(file.resolve()).encode()).hexdigest()[:12]

    def attach(con: duckdb.DuckDBPyConnection) -> str:
        literal = "'" + str(file).replace("'", "''") + "'"
        with _attaching:  # two threads on one instance would both try to attach it
            con.execute(f"attach if not exists {literal} as {alias} (read_only)")
        con.execute(f"set search_path = 'main,{alias}.main'")
        return alias

    return attach


@dataclass(frozen=True)
class Store:
    """An open database: its connection, where it lives (`path`, the database's own path)
    and the file the connection has open (a published version of it, or the path itself).
    Writers take this (never a bare connection from a page); the read side's Database is one
    too."""

    con: duckdb.DuckDBPyConnection
    path: Path
    file: Path | None = None

    def writable(self) -> bool:
        """Does this process hold the records read-write (a writer's copy, a test's file)?"""
        with self.con.cursor() as cur:
            return cur.execute("select current_setting('access_mode')").fetchall()[0][0] \
                != "read_only"

    def attach(self, con: duckdb.DuckDBPyConnection) -> str:
        """Make these records visible on `con` (the dashboard's own records' connection)."""
        return attach_file(self.file or self.path)(con)


Target = Store | duckdb.DuckDBPyConnection  # a writer's database: the process's, or a cursor


def connection_of(target: Target) -> duckdb.DuckDBPyConnection:
    """The connection to write on: the store's, or the connection (cursor) given."""
    return target.con if isinstance(target, Store) else target

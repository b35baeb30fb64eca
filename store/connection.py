"""Opening the DuckDB file, with a sentence for each way it can fail."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb


class DatabaseUnavailable(RuntimeError):
    """The database cannot be used; the message says what happened and what to do."""


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


@dataclass(frozen=True)
class Store:
    """The process's open database: its connection and where it lives. Writers take this
    (never a bare connection from a page); the read side's Database is one too."""

    con: duckdb.DuckDBPyConnection
    path: Path


Target = Store | duckdb.DuckDBPyConnection  # a writer's database: the process's, or a cursor


def connection_of(target: Target) -> duckdb.DuckDBPyConnection:
    """The connection to write on: the store's, or the connection (cursor) given."""
    return target.con if isinstance(target, Store) else target

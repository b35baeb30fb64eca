"""The data version: one more row on every change of the records, so cached figures keyed on
it go stale exactly when the data does."""

from __future__ import annotations

import duckdb


def data_version(cur: duckdb.DuckDBPyConnection) -> int:
    """The data's current version (0 before any): cached results are keyed on it."""
    return cur.execute("select coalesce(max(version), 0) from data_versions").fetchall()[0][0]


def record_data_change(cur: duckdb.DuckDBPyConnection, reason: str) -> int:
    """Add a data version on this cursor (inside its transaction, if one is open)."""
    cur.execute(
        "insert into data_versions "
        "select coalesce(max(version), 0) + 1, current_timestamp, $reason from data_versions",
        {"reason": reason},
    )
    return data_version(cur)


def bump_data_version(con: duckdb.DuckDBPyConnection, reason: str) -> int:
    """Record that the data changed; cached figures keyed on the old version go stale."""
    with con.cursor() as cur:
        return record_data_change(cur, reason)

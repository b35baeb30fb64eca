"""Create the database: one table per record type, plus the data version the caches key on."""

from __future__ import annotations

import duckdb

from records.ddl import schema_sql

DATA_VERSIONS_SQL = """
CREATE TABLE IF NOT EXISTS data_versions (
    version INTEGER PRIMARY KEY,
    changed_at TIMESTAMP NOT NULL,
    reason VARCHAR NOT NULL
)"""


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table that does not exist yet (safe to run on an existing database)."""
    with con.cursor() as cur:
        for statement in [*schema_sql(), DATA_VERSIONS_SQL]:
            cur.execute(statement)


def bump_data_version(con: duckdb.DuckDBPyConnection, reason: str) -> int:
    """Record that the data changed; cached figures keyed on the old version go stale."""
    with con.cursor() as cur:
        cur.execute(
            "insert into data_versions "
            "select coalesce(max(version), 0) + 1, current_timestamp, $reason from data_versions",
            {"reason": reason},
        )
        return cur.execute("select max(version) from data_versions").fetchall()[0][0]

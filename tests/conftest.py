"""Shared fixtures: real DuckDB files, built by the generator or by hand, never mocks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from sample_data.generate import Scale, generate
from store.connection import attach_file, connect
from store.database import Database
from store.own import own_connection, own_records
from store.published import current
from store.schema import create_schema
from store.versions import bump_data_version

AS_OF = date(2026, 11, 20)  # the sample data's last day in tests: figures stay reproducible
SEED = 7


@pytest.fixture(scope="session")
def sample_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default-scale sample database (about 3,000 enrollments), built once per run."""
    path = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    generate(path, Scale(seed=SEED, as_of=AS_OF))
    return path


@pytest.fixture(scope="session")
def sample(sample_path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the sample database, for checking figures independently."""
    con = duckdb.connect(str(sample_path), read_only=True)
    yield con
    con.close()


def scalar(con: duckdb.DuckDBPyConnection, sql: str, **params: object) -> object:
    with con.cursor() as cur:
        return cur.execute(sql, params or None).fetchall()[0][0]


@pytest.fixture
def fresh_db(tmp_path: Path) -> Database:
    """An empty database with the schema, for hand-built fixtures."""
    path = tmp_path / "fresh.duckdb"
    con = connect(path)
    create_schema(con)
    bump_data_version(con, "test fixture")
    yield Database(con, path)
    con.close()


def own_rows(target: Database | Path, sql: str, **params: object) -> list[tuple]:
    """Rows of the dashboard's own records (store/own.py) of a database: an open one, or the
    file at a path (its own records then read beside it, as the app does)."""
    if isinstance(target, Path):
        records = attach_file(current(target)) if target.exists() else None
        with own_records(target, records) as con:
            return con.execute(sql, params or None).fetchall()
    with own_connection(target) as con:
        return con.execute(sql, params or None).fetchall()

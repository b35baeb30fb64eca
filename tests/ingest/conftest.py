"""Fixtures for the import pipeline: a small database worked out by hand, table checksums."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from access.audit import record
from ingest.load import load
from ingest.pipeline import Options, Prepared, prepare
from ingest.undo import undo
from store.database import Database
from store.published import current, writing

TODAY = date(2026, 11, 20)  # rules about the future are judged on this day in tests

BASE = """
insert into programs values ('harbor', 'Harbor Recovery', 'North', 'State');
insert into workers values ('W0001', 'harbor', 'Ana R.', 'peer_supervisor', null, 1.0,
    '2020-01-06', null);
insert into workers values ('W0002', 'harbor', 'Ben T.', 'peer_specialist', 'W0001', 0.5,
    '2021-03-01', null);
insert into participants values ('0042', 1980, 'female', 'opioids');
insert into enrollments values ('E1', '0042', 'harbor', 'W0002', 'comprehensive', 'self',
    '2026-01-05', null, null);
insert into contacts values ('C1', 'E1', 'W0002', '2026-01-06', 'engagement_session',
    'in_person', 45);
"""

CONTACTS_HEADER = "contact_id,enrollment_id,worker_id,contact_on,contact_type,mode,minutes\n"


@pytest.fixture
def base_db(fresh_db: Database) -> Database:
    """The fresh schema holding one program, two workers, one person, one enrollment, one
    contact."""
    with fresh_db.con.cursor() as cur:
        cur.execute(BASE)
    return fresh_db


def checksums(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of all its rows, in a stable order."""
    with con.cursor() as cur:
        tables = [r[0] for r in cur.execute(
            "select table_name from information_schema.tables where table_schema = 'main'"
        ).fetchall()]
        return {t: cur.execute(  # names come from the catalogue, not from input
            f"select count(*), coalesce(md5(string_agg(cast(t as varchar), '|' "
            f"order by cast(t as varchar))), '') from {t} as t").fetchall()[0] for t in tables}


def check(db: Database, files: list[tuple[str, bytes]], **options) -> Prepared:
    return prepare(db.con, files, Options(today=TODAY, **options))


def upload(db: Database, files: list[tuple[str, bytes]], **options) -> int | None:
    """Check and load, as the page and the command line do."""
    return load(db.con, check(db, files, **options), "test analyst")


def contacts_csv(*rows: str) -> bytes:
    return (CONTACTS_HEADER + "".join(r + "\n" for r in rows)).encode()


@pytest.fixture
def base_path(tmp_path: Path) -> Path:
    """A database file, published as the app reads it, holding BASE (the forms write to it)."""
    path = tmp_path / "forms.duckdb"
    with writing(path) as store:
        store.con.execute(BASE)
    return path


def published_rows(path: Path, sql: str) -> list[tuple]:
    """The rows of `sql` in the file's current published version."""
    con = duckdb.connect(str(current(path)), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def undone(path: Path, import_id: int) -> None:
    """Undo the import as an analyst does from Import history: audited, published."""
    with writing(path) as store:
        undo(store, import_id, "ana@example.org", audit=lambda cur, i: record(
            cur, "ana@example.org", "analyst", "undo", f"import {i} undone"))

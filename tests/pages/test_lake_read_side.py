"""PEERDASH_LAKE: the pages read a Parquet lake (the layout store/lake.py writes) instead of
the database file, with the same figures; the dashboard's own records stay beside the
database; imports are refused with a sentence, since the lake is written elsewhere."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from store.connection import connect
from store.lake import export_parquet
from store.own import own_path
from tests.conftest import own_rows
from tests.pages.apptest import all_text, run_app


@pytest.fixture(scope="module")
def lake(app_db: Path, tmp_path_factory) -> tuple[Path, Path]:
    """The sample as a lake, and a database path beside which the own records are kept (its
    file is not the lake's source: the pages must not read it)."""
    folder = tmp_path_factory.mktemp("lake-side")
    source = folder / "source.duckdb"
    shutil.copy(app_db, source)
    con = connect(source)
    export_parquet(con, folder / "lake")
    con.close()
    return folder / "lake", folder / "dashboard.duckdb"


def test_the_overview_from_the_lake_shows_the_files_figures(monkeypatch, app_db, lake):
    folder, db = lake
    from_file = {m.label: m.value for m in run_app(monkeypatch, app_db, "supervisor").metric}
    monkeypatch.setenv("PEERDASH_LAKE", str(folder))
    at = run_app(monkeypatch, db, "supervisor")
    assert not at.exception
    assert {m.label: m.value for m in at.metric} == from_file
    assert len(from_file) == 5 and from_file["Active enrollments"] != "—"
    assert not db.exists()  # nothing read or written in place of the lake


def test_imports_are_refused_and_own_records_kept_beside_the_database(monkeypatch, lake):
    folder, db = lake
    monkeypatch.setenv("PEERDASH_LAKE", str(folder))
    at = run_app(monkeypatch, db, "analyst", page="upload")
    assert not at.exception
    assert "reads the Parquet lake" in all_text(at) and not at.get("file_uploader")
    at = run_app(monkeypatch, db, "analyst", page="import_history")
    assert "cannot load or undo imports" in all_text(at)
    at = run_app(monkeypatch, db, "analyst", page="engagement")
    assert not at.exception and at.get("plotly_chart")
    # the page read the analysts' annotations and targets from the own records beside db
    assert own_path(db).exists() and not db.exists()
    assert own_rows(db, "select count(*) from targets") == [(0,)]

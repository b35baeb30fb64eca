"""serve.py's start: the server made ready before its first reader (ui/ready.py), on real
database files."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from streamlit.runtime.pages_manager import PagesManager

from store.own import own_path
from ui.ready import ROOT, make_ready, page_imports


@pytest.fixture(autouse=True)
def _legacy_flag_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """make_ready leaves Streamlit's legacy page mode process-wide: put the flag back after."""
    monkeypatch.setattr(PagesManager, "uses_pages_directory", PagesManager.uses_pages_directory)
    for name in ("PEERDASH_DB", "PEERDASH_DEMO_ANY_DATABASE", "PEERDASH_LAKE"):
        monkeypatch.delenv(name, raising=False)


def test_a_fresh_process_made_ready_has_imported_every_page_s_modules_and_no_more():
    """Every module a page imports is in before the first reader; scipy, which only the run
    that first releases a quarter needs, is not (release/disclosure.py imports it late)."""
    code = ("import json, sys\nfrom ui.ready import make_ready, page_imports\nmake_ready()\n"
            "names = [n.module if hasattr(n, 'module') else a.name for n in page_imports() "
            "for a in n.names]\n"
            "print(json.dumps({'missing': [n for n in names if n not in sys.modules], "
            "'scipy': 'scipy' in sys.modules, 'pages_folder': __import__("
            "'streamlit.runtime.pages_manager', fromlist=['x']).PagesManager"
            ".uses_pages_directory}))")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True, env={"PATH": "/usr/bin:/bin",
                                                     "PEERDASH_DB": "/nonexistent/x.duckdb"})
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found == {"missing": [], "scipy": False, "pages_folder": False}


def test_every_page_s_imports_are_read():
    """app.py's and each of the 14 pages' import lines (the overview's among them)."""
    modules = {getattr(node, "module", None) for node in page_imports()}
    assert {"ui.access", "ui.today", "ui.funder_report", "ui.completeness_charts"} <= modules
    assert "__future__" not in modules


def test_the_database_and_its_own_records_are_opened_before_the_first_reader(
        sample_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    db = tmp_path / "served.duckdb"
    shutil.copy(sample_path, db)
    monkeypatch.setenv("PEERDASH_DB", str(db))
    monkeypatch.setenv("PEERDASH_DEMO_ANY_DATABASE", "true")
    assert not own_path(db).exists()
    make_ready()
    with duckdb.connect(str(own_path(db)), read_only=True) as con:
        tables = {row[0] for row in con.sql("select table_name from information_schema.tables")
                  .fetchall()}
    assert {"users", "audit_log"} <= tables


def test_a_demo_on_a_real_database_opens_nothing(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch):
    """Without sign-in only the sample opens (ui/viewer.py): a database named in the settings
    is not even created, as it would be if the demo were allowed on it."""
    monkeypatch.setenv("PEERDASH_DB", str(tmp_path / "records.duckdb"))
    make_ready()
    assert not (tmp_path / "records.duckdb").exists()
    monkeypatch.setenv("PEERDASH_DEMO_ANY_DATABASE", "true")
    make_ready()
    assert (tmp_path / "records.duckdb").exists()


def test_a_broken_setting_is_left_for_the_first_page_and_the_server_starts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture):
    monkeypatch.setenv("PEERDASH_DB", str(tmp_path / "records.duckdb"))
    monkeypatch.setenv("PEERDASH_DEMO_ANY_DATABASE", "perhaps")
    with caplog.at_level(logging.WARNING, logger="ui.ready"):
        make_ready()
    assert "not made ready before the first reader" in caplog.text
    assert "PEERDASH_DEMO_ANY_DATABASE" in caplog.text or "demo_any_database" in caplog.text
    assert not (tmp_path / "records.duckdb").exists()

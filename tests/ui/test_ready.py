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
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from settings import ROOT
from store.own import own_path
from ui.ready import make_ready, page_imports

# In a fresh interpreter: make_ready, then which of the pages' imported names are missing
# (a `from ui import x` counts as ui.x), whether scipy came in, and the legacy-mode flag.
FRESH = """
import ast, json, sys
from streamlit.runtime.pages_manager import PagesManager
from ui.ready import make_ready, page_imports
make_ready()
def imported(node):
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    return [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in sys.modules
            else node.module for a in node.names]
names = [name for node in page_imports() for name in imported(node)]
print(json.dumps({"missing": [n for n in names if n not in sys.modules],
                  "scipy": "scipy" in sys.modules,
                  "pages_folder": PagesManager.uses_pages_directory}))
"""


@pytest.fixture(autouse=True)
def _as_at_start(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """make_ready leaves Streamlit's legacy page mode process-wide: the flag is put back
    after. No lake or demo setting from the environment of the test run, and a database of
    the test's own that a demo does not open (never the checkout's sample)."""
    monkeypatch.setattr(PagesManager, "uses_pages_directory", PagesManager.uses_pages_directory)
    for name in ("PEERDASH_DEMO_ANY_DATABASE", "PEERDASH_LAKE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PEERDASH_DB", str(tmp_path / "not-opened.duckdb"))


def test_a_fresh_process_made_ready_has_imported_every_page_s_modules_and_no_more():
    """Every module a page imports is in before the first reader, and the legacy page mode is
    left; scipy, which only the run that first releases a quarter needs, is not imported
    (release/disclosure.py imports it late)."""
    run = subprocess.run([sys.executable, "-c", FRESH], cwd=ROOT, capture_output=True,
                         text=True, check=True, env={"PATH": "/usr/bin:/bin",
                                                     "PEERDASH_DB": "/nonexistent/x.duckdb"})
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found == {"missing": [], "scipy": False, "pages_folder": False}


def test_a_page_s_imports_are_read_without_a_future_import(tmp_path: Path):
    """`from __future__` is valid only at the top of a file: the pages' imports run together."""
    page = tmp_path / "page.py"
    page.write_text("from __future__ import annotations\n\nimport json\n"
                    "from ui import shown\n\nx = 1\n")
    read = page_imports([page])
    assert [ast_names(node) for node in read] == [["json"], ["ui.shown"]]
    assert make_ready([page]) is not None


def ast_names(node) -> list[str]:
    module = getattr(node, "module", None)
    return [f"{module}.{a.name}" if module else a.name for a in node.names]


def test_a_page_that_cannot_be_imported_leaves_the_server_to_start(
        tmp_path: Path, caplog: pytest.LogCaptureFixture):
    page = tmp_path / "page.py"
    page.write_text("import no_such_module_for_a_page\n")
    with caplog.at_level(logging.WARNING, logger="ui.ready"):
        assert make_ready([page]) is None
    assert "not imported before the first reader" in caplog.text
    assert "no_such_module_for_a_page" in caplog.text


def test_the_database_and_its_own_records_are_opened_before_the_first_reader(
        sample_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    db = tmp_path / "served.duckdb"
    shutil.copy(sample_path, db)
    monkeypatch.setenv("PEERDASH_DB", str(db))
    monkeypatch.setenv("PEERDASH_DEMO_ANY_DATABASE", "true")
    assert not own_path(db).exists()
    opening = make_ready()
    assert opening is not None
    opening.join(timeout=120)
    with duckdb.connect(str(own_path(db)), read_only=True) as con:
        tables = {row[0] for row in con.sql("select table_name from information_schema.tables")
                  .fetchall()}
    assert {"users", "audit_log"} <= tables


def _opened(monkeypatch: pytest.MonkeyPatch, db: Path, **env: str) -> bool:
    """Whether make_ready creates the database `db` (a new one is created when opened)."""
    monkeypatch.setenv("PEERDASH_DB", str(db))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    opening = make_ready()
    assert opening is not None
    opening.join(timeout=120)
    return db.exists()


def test_a_demo_on_a_real_database_opens_nothing(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch):
    """Without sign-in only the sample opens (ui/viewer.py): a database named in the settings
    is not even created, as it is once the demo is allowed on it."""
    assert not _opened(monkeypatch, tmp_path / "records.duckdb")
    assert _opened(monkeypatch, tmp_path / "records.duckdb", PEERDASH_DEMO_ANY_DATABASE="true")


def test_a_broken_setting_is_left_for_the_first_page(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture):
    with caplog.at_level(logging.WARNING, logger="ui.ready"):
        assert not _opened(monkeypatch, tmp_path / "records.duckdb",
                           PEERDASH_DEMO_ANY_DATABASE="perhaps")
    assert "not opened before the first reader" in caplog.text
    assert "demo_any_database" in caplog.text.lower()


def test_a_broken_secrets_file_opens_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             caplog: pytest.LogCaptureFixture):
    """Not the defaults (the sample) in its place: the first page says the file is broken."""
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('[peerdash\ndb = "x"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(st.secrets, "_secrets", None)  # read again, from this folder
    with caplog.at_level(logging.WARNING, logger="ui.ready"):
        assert not _opened(monkeypatch, tmp_path / "records.duckdb",
                           PEERDASH_DEMO_ANY_DATABASE="true")
    assert "Error parsing secrets file" in caplog.text

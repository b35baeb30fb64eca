"""The Upload and Import history pages through AppTest: open to analysts, refused to everyone
else; the history lists an import loaded through the pipeline and offers its undo. (File
uploads are driven in the browser test; the pipeline itself is tested in tests/ingest.)"""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from ingest.load import load
from ingest.pipeline import Options, prepare
from tests.pages.apptest import ROOT, all_text, run_app

CONTACT = (b"contact_id,enrollment_id,worker_id,contact_on,contact_type,mode,minutes\n"
           b"C900000001,E0000001,W0061,2025-01-07,check_in,phone,12\n")


@pytest.mark.parametrize("page", ["upload", "import_history"])
def test_analysts_get_the_page(monkeypatch, app_db, page):
    at = run_app(monkeypatch, app_db, "analyst", page)
    assert not at.exception
    text = all_text(at)
    if page == "upload":
        assert "Upload program exports" in text
        assert "Choose one or more export files" in at.info[0].value
        assert [r.label for r in at.radio] == ["Slashed dates", "If some rows have problems"]
    else:
        assert at.info[0].value == ("No imports yet. Analysts load program exports on "
                                    "[the Upload page](upload).")


@pytest.mark.parametrize("role", ["supervisor", "funder"])
@pytest.mark.parametrize("page", ["upload", "import_history"])
def test_other_roles_are_refused(monkeypatch, app_db, role, page):
    monkeypatch.setenv("PEERDASH_DB", str(app_db))
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60)
    at.session_state["role"] = role
    at.run()
    assert not at.exception
    assert f"is not open to the {role} role" in at.error[0].value
    assert not at.get("file_uploader") and not at.button


def test_the_history_lists_an_import_and_offers_its_undo(monkeypatch, sample_path, tmp_path):
    db = tmp_path / "history.duckdb"
    shutil.copy(sample_path, db)
    con = duckdb.connect(str(db))
    try:
        prepared = prepare(con, [("contacts.csv", CONTACT)], Options(today=date(2026, 11, 20)))
        assert load(con, prepared, "demo analyst") == 1
    finally:
        con.close()
    at = run_app(monkeypatch, db, "analyst", "import_history")
    assert not at.exception
    shown = at.dataframe[0].value
    assert shown.loc[0, "files"] == "contacts.csv" and shown.loc[0, "rows_new"] == 1
    # the policy in the words Upload offered it in, not its code (all_or_nothing)
    assert shown.loc[0, "policy"] == "All or nothing: load only if every row is valid"
    sha = hashlib.sha256(CONTACT).hexdigest()
    archived = f"contacts.csv · {len(CONTACT)} bytes · SHA-256 {sha}"
    assert archived in [t.value for t in at.text]
    assert at.button[0].label == "Undo import 1"
    assert at.button[0].disabled  # until "Yes, undo import 1" is ticked
    at.checkbox[0].check().run()
    assert at.checkbox[0].label == "Yes, undo import 1" and not at.button[0].disabled


def test_an_empty_database_can_still_be_loaded(monkeypatch, tmp_path):
    at = run_app(monkeypatch, tmp_path / "empty.duckdb", "analyst", "upload")
    assert not at.exception
    assert "Choose one or more export files" in at.info[0].value
    assert Path(tmp_path / "empty.duckdb").exists()

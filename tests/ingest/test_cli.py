"""python -m ingest: the same pipeline from the command line, and a held database left alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

from ingest.__main__ import main
from tests.conftest import own_rows, scalar
from tests.ingest.conftest import checksums, contacts_csv

ROOT = Path(__file__).parents[2]


def test_the_command_line_checks_loads_and_undoes(base_db, tmp_path, capsys):
    path = base_db.path
    base_db.con.close()  # the command line opens the file itself
    good = tmp_path / "contacts.csv"
    good.write_bytes(contacts_csv("C2,E1,W0002,2026-01-13,check_in,phone,15"))
    assert main([str(good), "--db", str(path), "--dry-run"]) == 0
    assert main([str(good), "--db", str(path), "--uploader", "nightly job"]) == 0
    assert "Loaded as import 1" in capsys.readouterr().out
    assert main([str(good), "--db", str(path)]) == 0
    assert "Nothing to load" in capsys.readouterr().out
    assert main(["--db", str(path), "--undo", "1"]) == 0
    bad = tmp_path / "Contacts 2026-10.csv"
    bad.write_bytes(contacts_csv("C3,E1,W0404,2026-01-13,check_in,phone,15"))
    assert main([str(bad), "--db", str(path), "--problems", str(tmp_path / "p.csv")]) == 1
    assert "no such worker" in (tmp_path / "p.csv").read_text()
    con = duckdb.connect(str(path), read_only=True)  # as the app reads it
    try:
        assert scalar(con, "select uploader from imports") == "nightly job"
        assert scalar(con, "select count(*) from contacts") == 1
        assert own_rows(path, "select who, role, action, what from audit_log order by "
                        "happened_at") == [
            ("nightly job", "command line", "import",
             "import 1: contacts.csv, 1 new or changed row, all_or_nothing"),
            ("command line", "command line", "undo", "import 1 undone")]
    finally:
        con.close()


def test_a_database_held_by_the_app_is_left_alone(base_db, tmp_path):
    """The app holds its database read-write; the command line says so and exits non-zero."""
    before = checksums(base_db.con)  # base_db's connection stays open: it holds the lock
    good = tmp_path / "contacts.csv"
    good.write_bytes(contacts_csv("C2,E1,W0002,2026-01-13,check_in,phone,15"))
    run = subprocess.run([sys.executable, "-m", "ingest", str(good), "--db", str(base_db.path)],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 3
    assert "is in use by another program" in run.stderr
    assert "stop it, or wait for it to finish, then run the command again" in run.stderr
    assert "reload this page" not in run.stderr
    assert "Nothing was loaded" in run.stderr
    assert checksums(base_db.con) == before


def test_a_missing_input_file_exits_2_as_the_help_says(base_db, tmp_path, capsys):
    path = base_db.path
    base_db.con.close()
    assert main([str(tmp_path / "nope.csv"), "--db", str(path)]) == 2
    assert "nope.csv is not a file" in capsys.readouterr().err


def test_the_problems_csv_is_safe_to_open_in_a_spreadsheet(base_db, tmp_path):
    path = base_db.path
    base_db.con.close()
    bad = tmp_path / "contacts.csv"
    bad.write_bytes(contacts_csv('C3,E1,"=HYPERLINK(""http://evil"",""x"")",2026-01-13,check_in,'
                                 "phone,15", "@SUM(A1),E1,W0002,2026-01-13,check_in,phone,15"))
    problems = tmp_path / "problems.csv"
    assert main([str(bad), "--db", str(path), "--problems", str(problems)]) == 1
    values = pl.read_csv(problems, infer_schema=False)["value"].drop_nulls().to_list()
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in values
    assert "'@SUM(A1)" in values
    assert not [v for v in values if v.startswith(("=", "+", "-", "@"))]


def test_the_audit_row_is_written_in_the_imports_own_transaction(base_db, tmp_path):
    """An audit write that fails takes the import with it: never an import without its row."""
    from access import audit

    path = base_db.path
    base_db.con.close()
    good = tmp_path / "contacts.csv"
    good.write_bytes(contacts_csv("C2,E1,W0002,2026-01-13,check_in,phone,15"))
    before = audit.ACTIONS
    audit.ACTIONS = ()  # record() now refuses every action, inside the transaction
    try:
        with pytest.raises(ValueError):
            main([str(good), "--db", str(path)])
    finally:
        audit.ACTIONS = before
    con = duckdb.connect(str(path))
    try:
        assert scalar(con, "select count(*) from imports") == 0
        assert scalar(con, "select count(*) from contacts") == 1
    finally:
        con.close()

"""Opening the database: a locked, missing or broken file gets a sentence, not a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from store.connection import DatabaseUnavailable, connect
from store.database import QUERY_SQL, sql_text


@pytest.fixture
def held(tmp_path: Path):
    """A database file that another process holds open (as the app or an import would)."""
    path = tmp_path / "held.duckdb"
    proc = subprocess.Popen([sys.executable, "-c",
                             f"import duckdb, sys; c = duckdb.connect({str(path)!r}); "
                             "print('ready', flush=True); sys.stdin.read()"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    yield path, proc.pid
    proc.stdin.close()
    proc.wait(timeout=10)


def test_a_locked_database_says_who_holds_it_and_what_to_do(held):
    path, pid = held
    with pytest.raises(DatabaseUnavailable) as caught:
        connect(path)
    message = str(caught.value)
    assert f"{path} is in use by another program (process {pid})" in message
    assert "reload this page" in message


def test_a_folder_is_not_a_database(tmp_path):
    with pytest.raises(DatabaseUnavailable, match="is a folder, not a file"):
        connect(tmp_path)


def test_a_file_that_is_not_duckdb(tmp_path):
    junk = tmp_path / "notes.duckdb"
    junk.write_bytes(b"this is a spreadsheet, honestly" * 100)
    with pytest.raises(DatabaseUnavailable, match="could not be opened") as caught:
        connect(junk)
    assert "PEERDASH_DB" in str(caught.value)


@pytest.mark.parametrize("name", ["../settings", "programs; drop table x", "nope", "PROGRAMS"])
def test_only_named_sql_files_can_be_loaded(name):
    with pytest.raises(KeyError):
        sql_text(name)


def test_every_sql_file_states_its_grain():
    for path in QUERY_SQL.folder.glob("*.sql"):
        assert path.read_text().startswith("-- one row"), path.name

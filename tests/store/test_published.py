"""Published versions (store/published.py): one writer changes a copy while readers keep the
version they opened; a writer that fails or is killed leaves every served file as it was."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from store.connection import DatabaseUnavailable, connect
from store.own import own_path
from store.published import KEPT, Unchanged, current, versions_of, writing
from store.schema import create_schema
from store.versions import bump_data_version, data_version
from tests.conftest import own_rows
from tests.ingest.conftest import BASE, CONTACTS_HEADER

ROOT = Path(__file__).parents[2]


@pytest.fixture
def base(tmp_path: Path) -> Path:
    """A database as an older release left it: written in place, never published."""
    path = tmp_path / "records.duckdb"
    con = connect(path)
    create_schema(con)
    with con.cursor() as cur:
        cur.execute(BASE)
    bump_data_version(con, "test fixture")
    con.close()
    return path


def contacts(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("select count(*) from contacts").fetchall()[0][0]


def add_contact(con: duckdb.DuckDBPyConnection, contact_id: str) -> None:
    con.execute("insert into contacts values ($id, 'E1', 'W0001', date '2026-01-12', "
                "'check_in', 'phone', 15)", {"id": contact_id})
    bump_data_version(con, f"contact {contact_id}")


def digest(folder: Path) -> dict[str, str]:
    """Every file beside the database (and its versions), by content."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "writer.lock"}


def test_readers_keep_their_version_until_the_writer_publishes(base):
    reader = duckdb.connect(str(current(base)), read_only=True)
    assert current(base) == base and contacts(reader) == 1
    with writing(base) as store:
        add_contact(store.con, "C2")
        # the copy has the contact; the served file and a new reader do not
        assert contacts(store.con) == 2
        fresh = duckdb.connect(str(current(base)), read_only=True)
        assert contacts(fresh) == 1
        fresh.close()
    assert current(base) == versions_of(base) / "v000001.duckdb"
    assert os.path.samefile(base, current(base))  # the database path is the new version
    assert contacts(reader) == 1  # the reader that opened the old version still reads it
    reader.close()
    new = duckdb.connect(str(current(base)), read_only=True)
    assert contacts(new) == 2 and data_version(new) == 2
    new.close()


def test_a_writer_that_fails_or_decides_against_changes_nothing(base):
    before = digest(base.parent)
    with pytest.raises(RuntimeError), writing(base) as store:
        add_contact(store.con, "C2")
        raise RuntimeError("the load went wrong")
    with writing(base) as store:
        add_contact(store.con, "C3")
        raise Unchanged
    assert digest(base.parent) == before | {}  # no version published, no copy left
    assert not list(versions_of(base).glob("v*.duckdb"))
    assert not list(versions_of(base).glob("*.next*"))


def test_old_versions_are_pruned_and_a_reader_of_one_keeps_reading_it(base):
    with writing(base) as store:
        add_contact(store.con, "C2")
    first = duckdb.connect(str(current(base)), read_only=True)
    for n in range(3, 3 + KEPT + 1):
        with writing(base) as store:
            add_contact(store.con, f"C{n}")
    assert len(list(versions_of(base).glob("v*.duckdb"))) == KEPT
    assert contacts(first) == 2  # its file is gone from the folder, not from the reader
    first.close()
    with duckdb.connect(str(base), read_only=True) as con:
        assert contacts(con) == 2 + KEPT + 1


def test_one_writer_at_a_time_and_a_bounded_wait_for_the_next(base):
    with writing(base):
        started = time.monotonic()
        with pytest.raises(DatabaseUnavailable, match="Another import or undo"), \
                writing(base, wait=0.5):
            pass
        assert time.monotonic() - started < 5


def _big_contacts(path: Path, rows: int) -> Path:
    """A contacts export long enough to load that a test can stop its importer mid-load."""
    lines = [CONTACTS_HEADER] + [f"N{i},E1,W0001,2026-01-12,check_in,phone,15\n"
                                 for i in range(rows)]
    path.write_text("".join(lines))
    return path


def _importer(base: Path, export: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "ingest", str(export), "--db", str(base)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PEERDASH_DB": str(base)})


def _until_copying(base: Path, proc: subprocess.Popen) -> None:
    """Wait until the importer has begun its copy (the check is over, the load under way)."""
    deadline = time.monotonic() + 120
    while not list(versions_of(base).glob("*.next")):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.005)


@pytest.mark.slow  # an importer process killed mid-load: about 5 s
def test_kill_9_of_the_importer_mid_load_leaves_every_served_file_as_it_was(base, tmp_path):
    export = _big_contacts(tmp_path / "contacts.csv", 300_000)
    with writing(base) as store:  # a published version, and the dashboard's own records
        add_contact(store.con, "C2")
    own_rows(base, "select count(*) from users")
    served = {p: hashlib.sha256(p.read_bytes()).hexdigest()
              for p in [base, current(base), own_path(base)]}
    proc = _importer(base, export)
    _until_copying(base, proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in served} == served
    assert current(base).name == "v000001.duckdb"
    with duckdb.connect(str(base), read_only=True) as con:
        assert contacts(con) == 2
    # the next import clears the dead one's copy and loads
    again = _importer(base, export)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert "Loaded as import 1" in out.decode()
    assert not list(versions_of(base).glob("*.next*"))
    with duckdb.connect(str(base), read_only=True) as con:
        assert contacts(con) == 2 + 300_000
    assert own_rows(base, "select action, what from audit_log") == [
        ("import", "import 1: contacts.csv, 300,000 new or changed rows, all_or_nothing")
    ]  # the import's row, from its own transaction

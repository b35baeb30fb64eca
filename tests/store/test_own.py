"""The dashboard's own records (store/own.py): several processes write them at once, each
reader sees the others' writes at its next read, an older database's rows are taken over,
and the imports' audit rows join the trail once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from access.audit import record
from queries.admin import audit_trail
from store.connection import connect
from store.database import Database
from store.own import own_path
from store.published import current, writing
from store.schema import create_schema
from store.versions import bump_data_version
from tests.conftest import own_rows
from tests.ingest.conftest import BASE

ROOT = Path(__file__).parents[2]
WRITER = """
import sys
from pathlib import Path
from access.audit import record
from store.database import Database
from store.connection import connect
from store.published import current
base = Path(sys.argv[1])
db = Database(connect(current(base), read_only=True), base, current(base))
for i in range(int(sys.argv[3])):
    record(db, sys.argv[2], "analyst", "download", f"file {i}")
"""


@pytest.fixture
def base(tmp_path: Path) -> Path:
    path = tmp_path / "records.duckdb"
    with writing(path) as store:
        with store.con.cursor() as cur:
            cur.execute(BASE)
        bump_data_version(store.con, "test fixture")
    return path


def reader(base: Path) -> Database:
    """A read-only Database over the current version, as an app process opens it."""
    return Database(connect(current(base), read_only=True), base, current(base))


@pytest.mark.slow  # processes racing for the file: about 20 s
def test_processes_writing_at_once_lose_nothing_and_a_reader_sees_them(base):
    db = reader(base)
    assert db.frame("audit_log", action=None, who=None, since=None, until=None,
                    limit=1000).is_empty()
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(base), who, "60"], cwd=ROOT,
                                stderr=subprocess.PIPE, text=True)
               for who in ("a@example.org", "b@example.org", "c@example.org",
                           "d@example.org")]
    for proc in writers:
        assert proc.wait(timeout=300) == 0, proc.stderr.read()
    trail = audit_trail(db, action="download", limit=1000)
    assert trail.group_by("who").len().sort("who").rows() == [
        ("a@example.org", 60), ("b@example.org", 60), ("c@example.org", 60),
        ("d@example.org", 60)]
    record(db, "d@example.org", "analyst", "download", "one more")
    assert audit_trail(db, action="download", limit=1000).height == 241  # no stale read


def test_an_older_databases_own_records_are_taken_over_once(tmp_path):
    path = tmp_path / "old.duckdb"
    con = connect(path)
    create_schema(con)
    con.execute(BASE)
    # as an older release kept them: in the records file
    con.execute("create table users (email varchar primary key, role varchar not null, "
                "programs varchar[], added_at timestamp not null, added_by varchar not null)")
    con.execute("insert into users values ('sup@example.org', 'supervisor', ['harbor'], "
                "timestamp '2026-01-01 09:00:00', 'admin@example.org')")
    con.execute("insert into audit_log (happened_at, who, role, action, what) values "
                "(timestamp '2026-01-01 09:00:00', 'admin@example.org', 'admin', 'users', "
                "'added sup@example.org')")
    con.close()
    assert not own_path(path).exists()
    db = reader(path)
    assert db.frame("users", email="sup@example.org")["role"].to_list() == ["supervisor"]
    for _ in range(2):  # opened again: nothing doubles
        assert own_rows(path, "select count(*) from users") == [(1,)]
        assert own_rows(path, "select what from audit_log") == [("added sup@example.org",)]


def test_an_imports_audit_row_joins_the_trail_once(base):
    with writing(base) as store, store.con.cursor() as cur:
        record(cur, "nightly job", "command line", "import", "import 1: contacts.csv")
    for _ in range(3):
        trail = audit_trail(reader(base), action="import", limit=10)
        assert trail.select("who", "what").rows() == [("nightly job",
                                                       "import 1: contacts.csv")]
    with duckdb.connect(str(base), read_only=True) as con:  # and it stays in the records
        assert con.execute("select count(*) from audit_log").fetchall() == [(1,)]

"""The sample database and the same data as a Parquet lake, for comparing engines."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from access.audit import record
from queries.scope import Every, Scope
from store.connection import connect
from store.database import Database
from store.lake import export_parquet, lake_database
from store.own import own_transaction

START, END = date(2025, 1, 1), date(2026, 11, 20)  # the sample's last 23 months


def _admin_rows(store: Database) -> None:
    """An import (a file, counts, a quarantined row), a user and an audit event: the sample
    has none, and the queries over them should compare something."""
    with store.con.cursor() as cur:
        cur.execute("insert into imports values (1, timestamp '2026-11-01 09:30:00', "
                    "'ana@example.org', 'valid_rows', 'loaded', null, null)")
        cur.execute("insert into import_files values (1, 'contacts.csv', 'ab12', 3, "
                    "cast('a,b' as blob))")
        cur.execute("insert into import_counts values (1, 'contacts', 10, 8, 1, 0, 1)")
        cur.execute("insert into quarantine values (1, 'contacts', 'contacts.csv', 7, "
                    "'{\"minutes\": \"-3\"}', 'minutes: must be 0 or more')")
    with own_transaction(store) as cur:  # the dashboard's own records, beside the records
        cur.execute("insert into users (email, role, programs, added_at, added_by) values "
                    "('ana@example.org', 'funder', ['p1', '007'], "
                    "timestamp '2026-10-01 08:00:00', 'admin@example.org')")
        # the dashboard's own records, about a worker and an enrollment of the first program
        cur.execute("insert into flag_acknowledgements (worker_id, rule, figure, note, made_at, "
                    "made_by, role) select min(worker_id), 'High burnout', 44, 'Talked', "
                    "timestamp '2026-11-02 10:00:00', 'sam@example.org', 'supervisor' "
                    "from workers where program_id = (select min(program_id) from programs)")
        cur.execute("insert into followup_attempts (enrollment_id, worklist, attempted_on, "
                    "outcome, note, made_at, made_by, role) select min(enrollment_id), "
                    "worklist, date '2026-11-02', 'no_answer', '', timestamp '2026-11-02 "
                    "10:00:00', 'sam@example.org', 'supervisor' from enrollments, "
                    "(values ('aftercare'), ('interview')) as w(worklist) where program_id = "
                    "(select min(program_id) from programs) group by worklist")
        # a note on each logged supervision session of the first program (access/worklists.py)
        cur.execute("insert into session_notes select s.supervision_id, s.worker_id, "
                    "'Talked it through', timestamp '2026-11-02 10:00:00', 'sam@example.org', "
                    "'supervisor' from supervision as s join workers as w using (worker_id) "
                    "where w.program_id = (select min(program_id) from programs)")
        # an annotation and a target of the first program (access/notes.py's tables)
        cur.execute("insert into annotations (program_id, noted_on, note, restarts_baseline, "
                    "added_at, added_by) select min(program_id), date '2026-03-01', "
                    "'New intake process', true, timestamp '2026-11-02 10:00:00', "
                    "'ana@example.org' from programs")
        cur.execute("insert into targets select min(program_id), 'early_engagement', 0.6, "
                    "timestamp '2026-11-02 10:00:00', 'ana@example.org' from programs")
    record(store, "ana@example.org", "analyst", "download", "engagement.csv", {"months": 3})


@pytest.fixture(scope="session")
def file_db(sample_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Database:
    """A copy of the sample database, with a row in each administrative table."""
    path = tmp_path_factory.mktemp("lake_source") / "sample.duckdb"
    shutil.copy(sample_path, path)
    con = connect(path)
    db = Database(con, path)
    _admin_rows(db)
    yield db
    con.close()


@pytest.fixture(scope="session")
def lake_folder(file_db: Database, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """file_db exported to Parquet."""
    folder = tmp_path_factory.mktemp("lake") / "lake"
    export_parquet(file_db.con, folder)
    return folder


@pytest.fixture(scope="session")
def lake_db(lake_folder: Path, file_db: Database) -> Database:
    db = lake_database(lake_folder, file_db.path)
    yield db
    db.con.close()


@pytest.fixture(scope="session")
def last_day(file_db: Database) -> date:
    return file_db.frame("data_span")["last_day"][0]


@pytest.fixture(scope="session")
def scopes(file_db: Database) -> dict[str, Scope]:
    """All programs; two programs; one worker of the first of them."""
    programs = tuple(file_db.frame("programs").sort("program_id")["program_id"][:2])
    with file_db.con.cursor() as cur:  # the first program's busiest worker
        worker = cur.execute("select worker_id from enrollments where program_id = $p "
                             "group by worker_id order by count(*) desc, worker_id limit 1",
                             {"p": programs[0]}).fetchall()[0][0]
    return {"all": Scope(Every.ALL, START, END), "two_programs": Scope(programs, START, END),
            "one_worker": Scope(programs[:1], START, END, (worker,))}

"""The summary tables the pages read stay the records' own figures: an import rebuilds them in
its transaction, an undo puts them back, and data written any other way is summarised again
before anything reads it."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from ingest.undo import undo
from queries.scope import Every, Scope, program_params
from store.connection import DatabaseUnavailable, connect
from store.database import Database
from store.summaries import summaries_current
from store.versions import bump_data_version
from tests.ingest.conftest import contacts_csv, upload

# Base: E1 enrolled 2026-01-05; its one contact, C1, on 2026-01-06 (day 1).
YEAR = Scope(Every.ALL, date(2026, 1, 1), date(2026, 11, 20))
DAY_0 = "C2,E1,W0002,2026-01-05,check_in,phone,15"
DAY_20 = "C3,E1,W0002,2026-01-25,check_in,phone,15"
DAY_70 = "C4,E1,W0002,2026-03-16,check_in,phone,15"


def first_contact_and_counts(db: Database) -> tuple:
    """E1's days to first contact, its contacts before day 30 (E3, E4), and whether it was
    retained at day 90: a contact on days 60-89 (E5)."""
    row = db.frame("enrollment_engagement", **YEAR.params(), last_day=date(2026, 11, 20))
    return row.select("days_to_first_contact", "contacts_30", "retained_90").row(0)


def summary_rows(db: Database) -> list[tuple]:
    with db.con.cursor() as cur:
        return cur.execute("select * from enrollment_summary order by all").fetchall()


def test_an_import_rebuilds_the_summary_and_its_undo_puts_it_back(base_db):
    assert first_contact_and_counts(base_db) == (1, 1, False)
    before = summary_rows(base_db)
    import_id = upload(base_db, [("contacts.csv", contacts_csv(DAY_0, DAY_20, DAY_70))])
    with base_db.con.cursor() as cur:  # rebuilt by the import itself, before any page reads
        assert summaries_current(cur)
    assert first_contact_and_counts(base_db) == (0, 3, True)
    undo(base_db.con, import_id, "test analyst")
    with base_db.con.cursor() as cur:
        assert summaries_current(cur)
    assert summary_rows(base_db) == before
    assert first_contact_and_counts(base_db) == (1, 1, False)


def test_data_written_another_way_is_summarised_again_before_it_is_read(base_db):
    assert first_contact_and_counts(base_db) == (1, 1, False)
    with base_db.con.cursor() as cur:
        cur.execute("insert into contacts values ('C2', 'E1', 'W0002', '2026-01-05', "
                    "'check_in', 'phone', 15)")
    bump_data_version(base_db.con, "a hand edit")  # what any writer must do
    assert first_contact_and_counts(base_db) == (0, 2, False)


def test_a_stale_summary_on_a_read_only_database_gets_a_sentence(base_db):
    first_contact_and_counts(base_db)  # built at this version
    bump_data_version(base_db.con, "a hand edit")
    base_db.con.close()
    con = duckdb.connect(str(base_db.path), read_only=True)
    try:
        with pytest.raises(DatabaseUnavailable, match=r"out of date.*Open the database read-write"):
            first_contact_and_counts(Database(con, base_db.path))
    finally:
        con.close()
    reopened = Database(connect(base_db.path), base_db.path)  # read-write, it rebuilds them
    try:
        assert first_contact_and_counts(reopened) == (1, 1, False)
    finally:
        reopened.con.close()


def test_a_summary_built_by_an_older_definition_is_rebuilt(base_db):
    first_contact_and_counts(base_db)
    with base_db.con.cursor() as cur:  # as a database summarised by an earlier release
        cur.execute("update summary_builds set definition = 'an older one' "
                    "where name = 'event_summary'")
        cur.execute("drop table event_summary")
        assert not summaries_current(cur)
    overdoses = base_db.frame("worker_overdoses", **program_params(Every.ALL),
                              since=date(2026, 1, 1), end=date(2026, 11, 20))
    assert overdoses.height == 0
    with base_db.con.cursor() as cur:
        assert summaries_current(cur)

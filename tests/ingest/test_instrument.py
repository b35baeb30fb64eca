"""Assessments carry their instrument (DATA_CONTRACT.md): `gpra` when the column is missing or
empty, so exports made before it still load; a database made before it gains the column."""

from __future__ import annotations

import duckdb

from store.schema import create_schema
from tests.ingest.conftest import check, upload

HEADER = "assessment_id,enrollment_id,assessed_on,wave"


def test_an_export_without_the_instrument_column_loads_as_gpra(base_db):
    upload(base_db, [("assessments.csv", f"{HEADER}\nS1,E1,2026-01-05,intake\n".encode())])
    assert base_db.con.execute("select assessment_id, instrument from assessments"
                               ).fetchall() == [("S1", "gpra")]


def test_the_instrument_is_read_generously_and_an_empty_cell_is_gpra(base_db):
    data = (f"{HEADER},instrument\nS1,E1,2026-01-05,intake,SUPRT-A\n"
            "S2,E1,2026-01-06,intake,\nS3,E1,2026-01-07,intake,suprt_c\n").encode()
    upload(base_db, [("assessments.csv", data)])
    assert base_db.con.execute("select assessment_id, instrument from assessments order by 1"
                               ).fetchall() == [("S1", "suprt_a"), ("S2", "gpra"),
                                                ("S3", "suprt_c")]


def test_an_unknown_instrument_is_refused_with_the_choices(base_db):
    data = f"{HEADER},instrument\nS1,E1,2026-01-05,intake,asi\n".encode()
    problems = check(base_db, [("assessments.csv", data)]).problems
    assert problems.select("column", "value", "accepted").rows() == [
        ("instrument", "asi", "one of gpra, suprt_a, suprt_c")]


def test_a_database_made_before_the_column_gains_it_with_gpra(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    create_schema(con)
    con.execute("alter table assessments drop column instrument")
    con.execute("alter table assessments_history drop column instrument")
    con.execute("insert into assessments (assessment_id, enrollment_id, assessed_on, wave) "
                "values ('S1', 'E1', '2026-01-05', 'intake')")
    create_schema(con)  # what opening it with this release does
    assert con.execute("select instrument from assessments").fetchall() == [("gpra",)]
    assert "instrument" in [r[0] for r in con.execute(
        "select column_name from information_schema.columns "
        "where table_name = 'assessments_history'").fetchall()]
    con.close()

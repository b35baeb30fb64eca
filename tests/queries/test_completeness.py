"""Data completeness (queries/completeness.py) on a hand-built database where one program's
contacts stop on 3 October while the other's go on to 20 November."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from queries.completeness import completeness, flags, programs_to_check
from queries.scope import Every
from store.versions import record_data_change
from tests.queries.fixtures import add, enroll

LAST_DAY = date(2026, 11, 20)


def _contacts(db, prefix: str, enrollment: str, worker: str, first: date, last: date) -> None:
    """A contact every second day from `first` to `last`."""
    with db.con.cursor() as cur:
        cur.execute(
            "insert into contacts select $p || cast(i as varchar), $e, $w, "
            "cast($first as date) + cast(2 * i as integer), 'check_in', 'phone', 10 "
            "from range(0, (cast($last as date) - cast($first as date)) // 2 + 1) as t (i)",
            {"p": prefix, "e": enrollment, "w": worker, "first": first, "last": last})
        record_data_change(cur, "test fixture: contacts")


@pytest.fixture
def stopped_db(fresh_db):
    for program, name in (("harbor", "Harbor"), ("mesa", "Mesa")):
        add(fresh_db, "programs", program_id=program, program_name=name)
        add(fresh_db, "workers", worker_id=f"W-{program}", program_id=program)
        enroll(fresh_db, f"E-{program}", program, f"W-{program}", "2026-01-01")
    _contacts(fresh_db, "H", "E-harbor", "W-harbor", date(2026, 1, 2), date(2026, 10, 3))
    _contacts(fresh_db, "M", "E-mesa", "W-mesa", date(2026, 1, 2), LAST_DAY)
    return fresh_db


def test_a_program_whose_contacts_stop_is_flagged_by_name_and_date(stopped_db):
    # Harbor: contacts on 2 Jan, 4 Jan, ... 3 Oct: 138 over 274 days, one every 2.0 days;
    # silent 48 days by 20 Nov, more than max(21, 5 x 2.0). Mesa's last is 20 Nov.
    found = completeness(stopped_db, Every.ALL, LAST_DAY)
    assert flags(found.summary) == [
        "Harbor has sent no contacts since 3 Oct 2026 (usually one every 2.0 days)."]
    harbor = found.summary.filter(program_id="harbor", record_type="contacts").row(0, named=True)
    assert (harbor["last_record_on"], harbor["total_records"], harbor["days_silent"]) == (
        date(2026, 10, 3), 138, 48)


def test_the_months_after_the_stop_are_empty_or_few_against_the_programs_history(stopped_db):
    # Harbor's whole months hold 15 or 16 contacts (every second day); October has 2 (1 and
    # 3 Oct): fewer than half the usual; November none. Mesa's November, 20 days of 30, has 10
    # against about 15.5 x 20/30 = 10.3 expected: not few.
    months = completeness(stopped_db, Every.ALL, LAST_DAY).months
    judged = {(r["program_id"], r["month"]): r["judged"] for r in months.filter(
        record_type="contacts").iter_rows(named=True)}
    assert judged[("harbor", date(2026, 10, 1))] == "few"
    assert judged[("harbor", date(2026, 11, 1))] == "none"
    assert judged[("harbor", date(2026, 9, 1))] is None
    assert [m for (p, m), j in judged.items() if p == "mesa" and j] == []
    assert judged[("harbor", date(2026, 1, 1))] is None  # the first month is never judged
    enrollments = months.filter(record_type="enrollments")
    assert enrollments["judged"].null_count() == enrollments.height  # 1 a program: too few


def test_the_program_that_stopped_is_the_one_to_check(stopped_db):
    to_check, others = programs_to_check(completeness(stopped_db, Every.ALL, LAST_DAY).summary)
    assert to_check.rows() == [("harbor", "Harbor")]
    assert others.rows() == [("mesa", "Mesa")]


def test_completeness_is_cut_to_the_programs_asked_for(stopped_db):
    found = completeness(stopped_db, ("mesa",), LAST_DAY)
    assert found.summary["program_id"].unique().to_list() == ["mesa"]
    assert flags(found.summary) == []
    assert found.months.filter(pl.col("month") > LAST_DAY).is_empty()

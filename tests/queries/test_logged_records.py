"""W4 and W5 on the supervision and incident records (docs/METRICS.md): a worker-month or
worker-quarter with records of its own counts them, else what its check-ins report; group
sessions are shown apart. A hand-built database where the two disagree, every figure recomputed
in plain SQL beside the assertion; and the sample, whose first program logs what its check-ins
report, so its figures read the same from either source."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from queries.attention import Thresholds
from queries.scope import Every, Scope
from queries.workforce import WorkforceFigures, workforce_frames
from store.connection import connect
from store.database import Database
from tests.queries.fixtures import add

D = date.fromisoformat
SCOPE = Scope(Every.ALL, D("2026-01-01"), D("2026-06-30"))
START, AS_OF = date(2025, 1, 1), date(2026, 11, 20)  # the sample's last 23 months


@pytest.fixture
def db(fresh_db: Database) -> Database:
    """A logs sessions and incidents in some months and quarters only; B never logs."""
    add(fresh_db, "programs", program_id="p1")
    for wid in ("A", "B", "S"):
        add(fresh_db, "workers", worker_id=wid, program_id="p1", display_name=f"Name {wid}")
    checkins = [("A", "2026-02-10", 60, 1), ("A", "2026-04-10", 90, 0),
                ("A", "2026-05-10", 90, 2), ("A", "2026-06-20", 90, 3),
                ("B", "2026-05-10", 45, 1), ("B", "2026-06-20", 50, 0)]
    for n, (wid, day, minutes, incidents) in enumerate(checkins):
        add(fresh_db, "wellbeing", checkin_id=f"k{n}", worker_id=wid, checkin_on=D(day),
            supervision_minutes=minutes, critical_incidents=incidents)
    sessions = [("2026-05-03", 30, "individual"), ("2026-05-20", 60, "group"),
                ("2026-06-05", 60, "group"), ("2025-12-20", 45, "individual")]
    for n, (day, minutes, kind) in enumerate(sessions):
        add(fresh_db, "supervision", supervision_id=f"s{n}", worker_id="A", supervisor_id="S",
            held_on=D(day), minutes=minutes, kind=kind)
    add(fresh_db, "incidents", incident_id="i1", worker_id="A", occurred_on=D("2026-05-20"),
        kind="violence", debriefed=True)
    return fresh_db


@pytest.fixture
def frames(db: Database) -> WorkforceFigures:
    return workforce_frames(db, SCOPE, Thresholds())


def rows(db: Database, sql: str) -> list[tuple]:
    with db.con.cursor() as cur:
        return cur.execute(sql).fetchall()


def test_a_month_with_sessions_counts_their_individual_minutes_and_shows_group_apart(db, frames):
    # A: February and April have no sessions (the check-ins' 60, 90); May's sessions win over
    # its check-in's 90 (30 individual, 60 group apart); June has a group session only, so its
    # individual minutes are 0 and the check-in's 90 is not counted. B never logs: 45, 50.
    got = frames.supervision.select("worker_id", "month", "source", "minutes",
                                    "group_minutes").rows()
    assert got == [("A", D("2026-02-01"), "check-ins", 60, None),
                   ("A", D("2026-04-01"), "check-ins", 90, None),
                   ("A", D("2026-05-01"), "records", 30, 60),
                   ("A", D("2026-06-01"), "records", 0, 60),
                   ("B", D("2026-05-01"), "check-ins", 45, None),
                   ("B", D("2026-06-01"), "check-ins", 50, None)]
    by_hand = rows(db, """
        with months as (
            select worker_id, date_trunc('month', held_on) as m from supervision
            where held_on between '2026-01-01' and '2026-06-30'
            union
            select worker_id, date_trunc('month', checkin_on) from wellbeing
            where checkin_on between '2026-01-01' and '2026-06-30')
        select worker_id, cast(m as date),
            case when exists (select 1 from supervision s where s.worker_id = months.worker_id
                              and date_trunc('month', s.held_on) = m)
            then (select coalesce(sum(minutes), 0) from supervision s
                  where s.worker_id = months.worker_id and date_trunc('month', s.held_on) = m
                  and kind = 'individual')
            else (select sum(supervision_minutes) from wellbeing c
                  where c.worker_id = months.worker_id and date_trunc('month', c.checkin_on) = m)
            end
        from months order by 1, 2""")
    assert frames.supervision.select("worker_id", "month", "minutes").rows() == by_hand


def test_a_quarter_with_incident_records_counts_them_and_not_its_check_ins(db, frames):
    # A: Q1 has no records, so its check-in's 1; Q2 has one record (a violence), so the 2 + 3
    # its check-ins report do not count. B: Q2's check-in reports 1.
    got = frames.incidents.select("worker_id", "quarter", "critical_incidents").rows()
    assert sorted(got) == [("A", D("2026-01-01"), 1), ("A", D("2026-04-01"), 1),
                           ("B", D("2026-04-01"), 1)]
    by_hand = rows(db, """
        with quarters as (
            select worker_id, date_trunc('quarter', occurred_on) as q from incidents
            union
            select worker_id, date_trunc('quarter', checkin_on) from wellbeing
            where critical_incidents > 0)
        select worker_id, cast(q as date),
            coalesce((select count(*) from incidents i where i.worker_id = quarters.worker_id
                      and date_trunc('quarter', i.occurred_on) = q having count(*) > 0),
                     (select sum(critical_incidents) from wellbeing c
                      where c.worker_id = quarters.worker_id
                      and date_trunc('quarter', c.checkin_on) = q))
        from quarters order by 1, 2""")
    assert sorted(got) == by_hand


def test_the_recent_incident_flag_sees_the_records_and_not_a_check_in_they_replace(db):
    # A's check-in of 20 Jun reports 3, but Q2 has a logged incident (20 May, 41 days before
    # the end): nothing in the last 30 days. C's incident logged on 25 Jun flags C.
    add(db, "workers", worker_id="C", program_id="p1", display_name="Name C")
    add(db, "incidents", incident_id="i2", worker_id="C", occurred_on=D("2026-06-25"),
        kind="overdose")
    flags = workforce_frames(db, SCOPE, Thresholds()).flags.filter(
        pl.col("rule") == "Recent critical incident")
    assert flags.select("worker_id", "figure").rows() == [
        ("C", "1 critical incident(s) logged in the last 30 days (latest 25 Jun 2026)")]


def test_a_worker_whose_program_logs_nothing_reads_as_before(db, frames):
    b = frames.supervision.filter(pl.col("worker_id") == "B")
    assert set(b["source"]) == {"check-ins"} and b["group_minutes"].null_count() == b.height


@pytest.fixture(scope="module")
def sample_frames(sample_path: Path, tmp_path_factory: pytest.TempPathFactory
                  ) -> WorkforceFigures:
    path = tmp_path_factory.mktemp("logged") / "sample.duckdb"
    shutil.copy(sample_path, path)
    db = Database(connect(path), path)
    try:
        return workforce_frames(db, Scope(Every.ALL, START, AS_OF), Thresholds())
    finally:
        db.con.close()


def test_on_the_sample_the_logging_program_reads_the_same_from_its_records(
        sample: duckdb.DuckDBPyConnection, sample_frames):
    # Every month of the first program with both a session and a check-in: the sessions'
    # individual minutes are the check-ins' (logged.py makes one session per check-in).
    both = sample_frames.supervision.filter(pl.col("source") == "records",
                                            pl.col("reported_minutes").is_not_null())
    assert both.height > 300
    assert (both["minutes"] == both["reported_minutes"]).all()
    group = sample.execute("select sum(minutes) from supervision where kind = 'group' and "
                           "held_on between $s and $e", {"s": START, "e": AS_OF}).fetchall()[0][0]
    assert sample_frames.supervision["group_minutes"].sum() == group > 0


def test_on_the_sample_w5_counts_what_the_check_ins_report(
        sample: duckdb.DuckDBPyConnection, sample_frames):
    total = sample.execute("select sum(critical_incidents) from wellbeing where checkin_on "
                           "between $s and $e", {"s": START, "e": AS_OF}).fetchall()[0][0]
    assert sample_frames.incidents["critical_incidents"].sum() == total
    assert set(sample_frames.incident_rows["source"]) == {"records", "check-ins"}


def test_supervision_is_judged_on_the_months_logged_where_sessions_are_logged(db, frames):
    """W6 as of 30 Jun judges May and June. A has sessions logged there, so their W4 minutes
    decide (30 individual in May, 0 in June: two months under 60), though the check-ins report
    90 a month; B logs nothing and its two check-ins are judged as before (one figure: none)."""
    assert [(w, f) for w, f in zip(frames.flags["worker_id"], frames.flags["figure"],
                                   strict=True) if f.startswith("Supervision")] == [
        ("A", "Supervision 30 then 0 min logged in May and June 2026 (target 60 a month)")]


def test_a_session_logged_lifts_a_worker_the_check_ins_flagged(db):
    """D's check-ins report 20 minutes a month, flagged on them; a 90-minute individual session
    logged in June makes June 90 (May still the check-ins' 20): no longer two months under."""
    add(db, "workers", worker_id="D", program_id="p1", display_name="Name D")
    for n, day in enumerate(("2026-04-10", "2026-05-10", "2026-06-09")):
        add(db, "wellbeing", checkin_id=f"d{n}", worker_id="D", checkin_on=D(day),
            supervision_minutes=20)

    def judged() -> list[str]:
        flags = workforce_frames(db, SCOPE, Thresholds()).flags
        return flags.filter(pl.col("worker_id") == "D", pl.col("rule") ==
                            "Supervision below target")["figure"].to_list()

    assert judged() == ["Supervision 20 then 20 min a month (target 60) at the check-ins of "
                        "10 May 2026 and 9 Jun 2026"]
    add(db, "supervision", supervision_id="d-s", worker_id="D", held_on=D("2026-06-15"),
        minutes=90, kind="individual")
    assert judged() == []

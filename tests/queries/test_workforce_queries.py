"""The Workforce figures on a hand-built database: each W6 rule is tripped by one worker made to
trip it, and a control worker sits on or just inside every line. Answers worked out below."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from charts.workforce_readings import turnover_rate
from queries.attention import Thresholds
from queries.scope import Every, Scope
from queries.triage import flag_states, triage
from queries.workforce import WorkforceFigures, contact_load, workforce_frames
from store.database import Database
from tests.queries.fixtures import add

D = date.fromisoformat
END = D("2026-06-30")  # the range's end: every rule is judged as of this day
SCOPE = Scope(Every.ALL, D("2026-01-01"), END)
BASE = {"proqol_bo": 30, "proqol_sts": 30, "proqol_cs": 35, "supervision_minutes": 90,
        "critical_incidents": 0}
ACKS = {"ack_id": pl.Int64, "worker_id": pl.String, "rule": pl.String, "figure": pl.Float64,
        "snoozed_until": pl.Date, "note": pl.String, "made_at": pl.Datetime,
        "made_by": pl.String}  # no acknowledgement yet
DAYS = ("2026-04-15", "2026-05-15", "2026-06-15")
# worker: {check-in day: what differs from BASE}
CHANGES: dict[str, dict[str, dict[str, int]]] = {
    "CTRL": {"2026-05-15": {"critical_incidents": 1},  # 46 days before the end: too old
             "2026-06-15": {"proqol_bo": 34}},  # up 4: under the rise of 5
    "HB": {"2026-05-15": {"proqol_bo": 40}, "2026-06-15": {"proqol_bo": 44},  # up 4 only
           "2026-07-10": {"proqol_bo": 20}},  # after the end: not seen
    "HS": {"2026-05-15": {"supervision_minutes": 30}, "2026-06-15": {"proqol_sts": 42}},
    "BR": {"2026-06-15": {"proqol_bo": 35}},
    "SB": {"2026-05-15": {"supervision_minutes": 45}, "2026-06-15": {"supervision_minutes": 30}},
    "CI": {"2026-06-15": {"critical_incidents": 2}},
    "CL": {}, "NC": {},
}


@pytest.fixture
def db(fresh_db: Database) -> Database:
    add(fresh_db, "programs", program_id="p1")
    for wid in CHANGES:
        add(fresh_db, "workers", worker_id=wid, program_id="p1", display_name=f"Name {wid}",
            fte=0.5 if wid == "CL" else 1.0)
    add(fresh_db, "workers", worker_id="NH", program_id="p1", hired_on=D("2026-06-01"))
    add(fresh_db, "workers", worker_id="L", program_id="p1", left_on=D("2026-03-31"))
    n = 0
    for wid, changes in CHANGES.items():
        days = DAYS[:1] if wid == "NC" else sorted({*DAYS, *changes})
        for day in days:
            n += 1
            add(fresh_db, "wellbeing", checkin_id=f"k{n}", worker_id=wid, checkin_on=D(day),
                **{**BASE, **changes.get(day, {})})
    add(fresh_db, "wellbeing", checkin_id="kL", worker_id="L", checkin_on=D("2026-01-15"),
        proqol_bo=45)  # high, but they have left
    caseload = {"CTRL": 25, "CL": 14}  # 25 per FTE exactly; 13 active on 0.5 FTE = 26
    for wid, count in caseload.items():
        for i in range(count):
            eid = f"{wid}-{i}"
            add(fresh_db, "participants", participant_id=f"P{eid}")
            last = wid == "CL" and i == 0  # discharged on the end day: not active on it
            add(fresh_db, "enrollments", enrollment_id=eid, participant_id=f"P{eid}",
                program_id="p1", worker_id=wid, enrolled_on=D("2025-06-01"),
                discharged_on=END if last else None, discharge_reason="completed" if last
                else None)
    for i, (day, minutes) in enumerate([("2026-06-01", 30), ("2026-06-03", 45),
                                        ("2026-06-07", 15), ("2026-06-08", 60),
                                        ("2026-06-29", 60)]):  # the 29th: not a whole week
        add(fresh_db, "contacts", contact_id=f"c{i}", enrollment_id="CTRL-0", worker_id="CTRL",
            contact_on=D(day), minutes=minutes)
    for eid, day in (("v1", "2026-02-10"), ("v0", "2025-12-01")):  # the second: before range
        add(fresh_db, "events", event_id=eid, enrollment_id="CL-1", event_on=D(day),
            event_type="overdose")
    return fresh_db


@pytest.fixture
def frames(db: Database) -> WorkforceFigures:
    return workforce_frames(db, SCOPE, Thresholds())


def fired(frames: dict[str, pl.DataFrame], rule: str) -> list[tuple[str, str]]:
    flags = frames.flags.filter(pl.col("rule") == rule)
    return list(zip(flags["worker_id"], flags["figure"], strict=True))


@pytest.mark.parametrize(("rule", "worker", "figure"), [
    ("High burnout", "HB", "Burnout 44 (high ≥ 42) on 15 Jun 2026"),
    ("High secondary traumatic stress", "HS",
     "Secondary traumatic stress 42 (high ≥ 42) on 15 Jun 2026"),
    ("Burnout rising", "BR", "Burnout up 5 points (30 → 35) from 15 May 2026 to 15 Jun 2026"),
    ("Caseload over threshold", "CL",
     "Caseload 13 on 0.5 FTE = 26.0 per FTE (over 25) on 30 Jun 2026"),
    # 45 min over the 30 days since 15 Apr = 45.7 a month; 30 over 31 days = 29.5
    ("Supervision below target", "SB", "Supervision 46 then 29 min a month (target 60) at the "
                                       "check-ins of 15 May 2026 and 15 Jun 2026"),
    ("Recent critical incident", "CI",
     "2 critical incident(s) reported at check-ins in the last 30 days (latest 15 Jun 2026)"),
    ("No recent check-in", "NC", "No check-in for 76 days (last on 15 Apr 2026)"),
])
def test_each_rule_fires_on_its_worker_alone(frames, rule, worker, figure):
    assert fired(frames, rule) == [(worker, figure)]


def test_the_control_the_new_hire_and_the_leaver_trip_nothing(frames):
    assert frames.flags["worker_id"].sort().to_list() == [
        "BR", "CI", "CL", "HB", "HS", "NC", "SB"]


def test_a_new_hire_without_check_ins_is_flagged_once_past_the_gap(db):
    later = Scope(Every.ALL, SCOPE.start, D("2026-08-05"))  # 65 days after hiring on 1 Jun
    frames = workforce_frames(db, later, Thresholds())
    assert ("NH", "No check-in since hired on 1 Jun 2026 (65 days)") in fired(
        frames, "No recent check-in")


def test_thresholds_are_settings(db):
    frames = workforce_frames(db, SCOPE, Thresholds(caseload_per_fte=24.5, burnout_rise=4))
    assert sorted(w for w, _ in fired(frames, "Caseload over threshold")) == ["CL", "CTRL"]
    assert sorted(w for w, _ in fired(frames, "Burnout rising")) == ["BR", "CTRL", "HB"]


def test_triage_puts_the_heaviest_flags_first(frames):
    """Severity is the sum of the rule weights (queries.attention.RULES): CI's incident 5,
    HB's high burnout 4, BR's rise 4, HS's stress 4, CL's caseload 3, SB's supervision 2,
    NC's silence 1. Ties: the most recent flag, then the name (HB, BR and HS all on 15 Jun)."""
    ranked = triage(flag_states(frames.flags, pl.DataFrame(schema=ACKS), END))
    assert ranked.select("worker_id", "severity").rows() == [
        ("CI", 5), ("BR", 4), ("HB", 4), ("HS", 4), ("CL", 3), ("SB", 2), ("NC", 1)]
    assert ranked.filter(pl.col("worker_id") == "CL")["chips"].to_list() == [["26 per FTE"]]
    assert ranked.filter(pl.col("worker_id") == "SB")["chips"].to_list() == [
        ["Supervision 29 min"]]


def test_caseload_per_worker_at_month_end(frames):
    cl = frames.caseload.filter(pl.col("worker_id") == "CL").sort("month")
    assert cl["caseload"].to_list() == [14, 14, 14, 14, 14, 13]  # one leaves on 30 Jun
    assert cl["per_fte"].to_list()[-1] == 26.0
    assert cl["day"].to_list()[-1] == END
    # L left on 31 Mar: on staff at the ends of January and February only.
    assert frames.caseload.filter(pl.col("worker_id") == "L")["month"].to_list() == [
        D("2026-01-01"), D("2026-02-01")]


def test_contact_load_counts_whole_weeks(frames):
    # Whole weeks from Mon 5 Jan to Sun 28 Jun: 25. Contacts in them: 1, 3 and 7 Jun (one
    # week, 90 minutes) and 8 Jun (60 minutes); the 29th is outside every whole week.
    weekly = frames.contacts.filter(pl.col("worker_id") == "CTRL")
    assert weekly.height == 25
    assert weekly.filter(pl.col("week") == D("2026-06-01")).row(0, named=True)["contacts"] == 3
    load = contact_load(frames.contacts).row(0, named=True)
    assert (load["worker_id"], load["contacts"], load["hours"], load["weeks"]) == (
        "CTRL", 4, 2.5, 25)
    assert load["contacts_per_week"] == pytest.approx(0.16)


def test_supervision_per_month_divides_by_the_months_since_the_previous_check_in(frames):
    sb = frames.checkins.filter(pl.col("worker_id") == "SB")
    assert sb["supervision_per_month"].to_list() == pytest.approx(
        [None, 45 / (30 / 30.44), 30 / (31 / 30.44)], nan_ok=True)


def test_incidents_per_worker_per_quarter(frames):
    rows = frames.incidents.select("worker_id", "quarter", "critical_incidents",
                                      "overdoses").rows()
    assert sorted(rows) == [("CI", D("2026-04-01"), 2, 0), ("CL", D("2026-01-01"), 0, 1),
                            ("CTRL", D("2026-04-01"), 1, 0)]


def test_turnover_over_the_average_month_end_headcount(frames):
    # 10 workers; L leaves on 31 Mar, NH joins on 1 Jun: 9, 9, 8, 8, 8, 9 at month ends.
    assert frames.turnover["headcount"].to_list() == [9, 9, 8, 8, 8, 9]
    leavers, average, rate = turnover_rate(frames.turnover)
    assert (leavers, average) == (1, 8.5)
    assert rate == pytest.approx(1 / 8.5)


def test_a_narrowed_scope_has_only_that_worker(db):
    frames = workforce_frames(db, Scope(Every.ALL, SCOPE.start, END, workers=("SB",)), Thresholds())
    assert frames.roster["worker_id"].to_list() == ["SB"]
    assert set(frames.checkins["worker_id"]) == {"SB"}
    assert frames.flags["worker_id"].to_list() == ["SB"]

"""The Outcomes figures (R1-R9) on a hand-built database whose answers are worked out below.

Scope: 1 Jan to 30 Jun 2026; the data's last day: 30 Sep 2026."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from queries.outcomes import OutcomeFigures, outcome_figures
from queries.scope import Every, Scope
from store.database import Database
from tests.queries.test_overview_queries import add

D = date.fromisoformat
ALL = Scope(Every.ALL, D("2026-01-01"), D("2026-06-30"))
LAST_DAY = D("2026-09-30")

# (id, program, worker, enrolled_on = intake day, discharged_on, reason)
ENROLLMENTS = [
    ("e1", "p1", "W1", "2025-06-01", None, None),  # window 29 Oct 2025 - 27 Jan 2026
    ("e2", "p1", "W1", "2025-07-01", None, None),  # window closes 26 Feb 2026
    ("e3", "p1", "W2", "2025-08-01", "2026-03-01", "deceased"),  # closes 29 Mar 2026
    ("e4", "p2", "W3", "2025-09-01", None, None),  # closes 29 Apr 2026
    ("e10", "p1", "W2", "2025-09-10", None, None),  # 7 Feb - 8 May 2026
    ("e5", "p1", "W1", "2026-01-10", None, None),  # 9 Jun - 7 Sep 2026: open on 30 Jun
    ("e6", "p1", "W2", "2026-02-01", "2026-05-01", "dropped_out"),  # opens 1 Jul
    ("e7", "p2", "W3", "2026-03-15", None, None),  # opens 12 Aug: beyond 30 days
    ("e8", "p1", "W1", "2026-01-20", "2026-04-01", "deceased"),  # open 19 Jun, but deceased
    ("e9", "p2", "W3", "2026-01-05", None, None),  # 4 Jun - 2 Sep, interviewed 20 Jun
    ("e11", "p1", "W1", "2026-05-01", None, None),  # no intake interview
]
# enrollment -> [(6-month day, days_used_30, barc10, housed, employed, arrests)], and the
# intake's (barc10, housed, employed, arrests)
SIX_MONTH = {
    "e1": [("2025-12-01", 0, 50, True, True, 0)],  # + 183: in window, before the range
    "e2": [("2026-03-01", 0, 50, True, True, 0)],  # + 243: late, not in the window
    "e4": [("2026-02-28", 0, 48, True, False, 0),  # + 180
           ("2026-03-10", 5, 20, False, False, 3)],  # + 190: a repeat, ignored
    "e9": [("2026-06-20", 2, 46, True, True, 0)],  # + 166
    "e10": [("2026-02-20", 0, 30, False, True, 0)],  # + 163
}
INTAKE = {"e4": (30, False, False, 1), "e9": (40, True, None, 0), "e10": (20, False, False, 0)}
# contacts by days after enrolled_on
CONTACT_DAYS = {"e5": [*range(0, 78, 7), 80], "e7": [1, 2, 3, 40],
                "e8": [0, 10, 20, 30, 40, 50, 90], "e9": [0, 5]}
EVENTS = [
    ("e5", "2026-04-20", "recurrence"),  # day 100
    ("e6", "2026-07-30", "recurrence"),  # day 179, after discharge (day 89)
    ("e7", "2026-09-11", "recurrence"),  # day 180
    ("e11", "2026-05-01", "recurrence"),  # day 0
    ("e1", "2026-02-10", "ed_visit"), ("e1", "2026-02-15", "hospital_admission"),
    ("e1", "2026-03-10", "detox_admission"),  # 23 days after the last admission
    ("e1", "2026-05-20", "hospital_admission"),  # 71 days after
    ("e1", "2026-07-05", "ed_visit"),  # after the range
    ("e3", "2026-03-05", "ed_visit"),  # after discharge: not while enrolled
    ("e3", "2026-03-01", "overdose_death"),
    ("e4", "2026-04-05", "detox_admission"), ("e4", "2026-04-05", "detox_admission"),
    ("e6", "2026-05-10", "detox_admission"),  # after discharge
    ("e9", "2026-04-15", "overdose"), ("e6", "2026-06-10", "overdose"),  # after discharge
]


def _assess(db: Database, aid: str, eid: str, day: str, wave: str, used: int | None,
            answers: tuple) -> None:
    barc, housed, employed, arrests = answers
    add(db, "assessments", assessment_id=aid, enrollment_id=eid, assessed_on=D(day), wave=wave,
        days_used_30=used, barc10_total=barc, stable_housing=housed,
        employed_or_in_school=employed, arrests_30=arrests)


@pytest.fixture
def db(fresh_db: Database) -> Database:
    for p in ("p1", "p2"):
        add(fresh_db, "programs", program_id=p)
    for w, p in (("W1", "p1"), ("W2", "p1"), ("W3", "p2")):
        add(fresh_db, "workers", worker_id=w, program_id=p, display_name=f"Worker {w}")
    for eid, prog, worker, start, end, reason in ENROLLMENTS:
        add(fresh_db, "participants", participant_id=f"0{eid}")
        add(fresh_db, "enrollments", enrollment_id=eid, participant_id=f"0{eid}",
            program_id=prog, worker_id=worker, enrolled_on=D(start),
            discharged_on=end and D(end), discharge_reason=reason)
        if eid != "e11":
            _assess(fresh_db, f"{eid}i", eid, start, "intake", 20,
                    INTAKE.get(eid, (25, False, False, 0)))
        for n, (day, used, *answers) in enumerate(SIX_MONTH.get(eid, [])):
            _assess(fresh_db, f"{eid}s{n}", eid, day, "6_month", used, tuple(answers))
        for n, days in enumerate(CONTACT_DAYS.get(eid, [])):
            add(fresh_db, "contacts", contact_id=f"{eid}c{n}", enrollment_id=eid,
                worker_id=worker, contact_on=D(start) + timedelta(days=days))
    with fresh_db.con.cursor() as cur:
        for n, (eid, day, kind) in enumerate(EVENTS):
            cur.execute("insert into events (event_id, enrollment_id, event_on, event_type) "
                        "values ($1, $2, $3, $4)",
                        [f"v{n}", eid, D(day), kind])
    return fresh_db


def figures(db: Database, scope: Scope = ALL) -> OutcomeFigures:
    return outcome_figures(db, scope, LAST_DAY)


def rows(frame: pl.DataFrame, *columns: str) -> list[tuple]:
    return frame.select(columns).rows()


def test_gpra_followup_by_the_month_the_window_closed(db):
    # Windows closing Jan-Jun 2026: e1 (Jan, interviewed +183), e2 (Feb, late at +243),
    # e3 (Mar, none), e4 (Apr, +180), e10 (May, +163). 3 of 5.
    r1 = figures(db).followup
    assert rows(r1, "month", "numerator", "denominator") == [
        (D("2026-01-01"), 1, 1), (D("2026-02-01"), 0, 1), (D("2026-03-01"), 0, 1),
        (D("2026-04-01"), 1, 1), (D("2026-05-01"), 1, 1)]
    # Wilson for 0 of 1: (0, 1.96^2 / (1 + 1.96^2)) = (0, 0.7935)
    feb = r1.row(1, named=True)
    assert (feb["low"], feb["high"]) == (0.0, pytest.approx(0.7935, abs=1e-4))
    assert rows(figures(db, ALL.narrowed("program", "p2")).followup, "numerator",
                "denominator") == [(1, 1)]


def test_who_to_interview_on_the_ranges_last_day(db):
    # 30 Jun: e5's window is open (closes 7 Sep: 69 days left); e6's opens 1 Jul (closes
    # 29 Sep: 91). Not e7 (opens 12 Aug), e8 (deceased), e9 (interviewed 20 Jun).
    due = figures(db).due
    assert rows(due, "enrollment_id", "worker", "window_opens", "days_left") == [
        ("e5", "Worker W1", D("2026-06-09"), 69), ("e6", "Worker W2", D("2026-07-01"), 91)]
    assert due["participant_id"].to_list() == ["0e5", "0e6"]


def test_abstinence_one_interview_per_enrollment(db):
    # Feb: e4 (+180, 0 days; its repeat on 10 Mar is ignored) and e10 (0 days). Jun: e9 (2).
    r2 = figures(db).abstinence
    assert rows(r2, "month", "numerator", "denominator") == [
        (D("2026-02-01"), 2, 2), (D("2026-06-01"), 0, 1)]
    assert figures(db, ALL.narrowed("worker", "W1")).abstinence.height == 0


def test_recurrence_within_180_days_and_by_tier(db):
    # Enrolled Jan-Jun with 180 days by 30 Sep (on or before 3 Apr): e5, e8, e9 (Jan), e6
    # (Feb), e7 (Mar). Recurrence on days 0-179: e5 (day 100), e6 (day 179, after discharge:
    # follow-up is the data's, not the enrollment's); not e7 (day 180).
    f = figures(db)
    assert rows(f.recurrence_by_month, "month", "numerator", "denominator") == [
        (D("2026-01-01"), 1, 3), (D("2026-02-01"), 1, 1), (D("2026-03-01"), 0, 1)]
    # Contacts on days 0-89: e6 0 and e9 2 (0-2), e7 4 (3-5), e8 6 (its day-90 contact is
    # out: 6-11), e5 13 (12+).
    assert rows(f.recurrence_by_tier, "tier", "numerator", "denominator") == [
        ("0-2", 1, 2), ("3-5", 0, 1), ("6-11", 0, 1), ("12+", 1, 1)]


def test_time_to_first_recurrence(db):
    # Enrolled in the range: e11 event day 0; e8 censored 71 (discharged); e6 censored 89
    # (its recurrence came after discharge); e5 event 100; e7 event 180; e9 censored 268.
    f = figures(db)
    everyone = f.km_curves.filter(pl.col("group") == "All enrollments")
    assert rows(everyone.filter(pl.col("events") > 0), "time", "at_risk", "survival") == [
        (0, 6, pytest.approx(5 / 6)), (100, 3, pytest.approx(5 / 9)),
        (180, 2, pytest.approx(5 / 18))]
    # Day-30 landmark: e11 is out; tiers by contacts on days 0-29: e6 0 (0-1), e7 3, e8 3,
    # e9 2 (2-3), e5 5 (4-7). In 2-3: 71 censored, 180 event of 2 at risk, 268 censored.
    tier = f.km_curves.filter(pl.col("group") == "2-3 contacts", pl.col("events") > 0)
    assert rows(tier, "time", "at_risk", "survival") == [(180, 2, 0.5)]
    at_risk = f.km_at_risk.filter(pl.col("group") == "All enrollments")
    assert dict(rows(at_risk, "at", "at_risk"))[0] == 6
    assert dict(rows(at_risk, "at", "at_risk"))[120] == 2  # 180, 268
    assert set(f.km_curves["group"]) == {"All enrollments", "0-1 contacts", "2-3 contacts",
                                            "4-7 contacts"}


def test_acute_care_readmissions_and_overdoses_by_quarter(db):
    # Active in Q1: every enrollment but e11 (10); in Q2: not e3 (left 1 Mar), not e8 (left
    # 1 Apr, the quarter's first day): 9. Q1 while enrolled: e1's ED visit, hospital
    # admission, and detox 23 days later (a readmission); e3's ED visit came after its
    # discharge. Q2: e1's hospital admission (71 days on), e4's two detox admissions on one
    # day (not a readmission); e6's detox after discharge is out.
    f = figures(db)
    acute = f.acute
    assert rows(acute, "quarter", "active", "ed_visits", "hospital_admissions",
                "detox_admissions", "readmissions") == [
        (D("2026-01-01"), 10, 1, 1, 1, 1), (D("2026-04-01"), 9, 0, 1, 2, 0)]
    assert acute["detox_admissions_per_100"].to_list() == pytest.approx([10.0, 200 / 9])
    # Readmissions of hospital and detox admissions: Q1 1 of 1 + 1, Q2 0 of 1 + 2.
    assert rows(f.readmissions, "quarter", "numerator", "denominator", "whole") == [
        (D("2026-01-01"), 1, 2, True), (D("2026-04-01"), 0, 3, True)]
    assert f.readmissions["value"].to_list() == pytest.approx([1 / 2, 0.0])
    # Overdoses count whether or not the person was still enrolled (e6's came after).
    assert rows(acute, "overdoses", "overdose_deaths", "whole") == [(0, 1, True),
                                                                    (2, 0, True)]
    # A click on the second quarter narrows the page to it.
    q2 = figures(db, ALL.narrowed("quarter", "2026-04-01")).acute
    assert rows(q2, "label", "active") == [("2026 Q2", 9)]


def test_recovery_capital_paired_change(db):
    # 6-month interviews in the range: e10 and e4 in Feb, e9 in Jun. Feb: changes +10 (20 to
    # 30) and +18 (30 to 48): mean 14, sd sqrt(32), 95% half-width 1.96 x sqrt(32)/sqrt(2)
    # = 7.84.
    capital = figures(db).capital
    feb = capital.row(0, named=True)
    assert (feb["pairs"], feb["intake_mean"], feb["six_month_mean"], feb["change"]) == (
        2, 25.0, 39.0, 14.0)
    assert (feb["change_low"], feb["change_high"]) == (pytest.approx(14 - 7.8399, abs=1e-3),
                                                      pytest.approx(14 + 7.8399, abs=1e-3))
    assert rows(capital.slice(1), "pairs", "change") == [(1, 6.0)]  # e9: 40 to 46


def test_social_outcomes_same_people_at_both(db):
    # Housed: e4 no -> yes, e9 yes -> yes, e10 no -> no. Employed: e9 has no intake answer,
    # so e4 (no -> no) and e10 (no -> yes). Arrest: e4 1 -> 0. BARC-10 >= 47: only e4's 48.
    social = figures(db).social
    assert rows(social, "measure", "wave", "numerator", "denominator") == [
        ("Stably housed", "Intake", 1, 3), ("Stably housed", "6 months", 2, 3),
        ("Employed or in school", "Intake", 0, 2), ("Employed or in school", "6 months", 1, 2),
        ("Any arrest in the past 30 days", "Intake", 1, 3),
        ("Any arrest in the past 30 days", "6 months", 0, 3),
        ("BARC-10 of 47 or more", "Intake", 0, 3), ("BARC-10 of 47 or more", "6 months", 1, 3)]


def test_nothing_in_scope_is_empty_not_an_error(db):
    empty = figures(db, Scope(("p9",), D("2026-01-01"), D("2026-06-30")))
    assert empty.followup.height == 0 and empty.due.height == 0
    assert empty.km_curves.height == 0 and empty.acute["active"].sum() == 0
    assert empty.social["denominator"].sum() == 0 and empty.readmissions.height == 0


RATES = ("followup", "abstinence", "recurrence_by_month", "recurrence_by_tier", "readmissions",
         "social")


def test_every_rate_is_in_the_shape_every_page_draws(db):
    # numerator, denominator, value (0-1, null where nothing is counted), low and high last,
    # after the frame's own keys, labels and flags: the shape of Engagement and Aftercare.
    f = figures(db)
    for name in RATES:
        frame = getattr(f, name)
        assert frame.columns[-5:] == ["numerator", "denominator", "value", "low", "high"], name
        counted = frame.filter(pl.col("denominator") > 0)
        assert (counted["value"] == counted["numerator"] / counted["denominator"]).all(), name
        assert counted["value"].is_between(0, 1).all(), name

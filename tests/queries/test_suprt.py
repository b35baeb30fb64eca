"""R1 follows each instrument's rule (METRICS.md): GPRA's 6-month interview 150-240 days after
the intake; SUPRT's reassessment 150-210 days after the baseline, none due after a closeout
before or during the window; and R1 and the interviews-due list agree about a window that
closes on the data's last day. SUPRT's annual assessment (each anniversary of the baseline,
30 days either side) is listed with the interviews due."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from queries.interviews import annual_assessments, followup_by_month, interviews_due
from queries.scope import Every, Scope, program_params
from queries.worklists import interview_list
from records.models import REASSESSMENT_WINDOWS
from store.windows import reassessment_windows, set_reassessment_windows
from tests.queries.fixtures import add, enroll

D = date.fromisoformat
BASELINE = D("2025-11-03")
LAST_DAY = D("2026-09-30")
SCOPE = Scope(Every.ALL, D("2026-01-01"), LAST_DAY)


def _intake(db, eid: str, instrument: str, *later: tuple[str, int]) -> None:
    """An enrollment with a baseline on BASELINE and interviews (wave, day after it)."""
    enroll(db, eid, "p1", "W1", BASELINE.isoformat())
    add(db, "assessments", assessment_id=f"{eid}-0", enrollment_id=eid, assessed_on=BASELINE,
        wave="intake", instrument=instrument)
    for i, (wave, day) in enumerate(later, start=1):
        add(db, "assessments", assessment_id=f"{eid}-{i}", enrollment_id=eid,
            assessed_on=BASELINE + timedelta(days=day), wave=wave, instrument=instrument)


@pytest.fixture
def db(fresh_db):
    add(fresh_db, "programs", program_id="p1")
    add(fresh_db, "workers", worker_id="W1", program_id="p1")
    # SUPRT-A reassessments at days 149, 150, 210 and 211 (in: 150 and 210)
    for eid, day in (("s149", 149), ("s150", 150), ("s210", 210), ("s211", 211)):
        _intake(fresh_db, eid, "suprt_a", ("6_month", day))
    _intake(fresh_db, "close", "suprt_a", ("discharge", 120))  # closed out before the window
    _intake(fresh_db, "close_in", "suprt_c", ("discharge", 170))  # ...and during it
    _intake(fresh_db, "close_after", "suprt_a", ("discharge", 230))  # after: still due
    _intake(fresh_db, "g211", "gpra", ("6_month", 211))  # GPRA: in its window
    _intake(fresh_db, "g_closed", "gpra", ("discharge", 120))  # GPRA has no closeout rule
    # annual assessments, due on days 335-395: one held on day 350, one too early (day 320)
    _intake(fresh_db, "a350", "suprt_c", ("6_month", 180), ("12_month", 350))
    _intake(fresh_db, "a320", "suprt_a", ("6_month", 180), ("12_month", 320))
    return fresh_db


def _intakes(db):
    return db.frame("six_month_interviews", **program_params(Every.ALL),
                    start=SCOPE.start, end=SCOPE.end)


def test_the_window_follows_the_instrument(db):
    rows = {r["enrollment_id"]: r for r in _intakes(db).iter_rows(named=True)}
    assert rows["s150"]["window_closes"] == BASELINE + timedelta(days=210)
    assert rows["g211"]["window_closes"] == BASELINE + timedelta(days=240)
    interviewed = {e for e, r in rows.items() if r["six_month_on"] is not None}
    # 149 too early, 211 too late for SUPRT
    assert interviewed == {"s150", "s210", "g211", "a350", "a320"}


def test_a_closeout_before_or_during_the_window_means_none_is_due(db):
    r1 = followup_by_month(_intakes(db), SCOPE, LAST_DAY)
    # Due: the four SUPRT reassessment cases, close_after, both GPRA and the two annual cases
    # (11 - 2 closed out); interviewed: s150, s210, g211, a350, a320.
    assert (int(r1["due"].sum()), int(r1["interviewed"].sum())) == (9, 5)


def test_the_list_leaves_out_whoever_is_closed_out(db):
    day = BASELINE + timedelta(days=175)  # after both closeouts
    listed = set(interviews_due(_intakes(db), day)["enrollment_id"])
    assert "close" not in listed and "close_in" not in listed
    assert {"close_after", "g_closed", "s149"} <= listed  # s149's reassessment was too early


def test_a_window_closing_on_the_last_day_is_not_yet_due_and_is_on_the_list(db):
    last = BASELINE + timedelta(days=240)  # g_closed's GPRA window closes today
    r1 = followup_by_month(_intakes(db), Scope(Every.ALL, SCOPE.start, last), last)
    listed = interviews_due(_intakes(db), last)
    assert listed.filter(listed["enrollment_id"] == "g_closed")["days_left"].to_list() == [0]
    gpra_due = followup_by_month(_intakes(db), Scope(Every.ALL, SCOPE.start, last),
                                 last + timedelta(days=1))
    assert int(gpra_due["due"].sum()) == int(r1["due"].sum()) + 2  # g211 and g_closed close


def test_a_new_database_holds_the_records_windows(db):
    with db.con.cursor() as cur:
        assert reassessment_windows(cur) == {k.value: v for k, v in REASSESSMENT_WINDOWS.items()}


def test_suprts_window_is_a_setting_that_the_figures_follow(db):
    # SUPRT's window set to 150-200: s210's reassessment (day 210) falls out of it, and its
    # window closes ten days earlier.
    before = db.data_version()
    assert set_reassessment_windows(db.con, {"suprt_a": (150, 200), "suprt_c": (150, 200)})
    assert db.data_version() == before + 1  # a change of the data: caches and summaries follow
    rows = {r["enrollment_id"]: r for r in _intakes(db).iter_rows(named=True)}
    assert rows["s210"]["six_month_on"] is None
    assert rows["s150"]["window_closes"] == BASELINE + timedelta(days=200)
    assert rows["g211"]["six_month_on"] is not None  # GPRA's window is not SUPRT's
    assert not set_reassessment_windows(db.con, {"suprt_a": (150, 200)})  # nothing to change


ANNIVERSARY = BASELINE + timedelta(days=365)  # 3 Nov 2026


def _due_on(db, day: date) -> pl.DataFrame:
    scope = Scope(Every.ALL, SCOPE.start, day)
    return interviews_due(_intakes(db), day, annual_assessments(db, scope, day))


def test_suprts_annual_assessment_is_due_around_each_anniversary_until_held(db):
    due = _due_on(db, ANNIVERSARY)
    annual = due.filter(pl.col("assessment") == "Annual (year 1)")
    # every SUPRT baseline not closed out and with no annual assessment in days 335-395: the
    # four reassessment cases and a320 (its day 320 was before the window); not a350 (held on
    # day 350), not the three closed out, never GPRA
    assert sorted(annual["enrollment_id"]) == ["a320", "s149", "s150", "s210", "s211"]
    first = annual.row(0, named=True)
    assert (first["window_opens"], first["window_closes"], first["days_left"]) == (
        D("2026-10-04"), D("2026-12-03"), 30)
    assert set(due["assessment"]) == {"Annual (year 1)"}  # every 6-month window has closed
    # 31 days before its window opens it is not listed yet; 30 days before it is
    assert _due_on(db, D("2026-10-04") - timedelta(days=31)).is_empty()
    assert _due_on(db, D("2026-10-04") - timedelta(days=30)).height == 6  # a350's is to come
    # the day after the window closes, nothing is due until the next anniversary's window
    assert _due_on(db, D("2026-12-04")).is_empty()
    second = _due_on(db, D("2027-11-03"))
    assert set(second["assessment"]) == {"Annual (year 2)"} and second.height == 6  # a350 too


def test_an_attempt_for_the_reassessment_says_nothing_of_the_annual_assessment(db):
    due = _due_on(db, ANNIVERSARY).filter(pl.col("enrollment_id").is_in(["s149", "s150"]))
    attempts = pl.DataFrame({  # s149 reached for its reassessment, s150 tried for the annual
        "enrollment_id": ["s149", "s150"],
        "attempted_on": [BASELINE + timedelta(days=160), ANNIVERSARY - timedelta(days=3)],
        "outcome": ["reached", "no_answer"], "note": [None, None]})
    listed = {r["enrollment_id"]: r for r in interview_list(due, attempts).iter_rows(named=True)}
    assert (listed["s149"]["attempts"], listed["s149"]["last_attempt"]) == (0, "None yet")
    assert not listed["s149"]["settled"]
    assert listed["s150"]["attempts"] == 1 and listed["s150"]["last_attempt"].startswith("No ")

"""R1 follows each instrument's rule (METRICS.md): GPRA's 6-month interview 150-240 days after
the intake; SUPRT's reassessment 150-210 days after the baseline, none due after a closeout
before or during the window; and R1 and the interviews-due list agree about a window that
closes on the data's last day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from queries.interviews import followup_by_month, interviews_due
from queries.scope import Every, Scope, program_params
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
    return fresh_db


def _intakes(db):
    return db.frame("six_month_interviews", **program_params(Every.ALL),
                    start=SCOPE.start, end=SCOPE.end)


def test_the_window_follows_the_instrument(db):
    rows = {r["enrollment_id"]: r for r in _intakes(db).iter_rows(named=True)}
    assert rows["s150"]["window_closes"] == BASELINE + timedelta(days=210)
    assert rows["g211"]["window_closes"] == BASELINE + timedelta(days=240)
    interviewed = {e for e, r in rows.items() if r["six_month_on"] is not None}
    assert interviewed == {"s150", "s210", "g211"}  # 149 too early, 211 too late for SUPRT


def test_a_closeout_before_or_during_the_window_means_none_is_due(db):
    r1 = followup_by_month(_intakes(db), SCOPE, LAST_DAY)
    # Due: the four SUPRT reassessment cases, close_after, and both GPRA (9 - 2 closed out);
    # interviewed: s150, s210, g211.
    assert (int(r1["due"].sum()), int(r1["interviewed"].sum())) == (7, 3)


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

"""The Overview's figures on a hand-built database whose answers are worked out below."""

from __future__ import annotations

import polars as pl
import pytest

from access.viewer import NotAllowed
from queries.overview import headline_figures
from queries.scope import Every, Scope
from store.database import Database
from tests.queries.fixtures import D, add

# (id, program, worker, enrolled_on, discharged_on, reason)
ENROLLMENTS = [
    ("e1", "p1", "W2", "2025-12-01", None, None),
    ("e2", "p1", "W1", "2026-01-10", "2026-01-10", "transferred"),  # same day: never active
    ("e3", "p1", "W1", "2026-01-05", "2026-01-31", "completed"),  # leaves on a month's last day
    ("e4", "p1", "W2", "2026-02-01", "2026-03-31", "deceased"),
    ("e5", "p2", "W3", "2026-02-15", "2026-02-20", "incarcerated"),
    ("e6", "p2", "W3", "2025-06-01", "2026-03-10", "dropped_out"),
    ("e7", "p1", "W2", "2026-03-01", None, None),  # never contacted
    # interviewed only: discharged before the range
    *[(f"e{i}", "p1" if i in (8, 9, 12) else "p2", "W1", "2025-06-01", "2025-12-15",
       "completed") for i in range(8, 13)],
]
CONTACTS = {"e1": ["2026-01-02"] * 4 + ["2026-02-03", "2026-04-30"],
            "e3": ["2026-01-06", "2026-01-20"], "e4": ["2026-02-02", "2026-02-09", "2026-03-03"],
            "e5": ["2026-02-16"]}
APPOINTMENTS = [("e2", "2026-01-17", "attended"),  # discharge + 7
                ("e3", "2026-01-20", "attended"),  # before discharge: not a follow-up
                ("e3", "2026-02-02", "missed"), ("e3", "2026-03-02", "attended"),  # + 30
                ("e6", "2026-04-10", "attended"),  # + 31
                ("e4", "2026-04-01", "attended"), ("e5", "2026-02-21", "attended")]
# (enrollment, intake_on, 6-month on, days_used_30)
INTERVIEWS = [("e6", "2025-08-05", "2026-01-02", 0),  # + 150: in window, abstinent, Jan
              ("e8", "2025-07-01", "2026-02-26", 3),  # + 240: in window, used, Feb
              ("e9", "2025-08-01", "2026-03-30", 0),  # + 241: out of window
              ("e10", "2025-09-01", "2026-01-28", 0),  # + 149: out of window
              ("e11", "2025-09-15", "2026-03-14", None),  # no answer
              ("e12", "2025-09-20", "2026-03-09", 0)]  # + 170: abstinent, Mar


@pytest.fixture
def db(fresh_db: Database) -> Database:
    for p in ("p1", "p2"):
        add(fresh_db, "programs", program_id=p)
    add(fresh_db, "workers", worker_id="W1", program_id="p1")
    add(fresh_db, "workers", worker_id="W2", program_id="p1", fte=0.5)
    add(fresh_db, "workers", worker_id="W3", program_id="p2", left_on=D("2026-03-15"))
    for eid, prog, worker, start, end, reason in ENROLLMENTS:
        add(fresh_db, "participants", participant_id=f"0{eid}")
        add(fresh_db, "enrollments", enrollment_id=eid, participant_id=f"0{eid}",
            program_id=prog, worker_id=worker, enrolled_on=D(start),
            discharged_on=end and D(end), discharge_reason=reason)
    n = 0
    for eid, days in CONTACTS.items():
        for day in days:
            n += 1
            add(fresh_db, "contacts", contact_id=f"c{n}", enrollment_id=eid, worker_id="W1",
                contact_on=D(day))
    for i, (eid, day, status) in enumerate(APPOINTMENTS):
        add(fresh_db, "appointments", appointment_id=f"a{i}", enrollment_id=eid,
            scheduled_on=D(day), status=status)
    for eid, intake, six, used in INTERVIEWS:
        add(fresh_db, "assessments", assessment_id=f"{eid}i", enrollment_id=eid,
            assessed_on=D(intake), wave="intake", days_used_30=20)
        add(fresh_db, "assessments", assessment_id=f"{eid}s", enrollment_id=eid,
            assessed_on=D(six), wave="6_month", days_used_30=used)
    return fresh_db


ALL = Scope(Every.ALL, D("2026-01-01"), D("2026-03-31"))
LAST_DAY = D("2026-04-30")  # the latest contact


def figures(db: Database, scope: Scope = ALL, role: str = "analyst",
            threshold: float = 1.5) -> dict[str, pl.DataFrame]:
    return headline_figures(db, scope, LAST_DAY, threshold, role)


def column(frame: pl.DataFrame, name: str) -> list:
    return frame[name].to_list()


def test_active_enrollments_at_month_end(db):
    # Jan 31: e1, e6 (e3 left that day; e2 was never active). Feb 28: e1, e4, e6.
    # Mar 31: e1, e7 (e4 left that day, e6 on Mar 10).
    active = figures(db)["active"]
    assert column(active, "numerator") == [2, 3, 2]
    assert column(active, "month") == [D("2026-01-01"), D("2026-02-01"), D("2026-03-01")]


def test_contacts_per_active_participant(db):
    # Jan: 6 contacts over e1, e3, e6 active. Feb: 4 over e1, e4, e5, e6.
    # Mar: 1 over e1, e4, e6, e7 (e7, never contacted, still counts as active).
    e2 = figures(db)["contacts_per_active"]
    assert column(e2, "numerator") == [6, 4, 1]
    assert column(e2, "denominator") == [3, 4, 4]
    assert column(e2, "value") == [2.0, 1.0, 0.25]
    assert all(column(e2, "final"))


def test_follow_up_within_30_days_excludes_deceased_and_incarcerated(db):
    # Jan discharges e2 (attended at +7) and e3 (attended at +30; the visit before discharge
    # does not count). Mar: e6 (first attended at +31). e4 (deceased), e5 (incarcerated) out.
    a1 = figures(db)["followup_30"]
    assert column(a1, "month") == [D("2026-01-01"), D("2026-03-01")]
    assert column(a1, "numerator") == [2, 0]
    assert column(a1, "denominator") == [2, 1]
    assert column(a1, "final") == [True, True]  # Mar 31 + 30 = Apr 30, the last day


def test_follow_up_windows_still_open_are_not_final(db):
    a1 = headline_figures(db, ALL, D("2026-04-29"), 1.5, "analyst")["followup_30"]
    assert column(a1, "final") == [True, False]


def test_abstinence_counts_only_in_window_six_month_interviews(db):
    # +150 (Jan, abstinent) and +240 (Feb, used) count; +149, +241 and no answer do not.
    r2 = figures(db)["abstinent_6m"]
    assert column(r2, "month") == [D("2026-01-01"), D("2026-02-01"), D("2026-03-01")]
    assert column(r2, "numerator") == [1, 0, 1]
    assert column(r2, "denominator") == [1, 1, 1]


def test_workers_over_the_caseload_threshold(db):
    # W2 is 0.5 FTE: 1 active (Jan) = 2 per FTE, 2 (Feb) = 4, 2 (Mar) = 4; threshold 1.5.
    # W3 carries 1 per FTE and leaves on Mar 15, so March has two specialists on staff.
    w1 = figures(db)["over_caseload"]
    assert column(w1, "numerator") == [1, 1, 1]
    assert column(w1, "denominator") == [3, 3, 2]
    assert column(figures(db, threshold=5)["over_caseload"], "numerator") == [0, 0, 0]


def test_program_filter(db):
    # p2 only: e6 active at Jan and Feb ends; in-month e6, then e5 and e6, then e6.
    e = figures(db, Scope(("p2",), ALL.start, ALL.end))
    assert column(e["active"], "numerator") == [1, 1, 0]
    assert column(e["contacts_per_active"], "denominator") == [1, 2, 1]
    assert column(e["followup_30"], "denominator") == [1]


def test_a_range_ending_mid_month_counts_on_its_last_day(db):
    e = figures(db, Scope(Every.ALL, ALL.start, D("2026-03-05")))
    assert column(e["active"], "numerator")[-1] == 4  # e1, e4, e6 and e7 on Mar 5
    assert column(e["contacts_per_active"], "final") == [True, True, False]


@pytest.mark.parametrize("role", ["funder", "visitor", "", "Analyst"])
def test_no_monthly_headline_reaches_a_role_that_sees_the_release_only(db, role):
    """Funders see the Overview cut from the quarterly funder release: a monthly series of
    their own would be a second time grain to subtract from the quarter's total."""
    with pytest.raises(NotAllowed):
        figures(db, role=role)


def test_a_repeated_six_month_interview_counts_once(db):
    # e6 was interviewed again 18 days later (days of use 5): the first interview stands.
    add(db, "assessments", assessment_id="e6s2", enrollment_id="e6", wave="6_month",
        assessed_on=D("2026-01-20"), days_used_30=5)
    r2 = figures(db)["abstinent_6m"]
    assert column(r2, "numerator")[0] == 1 and column(r2, "denominator")[0] == 1


def test_a_month_cut_short_by_the_range_is_not_final(db):
    a1 = figures(db, Scope(Every.ALL, ALL.start, D("2026-03-20")))["followup_30"]
    assert column(a1, "final") == [True, False]

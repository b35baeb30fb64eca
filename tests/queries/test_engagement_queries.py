"""E1-E8 on a hand-built database whose answers are worked out by hand below.

Range 1 Jan to 31 Mar 2026; data through 30 Sep 2026, so every 30/90/180-day window has closed.
  a  p1 W1 enrolled  5 Jan, active; contacts on days 0, 5, 46, 79, 166
  b  p1 W1 enrolled 20 Jan, discharged the same day (transferred); a contact on day 0
  c  p1 W2 enrolled 10 Feb, never contacted, discharged 31 Mar, the range's last day
  d  p2 W3 enrolled  1 Mar, discharged 15 May (completed); contacts on days 3, 19, 45
  e  p2 W3 enrolled  1 Nov 2025 (before the range), discharged 28 Feb (completed)
  f  p1 W2 enrolled 15 Jan, discharged 10 Mar (deceased); contacts on days 1, 15, 30
"""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import pytest

from queries.engagement import EngagementFigures, engagement_figures
from queries.scope import Every, Scope
from store.database import Database
from tests.queries.fixtures import D, add, enroll

ALL = Scope(Every.ALL, D("2026-01-01"), D("2026-03-31"))
LAST_DAY = D("2026-09-30")
CONTACT_DAYS = {"a": ("2026-01-05", [0, 5, 46, 79, 166]), "b": ("2026-01-20", [0]),
                "d": ("2026-03-01", [3, 19, 45]), "e": ("2025-11-01", [2, 92]),
                "f": ("2026-01-15", [1, 15, 30])}


@pytest.fixture
def db(fresh_db: Database) -> Database:
    add(fresh_db, "programs", program_id="p1", program_name="Harbor")
    add(fresh_db, "programs", program_id="p2", program_name="Mesa")
    for worker, program, name in (("W1", "p1", "Ana"), ("W2", "p1", "Ben"),
                                  ("W3", "p2", "Cy")):
        add(fresh_db, "workers", worker_id=worker, program_id=program, display_name=name)
    enroll(fresh_db, "a", "p1", "W1", "2026-01-05")
    enroll(fresh_db, "b", "p1", "W1", "2026-01-20", "2026-01-20", "transferred")
    enroll(fresh_db, "c", "p1", "W2", "2026-02-10", "2026-03-31", "dropped_out")
    enroll(fresh_db, "d", "p2", "W3", "2026-03-01", "2026-05-15", "completed")
    enroll(fresh_db, "e", "p2", "W3", "2025-11-01", "2026-02-28", "completed")
    enroll(fresh_db, "f", "p1", "W2", "2026-01-15", "2026-03-10", "deceased")
    for eid, (start, days) in CONTACT_DAYS.items():
        for n, day in enumerate(days):
            extra = ({"contact_type": "group", "mode": "in_person", "minutes": 60}
                     if eid == "d" and day < 30 else {})
            add(fresh_db, "contacts", contact_id=f"{eid}{n}", enrollment_id=eid,
                worker_id="W1", contact_on=D(start) + timedelta(days=day), **extra)
    return fresh_db


def figures(db: Database, scope: Scope = ALL) -> EngagementFigures:
    return engagement_figures(db, scope, LAST_DAY)


def rows(frame: pl.DataFrame, *columns: str) -> list[tuple]:
    return frame.select(columns).rows()


def test_e1_e2_active_and_contacts_per_month(db):
    # Jan 31: a, e, f active (b left the day it came). Feb 28: a, c, f (e left that day).
    # Mar 31: a, d (c left that day). Active at any time: Jan a e f; Feb a c e f; Mar a c d f.
    # Contacts: Jan a×2 b f×2 = 5; Feb a e f = 3; Mar a d×2 = 3.
    got = figures(db).activity
    assert rows(got, "active_at_end", "active_in_month", "contacts") == [
        (3, 3, 5), (3, 4, 3), (2, 4, 3)]
    assert got["contacts_per_active"].to_list() == pytest.approx([5 / 3, 3 / 4, 3 / 4])


def test_e3_days_to_first_contact_by_cohort_month(db):
    # Jan: a 0, b 0, f 1 -> median 0; Feb: c has no contact; Mar: d 3.
    got = figures(db).first_contact
    assert rows(got, "enrollments", "without_contact", "median_days") == [
        (3, 0, 0.0), (1, 1, None), (1, 0, 3.0)]
    assert got["final"].all()


def test_e4_early_engagement_by_month_and_worker(db):
    # 2+ contacts before day 30: a (days 0, 5) yes; b (1) no; f (1, 15; day 30 is out) yes;
    # c (none) no; d (3, 19) yes.
    got = figures(db)
    assert rows(got.early_by_month, "numerator", "denominator") == [(2, 3), (0, 1), (1, 1)]
    by_worker = {r[0]: r[1:] for r in rows(got.early_by_worker, "display_name",
                                           "numerator", "denominator")}
    assert by_worker == {"Ana": (1, 2), "Ben": (1, 2), "Cy": (1, 1)}


def test_e4_counts_only_enrollments_whose_first_30_days_are_over(db):
    got = engagement_figures(db, ALL, D("2026-03-20")).early_by_month
    # On 20 Mar: Jan cohort all over 30 days; c (10 Feb) is; d (1 Mar) is not yet.
    assert rows(got, "numerator", "denominator") == [(2, 3), (0, 1), (0, 0)]
    assert got["value"][2] is None


def test_e5_retention_curve(db):
    # Q1 2026 cohort a b c d f. Day 30: a (contacts 0, 5), d (3, 19), f (1, 15; leaves day 54)
    # -> 3 of 5. Day 90: a (day 79 in days 60-89); d left on day 75 -> 1. Day 180: a (166).
    got = figures(db).retention
    assert rows(got, "day", "numerator", "denominator") == [
        (0, 5, 5), (30, 3, 5), (90, 1, 5), (180, 1, 5)]


def test_e5_leaves_out_enrollments_whose_day_has_not_come(db):
    got = engagement_figures(db, ALL, D("2026-06-01")).retention
    # Day 90 due for enrollments up to 3 Mar: all five; day 180 due for none.
    assert rows(got, "day", "denominator") == [(0, 5), (30, 5), (90, 5)]


def test_e6_engagement_length_of_discharges(db):
    # Discharged in range: b (0 days), c (no contact), e (92), f (30).
    got = figures(db).length.sort("enrollment_id")
    assert rows(got, "enrollment_id", "engagement_days") == [
        ("b", 0), ("c", None), ("e", 92), ("f", 30)]


def test_e7_reasons_and_completion_by_program(db):
    got = figures(db)
    reasons = dict(rows(got.reasons, "discharge_reason", "discharges"))
    assert reasons == {"transferred": 1, "dropped_out": 1, "completed": 1, "deceased": 1}
    assert got.reasons["value"].sum() == pytest.approx(1.0)
    assert rows(got.completion, "program_id", "numerator", "denominator") == [
        ("p1", 0, 3), ("p2", 1, 1)]


def test_e8_contact_mix(db):
    # 11 contacts in range; d's two first-month contacts were 60-minute groups in person.
    got = figures(db).contact_mix
    assert rows(got, "contact_type", "mode", "contacts", "minutes") == [
        ("check_in", "phone", 9, 90), ("group", "in_person", 2, 120)]


def test_a_worker_filter_narrows_every_figure(db):
    got = figures(db, Scope(Every.ALL, ALL.start, ALL.end, workers=("W3",)))
    assert rows(got.early_by_month, "numerator", "denominator") == [(1, 1)]  # d only
    assert rows(got.completion, "program_id", "numerator", "denominator") == [("p2", 1, 1)]
    assert got.contact_mix["contacts"].sum() == 3  # d's two in March, e's on 1 Feb


def test_narrowing_to_a_month_keeps_that_month(db):
    got = figures(db, ALL.narrowed("month", "2026-02-01"))
    assert rows(got.activity, "month", "active_at_end") == [(D("2026-02-01"), 3)]
    assert got.length["enrollment_id"].to_list() == ["e"]  # discharged 28 Feb

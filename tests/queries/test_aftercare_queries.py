"""A1-A3 and the not-yet-followed-up list on a hand-built database, worked out by hand below.

Range 1 Jan to 31 Mar 2026, data through 30 Jun 2026. Discharges:
  g  10 Jan completed     attended 17 Jan (day 7)              -> within 7 and 30
  h  31 Jan dropped_out   attended 20 Jan (before: not one), 2 Mar (day 30) -> within 30
  i   5 Feb deceased      attended 6 Feb                       -> not counted in A1
  j  10 Feb incarcerated  none                                 -> not counted in A1
  l  20 Feb completed     none                                 -> neither
  p  15 Mar completed     attended 18 Mar (day 3)              -> within 7 and 30
  n  20 Mar completed     booked for 5 Jan 2099 (still scheduled) -> neither
  o  25 Mar deceased      none                                 -> not counted, not listed
  k  31 Mar moved         missed 2 Apr, attended 20 Apr (day 20) -> within 30
  m  (active)             missed 15 Mar, cancelled 16 Mar
"""

from __future__ import annotations

import polars as pl
import pytest

from metrics.catalogue import METRICS
from queries.aftercare import AftercareFigures, aftercare_figures
from queries.scope import Every, Scope
from store.database import Database
from tests.queries.fixtures import D, add, enroll

ALL = Scope(Every.ALL, D("2026-01-01"), D("2026-03-31"))
LAST_DAY = D("2026-06-30")
DISCHARGES = {"g": ("2026-01-10", "completed"), "h": ("2026-01-31", "dropped_out"),
              "i": ("2026-02-05", "deceased"), "j": ("2026-02-10", "incarcerated"),
              "l": ("2026-02-20", "completed"), "p": ("2026-03-15", "completed"),
              "n": ("2026-03-20", "completed"), "o": ("2026-03-25", "deceased"),
              "k": ("2026-03-31", "moved")}
# (enrollment, day, status, service, peer_referred)
APPOINTMENTS = [("g", "2026-01-17", "attended", "sud_treatment", True),
                ("h", "2026-01-20", "attended", "medical", False),
                ("h", "2026-03-02", "attended", "sud_treatment", True),
                ("i", "2026-02-06", "attended", "sud_treatment", None),
                ("p", "2026-03-18", "attended", "sud_treatment", None),
                ("n", "2099-01-05", "scheduled", "medical", True),
                ("k", "2026-04-02", "missed", "mental_health", True),
                ("k", "2026-04-20", "attended", "mental_health", True),
                ("m", "2026-03-15", "missed", "sud_treatment", False),
                ("m", "2026-03-16", "cancelled", "sud_treatment", False)]


@pytest.fixture
def db(fresh_db: Database) -> Database:
    add(fresh_db, "programs", program_id="p1", program_name="Harbor")
    add(fresh_db, "workers", worker_id="W1", program_id="p1", display_name="Ana")
    add(fresh_db, "workers", worker_id="W2", program_id="p1", display_name="Ben")
    for eid, (day, reason) in DISCHARGES.items():
        enroll(fresh_db, eid, "p1", "W2" if eid == "k" else "W1", "2025-10-01", day, reason)
    enroll(fresh_db, "m", "p1", "W1", "2025-10-01")
    for n, (eid, day, status, service, referred) in enumerate(APPOINTMENTS):
        add(fresh_db, "appointments", appointment_id=f"a{n}", enrollment_id=eid,
            scheduled_on=D(day), status=status, service=service, peer_referred=referred)
    return fresh_db


def figures(db: Database, scope: Scope = ALL) -> AftercareFigures:
    return aftercare_figures(db, scope, LAST_DAY)


def by_window(frame: pl.DataFrame, window: str) -> list[tuple]:
    return frame.filter(pl.col("window") == window).select(
        "month", "numerator", "denominator").rows()


def test_a1_followup_within_7_and_30_days(db):
    got = figures(db).followup
    # Jan: g, h. Feb: l (i deceased, j incarcerated left out). Mar: p, n, k (o left out).
    assert by_window(got, "Within 7 days") == [
        (D("2026-01-01"), 1, 2), (D("2026-02-01"), 0, 1), (D("2026-03-01"), 1, 3)]
    assert by_window(got, "Within 30 days") == [
        (D("2026-01-01"), 2, 2), (D("2026-02-01"), 0, 1), (D("2026-03-01"), 2, 3)]
    assert got["final"].all()


def test_a1_counts_an_appointment_on_the_discharge_day_as_metrics_md_says(db):
    """docs/METRICS.md's A1 is 0-7 days after discharged_on: the discharge day counts (HEDIS
    FUI, which it follows, would not count it; the catalogue says so)."""
    add(db, "appointments", appointment_id="same", enrollment_id="l",
        scheduled_on=D("2026-02-20"), status="attended", service="sud_treatment")
    assert by_window(figures(db).followup, "Within 7 days")[1] == (D("2026-02-01"), 1, 1)
    assert "the discharge day included" in METRICS["A1"].definition
    assert "a later date than the discharge" in METRICS["A1"].definition


def test_a1_a_month_is_not_final_while_its_windows_are_open(db):
    got = aftercare_figures(db, ALL, D("2026-04-15")).followup
    # 31 Mar + 30 = 30 Apr is after 15 Apr: March's 30-day rate may still change.
    assert got.filter(pl.col("month") == D("2026-03-01"))["final"].to_list() == [True, False]


def test_a2_attendance_by_service(db):
    got = figures(db).by_service
    # In range, attended or missed: SUD g, h (2 Mar), i, p attended, m missed; medical h.
    assert got.select("service", "numerator", "denominator").rows() == [
        ("medical", 1, 1), ("sud_treatment", 4, 5)]


def test_a3_attendance_by_peer_referral(db):
    got = figures(db).by_referral.filter(pl.col("service") == "sud_treatment")
    assert got.select("referral", "numerator", "denominator").rows() == [
        ("Not peer-referred", 0, 1), ("Not recorded", 2, 2), ("Peer-referred", 2, 2)]


def test_not_yet_followed_up_lists_who_to_call(db):
    got = figures(db).awaiting
    # In the 30 days up to 31 Mar: p (attended), n, o (deceased), k (discharged that day).
    assert got.select("participant_id", "worker", "days_since_discharge",
                      "next_scheduled_on").rows() == [
        ("Pn", "Ana", 11, D("2099-01-05")), ("Pk", "Ben", 0, None)]
    assert got["discharge_reason"].to_list() == ["completed", "moved"]


def test_a_worker_filter_narrows_aftercare(db):
    got = figures(db, Scope(Every.ALL, ALL.start, ALL.end, workers=("W2",)))
    assert by_window(got.followup, "Within 30 days") == [(D("2026-03-01"), 1, 1)]
    assert got.by_service.is_empty()  # k's appointments are in April
    assert got.awaiting["participant_id"].to_list() == ["Pk"]

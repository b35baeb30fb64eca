"""A ProQOL 5 check-in saved by the form (ingest.forms.log_checkin) is in the worker's figures
at once, through the same queries as an uploaded one: W3's latest scores and bands and W6's
flags (high burnout, burnout rising, no recent check-in), while W1's caseload is untouched; its
undo puts every figure back. A small database built by hand, published as the app reads it,
each figure recomputed in plain SQL beside the assertion."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from ingest.forms import log_checkin
from metrics.instruments import PROQOL_HIGH
from metrics.proqol import REVERSED, SECONDARY_TRAUMATIC_STRESS
from queries.attention import Thresholds
from queries.scope import Every, Scope
from queries.workforce import WorkforceFigures, workforce_frames
from store.database import Database
from store.published import writing
from store.summaries import refresh_summaries
from tests.ingest.conftest import BASE, undone
from ui.data import database

D = date.fromisoformat
AS_OF = D("2026-11-20")
SCOPE = Scope(Every.ALL, D("2026-01-01"), AS_OF)
# Burning out: compassion satisfaction items rarely (2), burnout's plain items very often (5)
# and its reversed ones never (1 -> 5), STS items often (4): CS 20, burnout 50, STS 40
BURNING_OUT = [5 if n in (8, 10, 19, 21, 26) else 1 if n in REVERSED
               else 4 if n in SECONDARY_TRAUMATIC_STRESS else 2 for n in range(1, 31)]


@pytest.fixture
def base_path(tmp_path: Path) -> Path:
    """Harbor's supervisor W0001 and peer specialist W0002 (one open enrollment); W0002's last
    check-in, uploaded, was on 1 June: burnout 30, STS 25, compassion satisfaction 40."""
    path = tmp_path / "checkins.duckdb"
    with writing(path) as store:
        store.con.execute(BASE)
        store.con.execute("insert into wellbeing values ('K1', 'W0002', '2026-06-01', 40, 30, "
                          "25, 38.0, 60, 0)")
        refresh_summaries(store.con)  # as an import leaves them
    return path


def figures(path: Path) -> tuple[Database, WorkforceFigures]:
    db = database(str(path))  # the current published version, as a page reads it
    return db, workforce_frames(db, SCOPE, Thresholds())


def latest_high_burnout(db: Database) -> list[tuple]:
    """W3 by hand: the workers whose latest check-in by the day has burnout of 42 or more."""
    with db.con.cursor() as cur:
        return cur.execute("""
            select worker_id, proqol_bo from wellbeing as c
            where checkin_on = (select max(checkin_on) from wellbeing
                                where worker_id = c.worker_id and checkin_on <= $d)
              and proqol_bo >= $high
            order by worker_id""", {"d": AS_OF, "high": PROQOL_HIGH}).fetchall()


def flags(frames: WorkforceFigures, worker: str) -> dict[str, str]:
    return dict(frames.flags.filter(pl.col("worker_id") == worker)
                .select("rule", "figure").iter_rows())


def test_a_saved_checkin_is_in_w3_and_w6_at_once_and_w1_is_untouched(base_path):
    db, before = figures(base_path)
    assert latest_high_burnout(db) == []
    assert flags(before, "W0002") == {
        "No recent check-in": "No check-in for 172 days (last on 1 Jun 2026)"}  # 1 Jun-20 Nov
    saved = log_checkin(base_path, "W0002", D("2026-11-18"), BURNING_OUT, 45.0,
                        "sam@example.org", "supervisor", frozenset({"harbor"}), today=AS_OF)
    assert saved.saved
    db, after = figures(base_path)
    assert latest_high_burnout(db) == [("W0002", 50)]
    latest = (after.checkins.filter(pl.col("worker_id") == "W0002").sort("checkin_on")
              .select("checkin_on", "proqol_cs", "proqol_bo", "proqol_sts", "hours_per_week",
                      "supervision_minutes").row(-1))
    assert latest == (D("2026-11-18"), 20, 50, 40, 45.0, None)
    # burnout 30 on 1 Jun, 50 on 18 Nov: high (>= 42) and up 20 (>= 5); seen 2 days ago
    assert flags(after, "W0002") == {
        "High burnout": "Burnout 50 (high ≥ 42) on 18 Nov 2026",
        "Burnout rising": "Burnout up 20 points (30 → 50) from 1 Jun 2026 to 18 Nov 2026"}
    assert after.caseload.equals(before.caseload), "W1 reads no check-in"
    # the check-in reports no supervision: W6's supervision rule still reads the 1 June one
    assert after.supervision.equals(before.supervision)


def test_undoing_the_checkin_puts_every_figure_back(base_path):
    _, before = figures(base_path)
    saved = log_checkin(base_path, "W0002", D("2026-11-18"), BURNING_OUT, None,
                        "sam@example.org", "supervisor", frozenset({"harbor"}), today=AS_OF)
    undone(base_path, saved.import_id)
    db, after = figures(base_path)
    assert latest_high_burnout(db) == []
    assert after.flags.equals(before.flags) and after.checkins.equals(before.checkins)

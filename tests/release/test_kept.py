"""A released funder quarter stays as it was: a late import and its undo change nothing a
funder is served, a quarter whose windows have not all closed shows no figure, and the first
release kept is the one everyone gets."""

from __future__ import annotations

import polars as pl
import pytest

from metrics.funder import TOTAL
from queries.funder import funder_figures, release_truth
from queries.scope import ALL, Scope
from release.kept import groups, kept
from store.database import Database
from store.versions import record_data_change
from tests.queries.fixtures import D, enroll
from tests.queries.test_funder_queries import DISCHARGES, with_discharges

RANGE = Scope(ALL, D("2026-01-01"), D("2026-06-30"))
LAST_DAY = D("2026-07-31")  # A1's 30 days after 2026 Q1 and Q2 have closed


@pytest.fixture
def db(fresh_db: Database) -> Database:
    return with_discharges(fresh_db)


def q1(db: Database, metric: str = "E7", last_day=LAST_DAY) -> pl.DataFrame:
    return funder_figures(db, RANGE, last_day, "funder")[metric].filter(
        pl.col("quarter") == D("2026-01-01"))


def test_a_late_import_and_its_undo_change_no_figure_a_funder_has_seen(db):
    before = q1(db)
    total = before.filter("is_total")["denominator"].item()  # 30 + 7 + 25 + 40 = 102, rounded
    assert total in (100, 105)
    # 8 late discharges at the program whose 7 are hidden: had the quarter been rebuilt, its
    # 15 would show and the total's change (8) would be a count of 1 to 10
    for i in range(8):
        enroll(db, f"late-{i}", "p2", "Wp2", "2025-10-01", "2026-02-20", "completed")
    truth = release_truth(db, LAST_DAY)["E7"]
    assert truth.filter(pl.col("quarter") == D("2026-01-01"), "is_total")["denominator"].item() \
        == 110
    assert q1(db).equals(before)
    with db.con.cursor() as cur:  # the undo
        cur.execute("delete from enrollments where enrollment_id like 'late-%'")
        record_data_change(cur, "test: the late import undone")
    assert release_truth(db, LAST_DAY)["E7"].filter(
        pl.col("quarter") == D("2026-01-01"), "is_total")["denominator"].item() == 102
    assert q1(db).equals(before)


def test_a_quarter_waits_until_every_metric_counting_its_people_has_closed(db):
    # On 15 April, 2026 Q1's completions (E7) are all in, but A1's 30 days after its last
    # discharges are not: E7 counts the same discharges, so it waits with A1
    early = q1(db, "E7", D("2026-04-15"))
    assert early["window_open"].all() and early["value"].null_count() == early.height
    assert early["numerator"].null_count() == early.height and not early["suppressed"].any()
    assert frozenset({"E7", "A1_7", "A1_30", "E6"}) in groups()
    assert frozenset({"E4", "R3"}) in groups()


def test_the_first_release_kept_is_the_one_every_later_view_gets(db):
    first = q1(db)
    rows = kept(db)["E7"]
    assert rows.filter(pl.col("quarter") == D("2026-01-01")).height == len(DISCHARGES) + 1
    again = q1(db)  # nothing new to keep: read as kept, not rebuilt and kept twice
    assert again.equals(first)
    assert kept(db)["E7"].height == rows.height
    shown = first.filter(~pl.col("suppressed"))
    assert set(shown["program_name"]) == {"Program p1", "Program p3", "Program p4", TOTAL}


@pytest.mark.parametrize("metric", ["E4", "R3"])
def test_cohort_metrics_of_a_quarter_show_nothing_until_r3_s_180_days_close(db, metric):
    # the fixture's enrollments began on 1 Oct 2025 (2025 Q4): R3 closes 180 days after Q4's
    # end (29 Jun 2026), so on 31 Jul both E4 and R3 show 2025 Q4; on 15 Apr neither does
    def q4(last_day):
        return funder_figures(db, Scope(ALL, D("2025-10-01"), D("2025-12-31")), last_day,
                              "funder")[metric]
    assert q4(D("2026-04-15"))["window_open"].all()

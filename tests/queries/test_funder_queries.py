"""The funder report's tables on a hand-built database whose answers are worked out below:
a program with 7 discharges, a quarter row with exactly one small cell, a quarter with no
data, and the roles that may (and may not) have the report."""

from __future__ import annotations

import polars as pl
import pytest

from metrics.funder import FUNDER_METRICS, TOTAL
from queries.funder import NotForRole, funder_figures, funder_period
from queries.scope import Every, Scope
from store.database import Database
from tests.queries.fixtures import D, add, enroll

# program -> (discharges in Q1 2026, of which completed); the rest dropped out
DISCHARGES = {"p1": (30, 15), "p2": (7, 0), "p3": (25, 12), "p4": (40, 20)}
RANGE = Scope(Every.ALL, D("2026-01-01"), D("2026-06-30"))  # Q1 and Q2 2026; nothing in Q2
LAST_DAY = D("2026-07-31")


@pytest.fixture
def db(fresh_db: Database) -> Database:
    return with_discharges(fresh_db)


def with_discharges(fresh_db: Database) -> Database:
    """The four programs of DISCHARGES, each discharge enrolled on 1 October 2025."""
    for program in DISCHARGES:
        add(fresh_db, "programs", program_id=program, program_name=f"Program {program}")
        add(fresh_db, "workers", worker_id=f"W{program}", program_id=program)
    for program, (discharges, completed) in DISCHARGES.items():
        for i in range(discharges):
            reason = "completed" if i < completed else "dropped_out"
            enroll(fresh_db, f"{program}-{i}", program, f"W{program}", "2025-10-01",
                   f"2026-02-{1 + i % 28:02d}", reason)
    return fresh_db


def e7(db: Database, role: str = "funder") -> pl.DataFrame:
    return funder_figures(db, RANGE, LAST_DAY, role)["E7"]


def row(frame: pl.DataFrame, quarter: str, program: str) -> dict:
    return frame.filter(pl.col("quarter") == D(quarter),
                        pl.col("program_name") == program).row(0, named=True)


def test_a_program_with_7_discharges_is_suppressed(db):
    cell = row(e7(db), "2026-01-01", "Program p2")
    assert cell["suppressed"] is True
    assert cell["numerator"] is None and cell["denominator"] is None and cell["value"] is None


def near(shown: int, count: int) -> bool:
    """A count as the release shows it: a multiple of 5 less than 5 from it, never 5 or 10."""
    return shown % 5 == 0 and abs(shown - count) <= 4 and shown not in (5, 10)


def test_one_small_cell_in_a_quarter_is_hidden_and_the_total_less_the_rest_says_nothing(db):
    # p2's 7 discharges are the only small cell, and the total (47 of 102) is shown rounded:
    # 102 less the others would give 7 exactly, but every count read is within 4 of the
    # count, so what a funder can work out for p2 runs from 0 to past 10.
    q1 = e7(db).filter(pl.col("quarter") == D("2026-01-01"))
    assert q1.filter("suppressed")["program_name"].to_list() == ["Program p2"]
    total = row(q1, "2026-01-01", TOTAL)
    assert near(total["numerator"], 47) and near(total["denominator"], 102)
    assert total["value"] == pytest.approx(total["numerator"] / total["denominator"])
    shown = q1.filter(~pl.col("suppressed"), ~pl.col("is_total"))["denominator"].to_list()
    assert [near(s, c) for s, c in zip(shown, (30, 25, 40), strict=True)] == [True] * 3
    low = total["denominator"] - 4 - sum(s + 4 for s in shown)
    high = total["denominator"] + 4 - sum(s - 4 for s in shown)
    assert low <= 0 and high >= 11
    assert row(q1, "2026-01-01", "Program p1")["value"] == pytest.approx(0.5)  # 15 of 30


def test_a_quarter_with_no_data_is_a_row_that_says_so(db):
    q2 = e7(db).filter(pl.col("quarter") == D("2026-04-01"))
    assert q2.height == len(DISCHARGES) + 1  # every program and the total
    assert q2["no_data"].all() and not q2["suppressed"].any()
    assert q2["value"].null_count() == q2.height
    assert q2["denominator"].to_list() == [0] * q2.height  # nothing, not a hidden few


def test_every_metric_covers_every_quarter_and_program(db):
    figures = funder_figures(db, RANGE, LAST_DAY, "funder")
    assert list(figures) == list(FUNDER_METRICS)
    for key, frame in figures.items():
        rows = 2 * (1 if not FUNDER_METRICS[key].by_program else len(DISCHARGES) + 1)
        assert frame.height == rows, key
        assert frame["quarter"].unique().sort().to_list() == [D("2026-01-01"), D("2026-04-01")]


def test_a1_counts_the_same_discharges_and_engagement_length_needs_a_contact(db):
    figures = funder_figures(db, RANGE, LAST_DAY, "funder")
    # no appointments: 0 of 102 followed up, shown (0 may be), p2's 7 hidden
    a1 = row(figures["A1_30"], "2026-01-01", TOTAL)
    e7_all = row(figures["E7"], "2026-01-01", TOTAL)
    if not a1["suppressed"]:  # else hidden to protect the deceased and incarcerated (E7 - A1)
        assert (a1["numerator"], a1["value"]) == (0, 0.0) and near(a1["denominator"], 102)
    if not (a1["suppressed"] or e7_all["suppressed"]):  # both shown: their gap, give or take
        gap = e7_all["denominator"] - a1["denominator"]  # 4 each, spans 0 or 11 and more
        assert gap - 8 <= 0 or gap + 8 >= 11
    assert row(figures["A1_30"], "2026-01-01", "Program p2")["suppressed"]
    # no contacts: no engagement length anywhere, and that is no data, not a hidden few
    assert figures["E6"]["no_data"].all()
    assert not figures["E6"]["suppressed"].any()


def test_analysts_preview_exactly_what_funders_get_and_supervisors_get_nothing(db):
    assert e7(db, "analyst").equals(e7(db, "funder"))
    with pytest.raises(NotForRole):
        funder_figures(db, RANGE, LAST_DAY, "supervisor")


@pytest.mark.parametrize(("start", "end", "period"), [
    ("2026-01-01", "2026-06-30", ("2026-01-01", "2026-06-30")),
    ("2025-12-01", "2026-11-20", ("2025-10-01", "2026-06-30")),  # whole quarters by July 31
    ("2026-02-10", "2026-07-31", ("2026-01-01", "2026-06-30")),
    ("2026-04-01", "2026-05-31", None),  # no whole quarter
])
def test_the_report_covers_whole_quarters_only(start, end, period):
    got = funder_period(Scope(Every.ALL, D(start), D(end)), LAST_DAY)
    assert got == (period and (D(period[0]), D(period[1])))


def test_a_funder_of_some_programs_gets_their_rows_and_the_one_release_s_total(db):
    """Every funder's rows are cut from the one release of all programs, so two funders whose
    programs overlap see the same figures where they meet and no total of their own to
    subtract from another's: the total row is all programs' (47 of 102, as above)."""
    mine = Scope(("p1", "p4"), RANGE.start, RANGE.end)
    q1 = funder_figures(db, mine, LAST_DAY, "funder")["E7"].filter(
        pl.col("quarter") == D("2026-01-01"))
    assert q1["program_name"].to_list() == ["Program p1", "Program p4", TOTAL]
    assert near(row(q1, "2026-01-01", TOTAL)["denominator"], 102)
    every = e7(db).filter(pl.col("quarter") == D("2026-01-01"))
    for program in ("Program p1", "Program p4", TOTAL):
        assert row(q1, "2026-01-01", program) == row(every, "2026-01-01", program)
    others = funder_figures(db, Scope(("p1", "p2", "p3"), RANGE.start, RANGE.end), LAST_DAY,
                            "funder")["E7"]
    assert row(others, "2026-01-01", "Program p1") == row(q1, "2026-01-01", "Program p1")
    assert row(others, "2026-01-01", TOTAL) == row(q1, "2026-01-01", TOTAL)

"""One rule for unfinished periods, on a hand-built database whose last month is partial
(tests/queries/fixtures.py partial_month: the data end on 1 December 2026): such periods are
marked not final, drawn hollow and apart, and never headlined."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from charts import readings
from charts.headlines import headline
from charts.rates import rate_over_time
from queries.engagement import engagement_figures
from queries.outcomes import outcome_figures
from queries.overview import headline_figures
from queries.scope import Every, Scope
from tests.queries.fixtures import PARTIAL_LAST_DAY, partial_month

SCOPE = Scope(Every.ALL, date(2026, 10, 1), PARTIAL_LAST_DAY)  # the months of the fixture's cohorts


@pytest.fixture
def partial_db(fresh_db):
    partial_month(fresh_db)
    return fresh_db


def _by(frame: pl.DataFrame, column: str) -> dict:
    return {r[column]: r for r in frame.iter_rows(named=True)}


def test_the_one_day_december_is_provisional_and_not_read_as_a_collapse(partial_db):
    figures = engagement_figures(partial_db, SCOPE, PARTIAL_LAST_DAY)
    months = _by(figures.activity, "month")
    assert not months[date(2026, 12, 1)]["complete"]
    assert months[date(2026, 11, 1)]["complete"]
    # 1 contact on 1 Dec among 49 active (28 + 21 interviewed): 0.02 a participant, never read
    assert months[date(2026, 12, 1)]["contacts_per_active"] == pytest.approx(1 / 49)
    assert "in November 2026, the last whole month" in readings.activity(figures.activity)


def test_cohorts_whose_windows_are_open_are_not_final_nor_headlined(partial_db):
    figures = engagement_figures(partial_db, SCOPE, PARTIAL_LAST_DAY)
    early = _by(figures.early_by_month, "cohort_month")
    # October: 20 of 25 had 2+ contacts, final (31 Oct + 30 days = 30 Nov <= 1 Dec);
    # November: 3 of 3 are due (1 Nov + 30 = 1 Dec) but the month's window is still open
    assert (early[date(2026, 10, 1)]["value"], early[date(2026, 10, 1)]["final"]) == (0.8, True)
    assert (early[date(2026, 11, 1)]["value"], early[date(2026, 11, 1)]["final"]) == (1.0, False)
    text = readings.early_engagement(figures.early_by_month, min_n=20)
    assert "100%" not in text
    assert "latest final month: October 2026, 80% of 25 enrollments" in text
    # October rests on 25: under a minimum of 30 no percentage is given for it
    assert ("only 25 enrollments in October 2026, too few for a percentage (fewer than 30)"
            in readings.early_engagement(figures.early_by_month, min_n=30))
    intakes = _by(figures.intakes, "cohort_quarter")[date(2026, 10, 1)]
    assert (intakes["intakes"], intakes["final"]) == (28, False)  # Q4 is not over
    # E5: Q4 has reached day 30 for October's 25 but not for all: not final (no day 90 yet)
    assert figures.retention.filter(pl.col("day") > 0).select("day", "final").rows() == [
        (30, False)]


def test_the_chart_draws_provisional_points_apart_from_the_final_line(partial_db):
    frame = engagement_figures(partial_db, SCOPE, PARTIAL_LAST_DAY).early_by_month
    fig = rate_over_time(frame, x="cohort_month", title="E4", y_title="E4", noun="enrollments")
    final, provisional = fig.data
    assert final.mode == "lines+markers" and list(final.x) == [date(2026, 10, 1)]
    assert provisional.mode == "markers" and list(provisional.x) == [date(2026, 11, 1)]
    assert provisional.marker.color == "white"


def test_outcome_months_not_over_are_provisional(partial_db):
    figures = outcome_figures(partial_db, SCOPE, PARTIAL_LAST_DAY)
    months = _by(figures.abstinence, "month")
    assert [(m, r["numerator"], r["denominator"], r["final"]) for m, r in months.items()] == [
        (date(2026, 10, 1), 8, 10, True), (date(2026, 11, 1), 9, 10, True),
        (date(2026, 12, 1), 1, 1, False)]
    # R3: no enrollment month has had 180 days of follow-up for all by 1 December
    assert not figures.recurrence_by_month["final"].any()


def test_the_overview_headlines_the_last_final_month_and_only_on_enough_people(partial_db):
    series = headline_figures(partial_db, SCOPE, PARTIAL_LAST_DAY, 25.0, "analyst")
    basis = "{numerator:,} of {denominator:,} interviews"
    card = headline(series["abstinent_6m"], "proportion", basis, min_n=5)
    assert (card.value, card.month) == ("90.0%", "November 2026")  # not December's 1 of 1
    assert card.delta == "+10.0 points"
    few = headline(series["abstinent_6m"], "proportion", basis, min_n=20)
    assert few.value == "—" and few.delta is None
    assert few.basis == "only 10: too few for a percentage (fewer than 20)"

"""The keyboard's "Narrow to" box offers what a click on its chart offers: the chart's months
in order (once, though two lines share them), or its workers by name as the data writes them;
and says a choice as the banner would, without the markdown."""

from __future__ import annotations

from datetime import date

import polars as pl

from charts.rates import rate_bars, rate_over_time
from ui.focus import Focus, choices, in_words
from ui.shown import names_as_text

LINK = '<a href="http://127.0.0.1:8609/">Ana & Bo</a>'


def rates(**columns) -> pl.DataFrame:
    return pl.DataFrame(columns).with_columns(
        value=pl.col("numerator") / pl.col("denominator"), low=pl.lit(0.1), high=pl.lit(0.9))


def test_a_month_chart_offers_each_month_once_in_order_its_hollow_month_included():
    months = [date(2026, 3, 1), date(2026, 1, 1), date(2026, 2, 1)]
    frame = rates(month=months * 2, window=["Within 7 days"] * 3 + ["Within 30 days"] * 3,
                  numerator=[1, 2, 3, 4, 5, 6], denominator=[10] * 6,
                  final=[False, True, True] * 2)  # March not final: drawn as its own trace
    fig = rate_over_time(frame, x="month", series="window", noun="discharges", title="t",
                         y_title="y", targets={"Within 7 days": 0.5})
    assert [f.value for f in choices(fig, "month")] == ["2026-01-01", "2026-02-01",
                                                        "2026-03-01"]
    assert [in_words(f, "month") for f in choices(fig, "month")] == [
        "January 2026", "February 2026", "March 2026"]


def test_a_worker_chart_offers_its_workers_by_name_with_the_name_as_written():
    frame = rates(worker_id=["W2", "W1", "W3"], display_name=["cy D.", LINK, "Bo E."],
                  numerator=[3, 4, 5], denominator=[10, 8, 9])
    fig = rate_bars(frame, category="worker_id", label="display_name", noun="enrollments",
                    title="Early engagement by worker", x_title="2+ contacts")
    offered = choices(fig, "worker")
    assert offered == [Focus("worker", "W1", LINK), Focus("worker", "W3", "Bo E."),
                       Focus("worker", "W2", "cy D.")]  # '<' sorts before letters
    names_as_text(fig)  # what the page then draws: the labels escaped on the figure only
    assert offered[0].label == LINK


def test_a_choice_in_words_names_another_kind_with_its_noun():
    assert in_words(None, "month") == "Show all"
    assert in_words(Focus("quarter", "2026-04-01", "2026 Q2"), "month") == "2026 Q2"
    assert in_words(Focus("worker", "W1", "Ana R."), "worker") == "Ana R."
    assert in_words(Focus("worker", "W1", "Ana R."), "month") == "worker Ana R."

"""The Overview's cards and chart, built from series frames without Streamlit."""

from __future__ import annotations

from datetime import date

import polars as pl

from charts.headlines import Panel, headline, monthly_trend

BASIS = "{numerator:,} of {denominator:,} discharges"


def series(rows: list[tuple], suppressed: list[bool] | None = None) -> pl.DataFrame:
    """rows: (month number, numerator, denominator, final)."""
    frame = pl.DataFrame(
        [(date(2026, m, 1), n, d, n / d if n is not None else None, f) for m, n, d, f in rows],
        schema=["month", "numerator", "denominator", "value", "final"], orient="row")
    return frame.with_columns(suppressed=pl.Series(suppressed or [False] * len(rows)))


def test_the_card_shows_the_latest_final_month_and_its_change():
    card = headline(series([(7, 60, 100, True), (8, 66, 100, True), (9, 10, 40, False)]),
                    "proportion", BASIS)
    assert (card.value, card.delta, card.month) == ("66.0%", "+6.0 points", "August 2026")
    assert card.basis == "66 of 100 discharges"
    assert card.trend == [0.6, 0.66]  # provisional months stay out of the sparkline


def test_an_unchanged_figure_says_so():
    card = headline(series([(7, 60, 100, True), (8, 60, 100, True)]), "proportion", BASIS)
    assert card.delta is None and card.unchanged


def test_a_suppressed_month_is_a_star_with_its_reason_and_no_change():
    s = series([(7, 60, 100, True), (8, None, None, True)], suppressed=[False, True])
    card = headline(s, "proportion", BASIS)
    assert card.value == "*" and card.delta is None and not card.unchanged
    assert card.basis.startswith("* Suppressed: fewer than 11 people")


def test_no_final_month_no_card():
    assert headline(series([(9, 10, 40, False)]), "proportion", BASIS) is None


def test_the_chart_draws_final_and_provisional_points_and_bands_for_suppressed_months():
    s = series([(6, None, None, True), (7, 60, 100, True), (8, 66, 100, True),
                (9, 10, 40, False)], suppressed=[True, False, False, False])
    fig = monthly_trend(Panel("Follow-up within 30 days (% of discharges)", s, "proportion",
                              BASIS))
    assert fig.layout.title.text == "Follow-up within 30 days<br>(% of discharges)"
    final, provisional = fig.data[0], fig.data[1]
    assert list(final.y) == [0.6, 0.66] and list(provisional.y) == [0.25]
    assert final.customdata[1] == "66.0% (66 of 100 discharges)"
    assert [shape.x0 for shape in fig.layout.shapes] == [date(2026, 6, 1)]
    assert fig.layout.yaxis.range == (0, 1.05)


def test_a_panel_with_every_month_suppressed_says_so():
    s = series([(6, None, None, True), (7, None, None, True)], suppressed=[True, True])
    fig = monthly_trend(Panel("Workers over 25 per FTE", s, "count", BASIS))
    notes = [a.text for a in fig.layout.annotations]
    assert "All months suppressed<br>(fewer than 11 people)" in notes
    assert all(len(trace.x) == 0 for trace in fig.data)


def test_a_change_is_only_on_the_calendar_month_before():
    # Nothing was discharged in August: September's card has no "change on the month".
    card = headline(series([(7, 60, 100, True), (9, 70, 100, True)]), "proportion", BASIS)
    assert card.value == "70.0%" and card.delta is None and not card.unchanged


def test_a_program_change_is_drawn_across_every_panel_and_a_few_people_get_no_percentage():
    s = series([(9, 30, 40, True), (10, 3, 4, True), (11, 1, 1, False)])
    notes = pl.DataFrame({"program_name": ["Harbor"], "noted_on": [date(2026, 10, 1)],
                          "note": ["New intake process"], "restarts_baseline": [True]})
    panels = [Panel("A", s, "proportion", BASIS), Panel("B", s, "proportion", BASIS)]
    for fig in (monthly_trend(panel, notes) for panel in panels):  # the line on each panel
        lines = [shape for shape in fig.layout.shapes if shape.type == "line"]
        assert [(shape.x0, shape.xref) for shape in lines] == [("2026-10-01", "x")]
    card = headline(s, "proportion", BASIS, min_n=20)  # October: 3 of 4, November not final
    assert (card.value, card.month, card.delta) == ("—", "October 2026", None)
    assert card.basis == "only 4: too few for a percentage (fewer than 20)"

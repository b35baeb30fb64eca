"""Rate charts say the figure, its n and its interval, and mark what may still change."""

from datetime import date

import polars as pl

from charts.rates import rate_bars, rate_over_time
from metrics.intervals import with_wilson


def series(values: list[tuple[str, date, int, int, bool]]) -> pl.DataFrame:
    frame = pl.DataFrame(values, schema=["window", "month", "numerator", "denominator",
                                         "final"], orient="row")
    return with_wilson(frame.with_columns(value=pl.col("numerator") / pl.col("denominator")))


FOLLOWUP = series([("Within 7 days", date(2026, 1, 1), 62, 107, True),
                   ("Within 7 days", date(2026, 2, 1), 3, 4, False),
                   ("Within 30 days", date(2026, 1, 1), 81, 107, True)])


def test_hover_gives_the_figure_its_n_and_interval():
    fig = rate_over_time(FOLLOWUP, x="month", series="window", title="Follow-up",
                         y_title="followed up", noun="discharges")
    seven = fig.data[0]
    assert seven.name == "Within 7 days"
    assert seven.customdata[0][2] == "57.9% (62 of 107 discharges; 95% CI 48.5%–66.9%)"
    assert seven.customdata[0][0] == "2026-01-01"  # what a click narrows to


def test_provisional_points_are_hollow_grey_never_joined_and_targets_take_their_colour():
    fig = rate_over_time(FOLLOWUP, x="month", series="window", title="Follow-up",
                         y_title="followed up", noun="discharges",
                         targets={"Within 7 days": 0.59, "Within 30 days": 0.80})
    final, provisional, thirty = fig.data
    assert final.mode == "lines+markers" and list(final.x) == [date(2026, 1, 1)]
    assert provisional.mode == "markers"  # no line to the final January
    assert list(provisional.x) == [date(2026, 2, 1)]
    assert (provisional.marker.color, provisional.marker.line.color) == ("white", "#8C8C8C")
    assert "(not final)" in provisional.hovertemplate
    lines = {shape.y0: shape.line.color for shape in fig.layout.shapes}
    assert lines == {0.59: final.line.color, 0.80: thirty.line.color}


def test_bars_carry_the_category_for_a_click_and_a_reference_line():
    frame = with_wilson(pl.DataFrame({"program_id": ["p1", "p2"], "name": ["Harbor", "Mesa"],
                                      "numerator": [3, 0], "denominator": [4, 0]})
                        .with_columns(value=pl.when(pl.col("denominator") > 0)
                                      .then(pl.col("numerator") / pl.col("denominator"))))
    fig = rate_bars(frame, category="program_id", label="name", title="Completion",
                    x_title="completed", noun="discharges", reference=0.43)
    bar = fig.data[0]
    assert list(bar.y) == ["Harbor"]  # a program with no discharges has no bar, not a zero
    assert bar.customdata[0][:2] == ["p1", "Harbor"]
    assert "3 of 4 discharges" in bar.customdata[0][2]
    assert fig.layout.shapes[0].x0 == 0.43


def test_an_empty_frame_says_so():
    fig = rate_over_time(FOLLOWUP.clear(), x="month", title="Follow-up", y_title="y",
                         noun="discharges")
    assert fig.layout.annotations[0].text == "No records for these filters"

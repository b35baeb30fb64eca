"""Control limits, signals, program changes and targets as the charts draw and say them."""

from __future__ import annotations

from datetime import date

import polars as pl

from charts.rates import rate_over_time
from charts.signals import judged_against, signal_sentence
from metrics.intervals import with_wilson
from metrics.spc import control


def _months(x: list[int], n: int = 100) -> pl.DataFrame:
    months = [date(2025 + i // 12, i % 12 + 1, 1) for i in range(len(x))]
    frame = pl.DataFrame({"month": months, "numerator": x, "denominator": [n] * len(x),
                          "final": [True] * len(x)})
    return with_wilson(frame.with_columns(value=pl.col("numerator") / pl.col("denominator")))


def test_a_month_above_its_limits_is_ringed_on_the_chart_and_said():
    # the hand-worked example of tests/metrics/test_spc.py: January 2026 at 40% of 100,
    # limits 10.3% to 35.5% around 22.9%
    frame = _months([20, 22, 21, 23] * 3 + [40])
    limits = control(frame, "month")
    fig = rate_over_time(frame, x="month", title="t", y_title="y", noun="enrollments",
                         control=limits)
    ring = [t for t in fig.data if t.name == "signal"]
    assert len(ring) == 1 and list(ring[0].x) == [date(2026, 1, 1)]
    assert [t.line.shape for t in fig.data if t.name == "centre and 3-sigma limits"] == \
        ["hvh"] * 3
    assert signal_sentence(limits, "month") == (
        "Signal: January 2026 at 40% is above its 3-sigma limits (10%–36%) (p-chart; centre "
        "23%).")


def test_shifts_trends_and_months_near_a_limit_are_said_and_quiet_months_say_no_signal():
    shifts = control(_months([16] * 8 + [24] * 8), "month")
    assert signal_sentence(shifts, "month").startswith(
        "Signal: January 2025 to August 2025 all below the centre line (a shift: 7 or more in "
        "a row); September 2025 to April 2026 all above the centre line")
    trend = control(_months([20, 22, 21, 23] * 3 + [18, 20, 22, 24, 26, 28]), "month")
    assert signal_sentence(trend, "month") == (
        "Signal: January 2026 to June 2026 each higher than the month before (a trend: 6 or "
        "more in a row) (p-chart; centre 22%).")
    close = control(_months([20, 22, 21, 23] * 3 + [32, 21, 32]), "month")
    assert signal_sentence(close, "month") == (
        "Signal: January 2026 and March 2026 beyond 2 sigma above the centre line (two of "
        "three months near a limit) (p-chart; centre 23%).")
    steady = control(_months([20, 22, 21, 23] * 3), "month")
    assert signal_sentence(steady, "month").startswith(
        "No signal: every final month is within its control limits (p-chart; centre 22%); no 7 "
        "in a row sit on one side of the centre, no 6 in a row rise or fall")
    assert signal_sentence(control(_months([20] * 5), "month"), "month") == (
        "No control limits yet: 5 final month(s), 8 needed.")


def test_a_target_is_judged_on_the_latest_final_month_with_enough_people():
    frame = _months([20, 22, 21, 23] * 3)  # December 2025: 23%
    assert judged_against("early_engagement", frame, "month", 20, 0.25, "the default") == (
        " Behind: 23% in December 2025 against the 25% target (the default).")
    assert judged_against("early_engagement", frame, "month", 101, 0.25, "the default") == ""
    assert judged_against("caseload_per_fte", _months([20]), "month", 1, 0.25, "x").startswith(
        " On track")  # caseload: at or below its target


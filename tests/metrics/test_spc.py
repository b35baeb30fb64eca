"""SPC limits and rules (metrics/spc.py) against examples worked by hand."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from metrics.spc import (
    NEAR,
    OUTSIDE,
    SHIFT,
    TREND,
    control,
    limits,
    near,
    runs,
    segment_of,
    sigma_z,
    trends,
)


def _months(k: int, start: int = 1) -> list[date]:
    return [date(2025 + (start + i - 1) // 12, (start + i - 1) % 12 + 1, 1) for i in range(k)]


def _frame(x: list[int], n: list[int], final: list[bool] | None = None) -> pl.DataFrame:
    return pl.DataFrame({"month": _months(len(x)), "numerator": x, "denominator": n,
                         "final": final or [True] * len(x)})


def test_p_chart_limits_match_the_hand_computed_example():
    # 8 months of 50: 80 of 400, p̄ = 0.2; sigma = sqrt(0.2 * 0.8 / 50) = 0.056569;
    # 3 sigma = 0.169706: limits 0.030294 to 0.369706. The z-scores (0, .707, -.707, 0,
    # -.354, .354, 0, 0) have moving ranges summing to 4.2426, mean 0.6061, sigma_z 0.537:
    # not over-dispersed, so a plain p-chart.
    lim = limits([10, 12, 8, 10, 9, 11, 10, 10], [50] * 8)
    assert lim.centre == pytest.approx(0.2)
    assert not lim.laney and lim.sigma_z == 1.0
    low, high = lim.band(50)
    assert low == pytest.approx(0.030294, abs=1e-6)
    assert high == pytest.approx(0.369706, abs=1e-6)
    assert sigma_z([10, 12, 8, 10, 9, 11, 10, 10], [50] * 8, 0.2) == pytest.approx(
        4.242641 / 7 / 1.128, abs=1e-6)


def test_laney_limits_widen_by_sigma_z_when_the_months_are_over_dispersed():
    # Hand-worked with Laney's formulas (Laney 2002, Quality Engineering 14(4):531-537, as
    # Minitab documents them): 383 of 1,300, p̄ = 0.294615. z for month 1 (40 of 200):
    # (0.2 - 0.294615) / sqrt(0.294615 * 0.705385 / 200) = -0.094615 / 0.032234 = -2.9352;
    # the eight z's -2.9352, -1.0738, 1.2149, 0.3222, 3.1892, -0.1432, 1.8730, -0.6085 have
    # moving ranges 1.8613, 2.2888, 0.8928, 2.8670, 3.3324, 2.0162, 2.4815 (mean 2.24856),
    # sigma_z = 2.24856 / 1.128 = 1.99341 > 1: p′. For n = 200: 3 * 1.99341 * 0.032234 =
    # 0.192772, limits 0.101844 to 0.487387.
    lim = limits([40, 52, 35, 61, 44, 58, 38, 55], [200, 200, 100, 200, 100, 200, 100, 200])
    assert lim.laney
    assert lim.centre == pytest.approx(383 / 1300)
    assert lim.sigma_z == pytest.approx(1.99341, abs=1e-5)
    low, high = lim.band(200)
    assert low == pytest.approx(0.101844, abs=1e-5)
    assert high == pytest.approx(0.487387, abs=1e-5)
    assert limits([40, 52, 35, 61, 44, 58, 38, 55], [200, 200, 100, 200, 100, 200, 100, 200],
                  laney=False).band(200)[1] == pytest.approx(0.294615 + 3 * 0.032234, abs=1e-5)


def test_too_few_baseline_months_give_no_limits():
    assert limits([10] * 7, [50] * 7) is None


def test_a_month_outside_the_limits_is_a_signal():
    # 13 months of 100: 20, 22, 21, 23 three times, then 40. p̄ = 298/1300 = 0.229231;
    # sigma = sqrt(0.229231 * 0.770769 / 100) = 0.042034, upper limit 0.229231 + 0.126101 =
    # 0.355332 < 0.40. (sigma_z < 1: the steady months barely move, so a plain p-chart.)
    x = [20, 22, 21, 23] * 3 + [40]
    out = control(_frame(x, [100] * 13), "month")
    assert out["signal"].to_list() == [None] * 12 + [OUTSIDE]
    assert out["upper"][12] == pytest.approx(0.355332, abs=1e-6)
    assert not out["laney"][0]


def test_a_shift_of_seven_on_one_side_is_a_signal_and_six_is_not():
    assert runs([1] * 7) == [True] * 7
    assert runs([1] * 6 + [-1]) == [False] * 7
    assert runs([-1, 1, 1, 1, 1, 1, 1, 1, 0]) == [False] + [True] * 7 + [False]
    # 14 months of 50: seven at 8 then seven at 12 (p̄ 0.2): two shifts of seven.
    out = control(_frame([8] * 7 + [12] * 7, [50] * 14), "month")
    assert out["signal"].to_list() == [SHIFT] * 14


def test_a_trend_of_six_rising_is_a_signal_and_five_is_not():
    assert trends([1, 2, 3, 4, 5, 6]) == [True] * 6
    assert trends([1, 2, 3, 4, 5]) == [False] * 5
    assert trends([6, 5, 4, 3, 2, 1, 2]) == [True] * 6 + [False]  # falling counts too
    assert trends([1, 2, 3, 3, 4, 5, 6]) == [False] * 7  # a level month ends it
    assert trends([None, 1, 2, 3, 4, 5, 6]) == [False] + [True] * 6
    # 12 steady months of 100 ([20, 22, 21, 23] three times), then 18, 20, 22, 24, 26, 28:
    # p̄ = 396/1800 = 0.22, limits 9.6%-34.4%, nothing outside, no seven on one side (22 is on
    # the line): the last six months rise each month, a trend.
    out = control(_frame([20, 22, 21, 23] * 3 + [18, 20, 22, 24, 26, 28], [100] * 18), "month")
    assert out["upper"][0] == pytest.approx(0.344274, abs=1e-6)
    assert out["signal"].to_list() == [None] * 12 + [TREND] * 6


def test_two_of_three_beyond_two_sigma_on_one_side_are_signals():
    assert near([1, 0, 1, 0, 0]) == [True, False, True, False, False]
    assert near([1, -1, 1]) == [True, False, True]  # the same side: 1 and 1
    assert near([1, 0, 0, 1]) == [False] * 4  # not within three
    assert near([1, -1, 0]) == [False] * 3
    # 12 steady months of 100, then 32, 21, 32: p̄ = 343/1500 = 0.228667, sigma 0.041997,
    # 2 sigma up to 31.3% and 3 sigma to 35.5%: 32% twice in three months is near the limit.
    out = control(_frame([20, 22, 21, 23] * 3 + [32, 21, 32], [100] * 15), "month")
    assert out["upper"][0] == pytest.approx(0.354659, abs=1e-6)
    assert out["signal"].to_list() == [None] * 12 + [NEAR, None, NEAR]


def test_a_month_outside_its_limits_is_called_that_before_any_pattern():
    # seven months above the centre, the last of them outside: OUTSIDE, the others SHIFT
    out = control(_frame([10] * 10 + [11] * 6 + [40], [50] * 17), "month")
    signals = out["signal"].to_list()
    assert signals[-1] == OUTSIDE and set(signals[10:16]) == {SHIFT}


def test_provisional_months_are_never_signals_and_not_in_the_baseline():
    frame = _frame([10] * 8 + [45], [50] * 9, [True] * 8 + [False])
    out = control(frame, "month")
    assert out["centre"][0] == pytest.approx(0.2)  # the provisional 45 of 50 is left out
    assert out["signal"][8] is None
    assert out["upper"][8] == pytest.approx(0.369706, abs=1e-6)


def test_a_restart_gives_the_months_from_it_limits_of_their_own():
    months = _months(16)
    assert segment_of(months, [date(2025, 9, 1)]) == [0] * 8 + [1] * 8
    assert segment_of(months, [date(2025, 8, 15)]) == [0] * 8 + [1] * 8  # next whole month
    out = control(_frame([8] * 8 + [12] * 8, [50] * 16), "month", [date(2025, 9, 1)])
    assert out["centre"].to_list() == pytest.approx([0.16] * 8 + [0.24] * 8)
    assert out["signal"].to_list() == [None] * 16  # each segment flat on its own centre


# Montgomery, Introduction to Statistical Quality Control (6th ed., 2009), Example 7.1, Table
# 7.1: 30 samples of 50 frozen-orange-juice cans, nonconforming cans per sample; the book's
# trial limits are p̄ = 0.2313, UCL = 0.4102, LCL = 0.0524, and samples 15 and 23 lie above.
MONTGOMERY = [12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18,
              24, 15, 9, 12, 7, 13, 9, 6]


def test_p_chart_limits_match_a_published_example():
    lim = limits(MONTGOMERY, [50] * 30, laney=False)
    low, high = lim.band(50)
    assert (round(lim.centre, 4), round(high, 4), round(low, 4)) == (0.2313, 0.4102, 0.0524)
    above = [i + 1 for i, d in enumerate(MONTGOMERY) if d / 50 > high]
    assert above == [15, 23]


def test_laney_widens_the_published_example_whose_baseline_holds_special_causes():
    # The same 30 samples: their z-scores' mean moving range / 1.128 is 1.66, so the rule
    # (p' where sigma_z > 1) widens the limits to 0-0.528 and samples 15 and 23 no longer
    # signal: special causes inside a baseline widen p′ limits (Montgomery instead drops them
    # and recomputes the trial limits).
    lim = limits(MONTGOMERY, [50] * 30)
    assert lim.laney and round(lim.sigma_z, 2) == 1.66
    assert round(lim.band(50)[1], 3) == 0.528


def test_a_month_of_fewer_than_ten_people_is_never_a_signal_and_breaks_a_shift():
    # 12 steady months of 100, then 0 of 3 (far below the limits, but three people) and 60 of
    # 100: only the 60% month is outside its limits.
    out = control(_frame([20, 22, 21, 23] * 3 + [0, 60], [100] * 12 + [3, 100]), "month")
    assert out["lower"][12] == 0.0 and out["signal"].to_list()[12:] == [None, OUTSIDE]
    # 8 months of 50 alternating 8 and 12 (below and above), then seven above: 13, 13, 13,
    # 3 of 9 people, 13, 13, 13. The month of 9 is judged no way: two runs of four and three.
    x, n = [8, 12] * 4 + [13, 13, 13, 3, 13, 13, 13], [50] * 11 + [9] + [50] * 3
    assert control(_frame(x, n), "month")["signal"].null_count() == 15
    n[11] = 10  # 3 of 10 people: judged (above), and the last 12 with these 7 are a shift
    assert control(_frame(x, n), "month")["signal"].to_list() == [None] * 7 + [SHIFT] * 8

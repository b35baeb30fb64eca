"""Making Data Count's variation and assurance icons, on hand-built series whose limits
tests/metrics/test_spc.py works out by hand."""

from __future__ import annotations

from metrics.mdc import Icons, assurance, icons, variation
from metrics.spc import control
from tests.metrics.test_spc import _frame

# 12 steady months of 100 then six rising: p̄ 0.22, limits 9.6%-34.4%, the last six a trend
RISING = control(_frame([20, 22, 21, 23] * 3 + [18, 20, 22, 24, 26, 28], [100] * 18), "month")
# the same steady months then 32, 21, 32: two of three near the upper limit (35.5%)
NEAR_HIGH = control(_frame([20, 22, 21, 23] * 3 + [32, 21, 32], [100] * 15), "month")
STEADY = control(_frame([20, 22, 21, 23] * 3, [100] * 12), "month")


def test_the_latest_months_signal_is_an_improvement_or_a_concern_by_the_metrics_direction():
    assert variation(RISING, higher_is_better=True) == "improvement"
    assert variation(RISING, higher_is_better=False) == "concern"  # e.g. caseload per FTE
    assert variation(RISING, higher_is_better=None) == "special cause"
    assert variation(NEAR_HIGH, higher_is_better=True) == "improvement"
    assert variation(STEADY, higher_is_better=True) == "common cause"


def test_a_falling_trend_above_the_centre_is_still_falling():
    # steady, then 35, 33, 31, 29, 27, 25: p̄ = 438/1800 = 0.2433, so each month of the fall
    # is still above the centre line; the last is a trend down
    falling = control(_frame([20, 22, 21, 23] * 3 + [35, 33, 31, 29, 27, 25], [100] * 18),
                      "month")
    assert falling["signal"][-1] == "a trend"
    assert 0.243 < falling["centre"][-1] < 0.25
    assert variation(falling, higher_is_better=True) == "concern"


def test_a_month_of_too_few_people_is_not_the_one_the_icon_reads():
    small = control(_frame([20, 22, 21, 23] * 3 + [0], [100] * 12 + [3]), "month")
    assert variation(small, higher_is_better=True) == "common cause"  # read from month 12


def test_assurance_compares_the_target_with_the_latest_limits():
    # limits 9.6% to 34.4% (RISING's), higher is better
    assert assurance(RISING, 0.05, higher_is_better=True) == "pass"  # below the lower limit
    assert assurance(RISING, 0.40, higher_is_better=True) == "fail"  # above the upper
    assert assurance(RISING, 0.25, higher_is_better=True) == "hit and miss"
    assert assurance(RISING, 0.05, higher_is_better=False) == "fail"  # a ceiling under it
    assert assurance(RISING, None, higher_is_better=True) is None
    assert icons(RISING, None, None).assurance is None


def test_no_limits_no_icons():
    short = control(_frame([20, 22, 21], [100] * 3), "month")  # fewer than 8 final months
    assert icons(short, 0.5, True) == Icons(None, None)

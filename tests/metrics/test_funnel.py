"""The funnel plot's statistics: exact binomial limits with Spiegelhalter's interpolation,
checked against binomial quantiles computed independently by scipy.stats.binom (the product's
code never calls it), and the over-dispersion step against a published worked example."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import binom

from metrics.funnel import (
    LIMITS,
    binomial_cdf,
    binomial_limit,
    dispersion,
    widened_limit,
    winsorised,
)

TAILS = [t for pair in LIMITS.values() for t in pair]


def scipy_limit(n: int, p: float, tail: float) -> float:
    """Spiegelhalter 2005 (Statist. Med. 24:1185, Appendix A.1.1) from scipy's binomial:
    r_q = the tail quantile, alpha = (F(r_q) - tail) / (F(r_q) - F(r_q - 1)), (r_q - alpha)/n,
    kept inside 0 to 1 (a tiny program's lower limit can interpolate below 0)."""
    r = binom.ppf(tail, n, p)
    f, below = binom.cdf(r, n, p), binom.cdf(r - 1, n, p)
    return min(max((r - (f - tail) / (f - below)) / n, 0.0), 1.0)


@pytest.mark.parametrize("tail", TAILS)
@pytest.mark.parametrize(("n", "p"), [(11, 0.5), (30, 0.8), (62, 0.83), (147, 0.05),
                                      (500, 0.64), (2_000, 0.43), (25_000, 0.97), (1, 0.3)])
def test_the_limits_are_the_exact_binomial_quantiles_interpolated(n, p, tail):
    assert binomial_limit(n, p, tail) == pytest.approx(scipy_limit(n, p, tail), abs=1e-9)


@pytest.mark.parametrize(("n", "p"), [(40, 0.7), (900, 0.12)])
def test_the_cdf_equals_scipys_at_every_count(n, p):
    assert np.allclose(binomial_cdf(n, p), binom.cdf(np.arange(n + 1), n, p), atol=1e-12)


def test_the_interpolated_limit_lies_between_its_quantile_and_the_one_below():
    """(r_q - alpha)/n with 0 <= alpha <= 1: on the step's rise, never past its quantile."""
    for n in range(11, 200, 7):
        for tail in TAILS:
            r = binom.ppf(tail, n, 0.8)
            assert (r - 1) / n - 1e-12 <= binomial_limit(n, 0.8, tail) <= r / n + 1e-12


def test_the_95_and_998_limits_narrow_as_programs_grow():
    lows = [binomial_limit(n, 0.8, 0.001) for n in (11, 50, 200, 1000)]
    highs = [binomial_limit(n, 0.8, 0.999) for n in (11, 50, 200, 1000)]
    assert lows == sorted(lows) and highs == sorted(highs, reverse=True)
    assert binomial_limit(200, 0.8, 0.001) < binomial_limit(200, 0.8, 0.025) < 0.8


# BCG vaccine trials (Colditz et al. 1994, JAMA 271:698; the `dat.bcg` data of R's metafor):
# per trial, TB cases and non-cases among the vaccinated, then among the controls.
BCG = [(4, 119, 11, 128), (6, 300, 29, 274), (3, 228, 11, 209), (62, 13536, 248, 12619),
       (33, 5036, 47, 5761), (180, 1361, 372, 1079), (8, 2537, 10, 619),
       (505, 87886, 499, 87892), (29, 7470, 45, 7232), (17, 1699, 65, 1600),
       (186, 50448, 141, 27197), (5, 2493, 3, 2338), (27, 16886, 29, 17825)]


def test_the_additive_random_effect_matches_the_published_bcg_example():
    """Spiegelhalter's tau^2 = (I phi - (I - 1)) / (sum w - sum w^2 / sum w) is the
    DerSimonian-Laird moment estimate. Viechtbauer 2010 (J Stat Softw 36(3), metafor) works
    the BCG log risk ratios: fixed-effect estimate -0.4303, Q(df = 12) = 152.2330 and the DL
    tau^2 = 0.3088. Unwinsorised (q = 0) around the fixed-effect estimate, I phi is that Q."""
    y = [math.log((a / (a + b)) / (c / (c + d))) for a, b, c, d in BCG]
    v = [1 / a - 1 / (a + b) + 1 / c - 1 / (c + d) for a, b, c, d in BCG]
    w = np.array([1 / x for x in v])
    fixed = float((w * np.array(y)).sum() / w.sum())
    assert fixed == pytest.approx(-0.4303, abs=5e-5)
    check = dispersion(y, [math.sqrt(x) for x in v], fixed, q=0)
    assert len(BCG) * check.phi == pytest.approx(152.2330, abs=5e-4)
    assert check.over and check.expected_up_to == pytest.approx(1 + 2 * math.sqrt(2 / 13))
    assert check.tau2 == pytest.approx(0.3088, abs=5e-5)


def test_winsorising_pulls_in_the_most_extreme_10_percent_by_rank():
    """Ten z-scores 1..9 and 30: one in each tail (10% of ten) is set to its neighbour, so
    1 -> 2 and 30 -> 9; twenty scores pull in two each side."""
    z = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 30], dtype=float)
    assert winsorised(z).tolist() == [2, 2, 3, 4, 5, 6, 7, 8, 9, 9]
    check = dispersion(z.tolist(), [1.0] * 10, 0.0)
    assert check.phi == pytest.approx(np.mean(winsorised(z) ** 2))
    twenty = np.arange(1, 21, dtype=float)
    assert winsorised(twenty).tolist() == [3, 3, 3, *range(4, 18), 18, 18, 18]


def test_with_fewer_than_ten_programs_nothing_is_winsorised():
    """Four programs at z = -0.5, 0.2, 0.4 and 2.4 (issue 34): the interpolated 10% and 90%
    quantiles (-0.29 and 1.8) pulled both ends in and phi read 0.88; by rank none is pulled
    in, and phi is the plain mean of z^2, 1.55."""
    z = [-0.5, 0.2, 0.4, 2.4]
    assert winsorised(np.array(z)).tolist() == z
    check = dispersion(z, [1.0] * 4, 0.0)
    assert check.phi == pytest.approx((0.25 + 0.04 + 0.16 + 5.76) / 4)  # 1.5525


def test_within_the_range_chance_allows_there_is_no_random_effect():
    """Five programs whose rates sit one standard error or less from the centre: phi <= 1,
    under 1 + 2 sqrt(2/5) = 2.26, so tau^2 is 0 and the limits stay exact binomial."""
    s = [math.sqrt(0.8 * 0.2 / n) for n in (50, 80, 120, 200, 300)]
    y = [0.8 + k * e for k, e in zip((-1, -0.5, 0, 0.5, 1), s, strict=True)]
    check = dispersion(y, s, 0.8)
    assert check.phi <= 1 and not check.over and check.tau2 == 0


def test_widened_limits_add_tau2_to_each_programs_variance():
    p, n, tau2 = 0.6, 100, 0.004
    z = 1.959963984540054
    assert widened_limit(n, p, 0.975, tau2) == pytest.approx(
        p + z * math.sqrt(p * (1 - p) / n + tau2))
    assert widened_limit(n, p, 0.975, tau2) > widened_limit(n, p, 0.975, 0.0)

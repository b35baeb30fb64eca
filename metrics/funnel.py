"""Funnel plots for comparing programs (Spiegelhalter 2005, "Funnel plots for comparing
institutional performance", Statist. Med. 24:1185-1202): exact binomial control limits around
a centre rate, and the over-dispersion check with its additive random-effects widening
(Spiegelhalter 2005, "Handling over-dispersion of performance indicators", Qual Saf Health
Care 14:347-351). Pure functions over numbers: no database, no scipy.stats."""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

# each pair: the lower and upper tail probabilities of a two-sided limit
LIMITS = {"95%": (0.025, 0.975), "99.8%": (0.001, 0.999)}
WINSORISE = 0.1  # Spiegelhalter's choice: the lowest and highest 10% of z-scores pulled in


def binomial_cdf(n: int, p: float) -> np.ndarray:
    """P(R <= r) for r = 0..n, R ~ Binomial(n, p), from log probabilities (no underflow)."""
    if p <= 0.0 or p >= 1.0:
        return np.ones(n + 1) if p <= 0.0 else np.r_[np.zeros(n), 1.0]
    r = np.arange(n)
    # log P(r+1) - log P(r) = log((n - r) / (r + 1)) + log(p / (1 - p))
    steps = np.log((n - r) / (r + 1)) + math.log(p / (1 - p))
    logs = np.r_[n * math.log1p(-p), n * math.log1p(-p) + np.cumsum(steps)]
    mass = np.exp(logs - logs.max())
    return np.minimum(np.cumsum(mass) / mass.sum(), 1.0)


def binomial_limit(n: int, p: float, tail: float) -> float:
    """The exact binomial control limit, as a proportion, for a program of size n around the
    rate p: r_q, the smallest r with P(R <= r) >= tail, moved back by the interpolation
    alpha = (P(R <= r_q) - tail) / (P(R = r_q)) so the limit is smooth in n (Spiegelhalter
    2005, Appendix A.1.1): (r_q - alpha) / n."""
    if n <= 0:
        raise ValueError("A control limit needs a program of at least one person.")
    cdf = binomial_cdf(n, p)
    r = int(np.searchsorted(cdf, tail - 1e-12, side="left"))
    below = cdf[r - 1] if r > 0 else 0.0
    alpha = (cdf[r] - tail) / (cdf[r] - below) if cdf[r] > below else 0.0
    return min(max((r - alpha) / n, 0.0), 1.0)


def widened_limit(n: int, p: float, tail: float, tau2: float) -> float:
    """The limit under the additive random-effects model: p + z_tail * sqrt(p(1-p)/n + tau2)
    (Spiegelhalter 2005 QSHC), a normal approximation, as the paper draws it."""
    z = NormalDist().inv_cdf(tail)
    return min(max(p + z * math.sqrt(p * (1 - p) / n + tau2), 0.0), 1.0)


@dataclass(frozen=True)
class Dispersion:
    """The over-dispersion check over I units: their z-scores, the winsorised phi, the top of
    the range phi would keep to by chance alone, and the additive tau^2 (0 unless above)."""

    z: tuple[float, ...]
    phi: float
    expected_up_to: float
    tau2: float

    @property
    def over(self) -> bool:
        return self.phi > self.expected_up_to


def winsorised(z: np.ndarray, q: float = WINSORISE) -> np.ndarray:
    """The z-scores with the lowest k = floor(q I) of the I set to the next lowest and the
    highest k to the next highest: as many scores, outliers' pull discounted. By rank, as
    Spiegelhalter counts them: with fewer than 1/q units (10) none is pulled in, where a
    quantile interpolated between two of four scores would pull in the most extreme one."""
    k = int(q * z.size + 1e-9)
    if k == 0:
        return z.copy()
    ordered = np.sort(z)
    return np.clip(z, ordered[k], ordered[-k - 1])


def dispersion(y: list[float], s: list[float], centre: float,
               q: float = WINSORISE) -> Dispersion:
    """z_i = (y_i - centre) / s_i; phi = mean of the winsorised z^2 (I phi is Cochran's Q when
    nothing is winsorised); phi is over-dispersed beyond 1 + 2 sqrt(2/I) (Var phi = 2/I by
    chance); then tau^2 = (I phi - (I - 1)) / (sum w - sum w^2 / sum w), w_i = 1/s_i^2, the
    DerSimonian-Laird moment estimate Spiegelhalter uses, 0 when negative."""
    ys, ss = np.asarray(y, dtype=float), np.asarray(s, dtype=float)
    count = ys.size
    if count == 0:
        return Dispersion((), math.nan, math.nan, 0.0)
    z = (ys - centre) / ss
    phi = float(np.mean(winsorised(z, q) ** 2)) if q > 0 else float(np.mean(z ** 2))
    expected = 1 + 2 * math.sqrt(2 / count)
    tau2 = 0.0
    if phi > expected and count > 1:  # one program: no spread between programs to estimate
        w = 1 / ss ** 2
        tau2 = max(0.0, float((count * phi - (count - 1)) / (w.sum() - (w ** 2).sum() / w.sum())))
    return Dispersion(tuple(float(v) for v in z), phi, expected, tau2)

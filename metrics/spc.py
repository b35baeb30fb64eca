"""Statistical process control for monthly rates: which moves are signals.

The rules are NHS England's Making Data Count's (its SPC guide, "Making data count: strengthening
your decisions", 2019), each a pattern that chance alone rarely makes:
- OUTSIDE: a month outside its 3-sigma limits;
- SHIFT: seven or more months in a row on one side of the centre line (a month on the line
  ends it);
- TREND: six or more months in a row each higher than the one before, or each lower (a month
  level with the one before ends it);
- NEAR: two of three months in a row beyond 2 sigma on the same side (each such month is the
  signal; one beyond 3 sigma is OUTSIDE first).
A month that fits several is called by the first of these. A month of fewer than MIN_JUDGED
people is drawn against the limits but judged no way (one person moves its rate by more than
a tenth): it is never a signal and it ends a shift or a trend.
Limits are a p-chart's, p̄ ± 3·sqrt(p̄(1-p̄)/nᵢ), from the baseline's final months only; where
those months vary more than a binomial allows (Laney's σz > 1, over-dispersion) the limits
are Laney's p′, p̄ ± 3·σz·sqrt(p̄(1-p̄)/nᵢ), σz being the mean moving range of the months'
z-scores divided by 1.128 (Laney 2002, Quality Engineering 14(4):531-537). A baseline
restarts at a dated program change: each segment between restarts has limits of its own, from
its first whole month on or after the change. Provisional months are drawn against the
limits but never called signals.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

import polars as pl

SIGMAS = 3.0
SHIFT_LENGTH = 7
TREND_LENGTH = 6
NEAR_SIGMAS = 2.0  # "close to a limit": beyond this many sigma
MIN_JUDGED = 10  # people in a month, at least, for it to be a signal or part of one
MIN_BASELINE = 8  # months: fewer final months than this give no limits (too unstable)
D2 = 1.128  # the bias correction of a moving range of two (Laney's σz)
OUTSIDE, SHIFT, TREND, NEAR = ("outside the limits", "a shift", "a trend",
                                "two of three near a limit")


@dataclass(frozen=True)
class Limits:
    """A segment's centre line, its σz (1.0 for a plain p-chart) and whether it is Laney's."""

    centre: float
    sigma_z: float
    laney: bool

    def band(self, n: int, sigmas: float = SIGMAS) -> tuple[float, float]:
        """The lower and upper limit for a month with denominator n (at `sigmas`)."""
        half = sigmas * self.sigma_z * math.sqrt(self.centre * (1 - self.centre) / n)
        return max(0.0, self.centre - half), min(1.0, self.centre + half)


def sigma_z(x: Sequence[int], n: Sequence[int], centre: float) -> float:
    """Laney's σz: the mean moving range of z = (p - p̄)/sqrt(p̄(1-p̄)/n), over 1.128."""
    spread = centre * (1 - centre)
    if len(x) < 2 or spread == 0:
        return 1.0
    z = [(xi / ni - centre) / math.sqrt(spread / ni) for xi, ni in zip(x, n, strict=True)]
    ranges = [abs(b - a) for a, b in pairwise(z)]
    return sum(ranges) / len(ranges) / D2


def limits(x: Sequence[int], n: Sequence[int], *, laney: bool | None = None) -> Limits | None:
    """The limits from baseline months (numerators x, denominators n, in time order); None
    when there are fewer than MIN_BASELINE months. `laney` forces p′ (True) or p (False);
    None chooses p′ when σz > 1."""
    pairs = [(a, b) for a, b in zip(x, n, strict=True) if b > 0]
    if len(pairs) < MIN_BASELINE:
        return None
    xs, ns = [a for a, _ in pairs], [b for _, b in pairs]
    centre = sum(xs) / sum(ns)
    sz = sigma_z(xs, ns, centre)
    use = sz > 1.0 if laney is None else laney
    return Limits(centre, sz if use else 1.0, use)


def segment_of(months: Sequence[date], restarts: Sequence[date]) -> list[int]:
    """Each month's baseline segment: how many restarts fall on or before its first day."""
    return [sum(1 for r in restarts if r <= m) for m in months]


def runs(sides: Sequence[int], length: int = SHIFT_LENGTH) -> list[bool]:
    """Which points belong to a run of `length` or more with the same side (+1 above, -1
    below; 0, on the line or not judged, breaks a run)."""
    flags = [False] * len(sides)
    start = 0
    for i in range(1, len(sides) + 1):
        if i == len(sides) or sides[i] != sides[start] or sides[i] == 0:
            if sides[start] != 0 and i - start >= length:
                flags[start:i] = [True] * (i - start)
            start = i
    return flags


def trends(values: Sequence[float | None], length: int = TREND_LENGTH) -> list[bool]:
    """Which points belong to `length` or more in a row, each above the one before or each
    below it (None, a month not judged, breaks it; so does a month level with the last)."""
    steps = [0] + [0 if a is None or b is None or a == b else (1 if b > a else -1)
                   for a, b in pairwise(values)]
    flags = [False] * len(values)
    start = 1  # the first step of the current streak: steps[i] compares i with i - 1
    for i in range(1, len(values) + 1):
        if i == len(values) or steps[i] != steps[start] or steps[i] == 0:
            if start < len(values) and steps[start] != 0 and i - start + 1 >= length:
                flags[start - 1:i] = [True] * (i - start + 1)
            start = i
    return flags


def near(zones: Sequence[int]) -> list[bool]:
    """Which points are beyond 2 sigma (+1 above, -1 below, 0 not) with another of the same
    side among any three in a row that hold them."""
    flags = [False] * len(zones)
    for i in range(len(zones) - 2):
        for side in (1, -1):
            hits = [j for j in range(i, i + 3) if zones[j] == side]
            if len(hits) >= 2:
                for j in hits:
                    flags[j] = True
    return flags


def _segment(rows: list[dict]) -> list[dict]:
    base = [r for r in rows if r["final"] and r["denominator"]]
    lim = limits([r["numerator"] for r in base], [r["denominator"] for r in base])
    if lim is None:
        return [{**r, "centre": None, "lower": None, "upper": None, "sigma_z": None,
                 "laney": None, "signal": None} for r in rows]
    out, sides, zones, values = [], [], [], []
    for r in rows:
        low, high = lim.band(r["denominator"]) if r["denominator"] else (None, None)
        side, zone, outside, p = 0, 0, False, None  # a part or empty month: judged no way
        if r["final"] and low is not None and high is not None \
                and r["denominator"] >= MIN_JUDGED:
            p = r["numerator"] / r["denominator"]
            side = 0 if p == lim.centre else (1 if p > lim.centre else -1)
            outside = p < low or p > high
            near_low, near_high = lim.band(r["denominator"], NEAR_SIGMAS)
            zone = 1 if p > near_high else (-1 if p < near_low else 0)
        sides.append(side)
        zones.append(zone)
        values.append(p)
        out.append({**r, "centre": lim.centre, "lower": low, "upper": high,
                    "sigma_z": lim.sigma_z, "laney": lim.laney,
                    "signal": OUTSIDE if outside else None})
    for rule, flags in ((SHIFT, runs(sides)), (TREND, trends(values)), (NEAR, near(zones))):
        for row, flagged in zip(out, flags, strict=True):
            if flagged and row["signal"] is None:
                row["signal"] = rule
    return out


def control(frame: pl.DataFrame, x: str, restarts: Sequence[date] = ()) -> pl.DataFrame:
    """A rate frame (x, numerator, denominator, final) with each row's segment, centre,
    lower and upper limit, sigma_z, laney and signal (OUTSIDE, SHIFT, TREND, NEAR or null),
    in x order."""
    frame = frame.sort(x)
    rows = frame.select(x, "numerator", "denominator", "final").to_dicts()
    for row, seg in zip(rows, segment_of(frame[x].to_list(), sorted(restarts)), strict=True):
        row["segment"] = seg
    out: list[dict] = []
    for seg in sorted({r["segment"] for r in rows}):
        out.extend(_segment([r for r in rows if r["segment"] == seg]))
    schema = {x: frame.schema[x], "numerator": pl.Int64(), "denominator": pl.Int64(),
              "final": pl.Boolean(), "segment": pl.Int64(), "centre": pl.Float64(),
              "lower": pl.Float64(), "upper": pl.Float64(), "sigma_z": pl.Float64(),
              "laney": pl.Boolean(), "signal": pl.String()}
    return pl.DataFrame(out, schema=schema, orient="row") if out else pl.DataFrame(schema=schema)

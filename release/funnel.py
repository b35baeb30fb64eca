"""The funder report's comparison of programs as a funnel plot (Spiegelhalter 2005): each
program's rate against its size in one quarter, with exact binomial 95% and 99.8% limits around
the all-program rate (the programs' pooled rate; the target when that is hidden, or when
asked), checked for over-dispersion and widened by the additive random effect when needed. The
target is drawn as a line of its own, so a shortfall every program shares shows as the whole
funnel below it, where centring on the target would let the over-dispersion widening absorb it.
With one program placed there is nothing to compare: it is drawn with no limits.

Every input is a cell the protected release publishes: a program's point is its shown rate and
denominator, the centre is the shown all-program rate; hidden rows are left out, never
estimated. So the points, the limits and phi are all worked out from published figures and
nothing new escapes the release audit."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import polars as pl

from metrics.comparisons import Funnel
from metrics.funder import FUNDER_METRICS
from metrics.funnel import LIMITS, binomial_limit, dispersion, widened_limit
from metrics.instruments import SMALLEST_SHOWN

CURVE_POINTS = 120  # sizes the limits are drawn at, spaced evenly on a log scale


def funnels(metric: str) -> bool:
    """Whether a metric's programs are compared on a funnel: a rate counted per program."""
    spec = FUNDER_METRICS[metric]
    return spec.by_program and spec.kind == "proportion"


def _sizes(largest: int) -> list[int]:
    # from the smallest program a funder can be shown (a smaller one is always hidden)
    smallest = SMALLEST_SHOWN
    grid = np.unique(np.round(np.geomspace(smallest, max(largest, smallest + 1) * 1.15,
                                           CURVE_POINTS)))
    return [int(n) for n in grid]


def limits_curve(centre: float, largest: int, tau2: float = 0.0) -> pl.DataFrame:
    """The limits at each size up to a little past the largest program: exact binomial, or
    the random-effects ones when tau2 > 0."""
    sizes = _sizes(largest)
    columns: dict[str, list] = {"n": sizes}
    for name, (low, high) in LIMITS.items():
        for side, tail in (("low", low), ("high", high)):
            columns[f"{side} {name}"] = [
                widened_limit(n, centre, tail, tau2) if tau2 > 0
                else binomial_limit(n, centre, tail) for n in sizes]
    return pl.DataFrame(columns)


def _band(value: float, n: int, centre: float, tau2: float) -> str:
    """Where a program sits: 'within', or above/below the 95% or the 99.8% limits."""
    for name in ("99.8%", "95%"):
        low, high = LIMITS[name]
        limit = widened_limit if tau2 > 0 else None
        lo = limit(n, centre, low, tau2) if limit else binomial_limit(n, centre, low)
        hi = limit(n, centre, high, tau2) if limit else binomial_limit(n, centre, high)
        if value < lo:
            return f"below {name}"
        if value > hi:
            return f"above {name}"
    return "within"


def funnel(frame: pl.DataFrame, key: str, quarter: date | None = None,
           target: float | None = None, on_target: bool = False) -> Funnel | None:
    """The funnel of a release table's quarter (default: its latest with an all-program rate
    shown, or with a program shown when there is a target to centre on) around the
    all-program rate, or around the target when asked or when that rate is hidden; None when
    there is no centre or no program to place."""
    shown = frame.filter(pl.col("value").is_not_null(), ~pl.col("suppressed"))
    candidates = shown if target is not None else shown.filter("is_total")
    if quarter is None and candidates.height:
        latest = candidates["quarter"].max()
        quarter = latest if isinstance(latest, date) else None
    if quarter is None:
        return None
    rows = frame.filter(pl.col("quarter") == quarter)
    total = rows.filter("is_total", pl.col("value").is_not_null())
    centre, around = ((target, "the target") if target is not None and
                      (on_target or not total.height) else
                      (total["value"][0] if total.height else None, "all programs"))
    programs = rows.filter(~pl.col("is_total"))
    placed = programs.filter(~pl.col("suppressed"), pl.col("denominator") > 0)
    if centre is None or placed.is_empty() or not 0 < centre < 1:
        return None
    s = [math.sqrt(centre * (1 - centre) / n) for n in placed["denominator"]]
    check = dispersion(placed["value"].to_list(), s, centre)
    alone = placed.height == 1  # nothing to compare it with: no limits, no band
    bands = ["within" if alone else _band(v, n, centre, check.tau2)
             for v, n in placed.select("value", "denominator").iter_rows()]
    points = placed.select("program_name", "numerator", "denominator", "value").with_columns(
        z=pl.Series(check.z), band=pl.Series(bands, dtype=pl.String))
    curve = limits_curve(centre, max(placed["denominator"].to_list()), check.tau2)
    return Funnel(key, quarter, centre, around, points, programs.height - placed.height, check,
                  curve.clear() if alone else curve, target)

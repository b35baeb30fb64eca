"""Recurrence of use, overdoses and deaths, and the discharge each enrollment finally gets.

The hazard of a first recurrence falls with engagement and with early contacts, and after
discharge it depends on whether aftercare was attended within 7 days: the links the dashboard
exists to show. Its scale is solved so that about half recur within a year (NIDA: 40-60%).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sample_data.calibrate import bisect, draw
from sample_data.engagement import WINDOW

RELAPSE_WITHIN_YEAR = 0.50
OVERDOSE_RISK = {"opioids": 0.10, "stimulants": 0.05, "sedatives": 0.05}  # per recurrence
OVERDOSE_RISK_OTHER = 0.01
DEATH_GIVEN_OVERDOSE = 0.08
USE_DAYS = 28  # mean length of a return to use, in days


def _after_discharge_factor(followup_after: np.ndarray) -> np.ndarray:
    """Hazard multiplier after discharge: aftercare attended within 7 days protects most."""
    f = np.nan_to_num(followup_after, nan=999)
    return np.where(f <= 7, 0.55, np.where(f <= 30, 0.9, 1.5))


def first_recurrence(enr: pl.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Days from enrollment to the first recurrence (piecewise-exponential hazard)."""
    z, e90 = enr["z"].to_numpy(), enr["e90"].to_numpy()
    subst = enr["substance"].replace_strict(
        {"opioids": 1.2, "stimulants": 1.1, "cannabis": 0.8}, default=1.0,
        return_dtype=pl.Float64).to_numpy()
    rel = np.exp(-0.35 * z - 0.45 * np.log1p(e90)) * subst
    td = (enr["end_day"] - enr["day"]).to_numpy().astype(float)
    m = _after_discharge_factor(enr["followup_after"].to_numpy())
    e = rng.exponential(1.0, enr.height)

    def t1(scale: float) -> np.ndarray:
        lam = scale * rel
        return np.where(e <= lam * td, e / lam, td + (e - lam * td) / (lam * m))

    scale = np.exp(bisect(lambda s: float((t1(np.exp(s)) <= 365).mean()) - RELAPSE_WITHIN_YEAR,
                          -15, 5))
    return t1(scale)


def recurrences(enr: pl.DataFrame, t1: np.ndarray, rng: np.random.Generator) -> pl.DataFrame:
    """One row per recurrence: a first one, and for most a run of further returns to use some
    weeks apart (mean six), each with the overdose risk of the person's substance."""
    has = t1 < 2 * WINDOW
    idx = np.flatnonzero(has)
    extra = np.minimum(rng.geometric(0.13, idx.size) - 1, 15)
    rep = np.repeat(idx, 1 + extra)
    first = np.r_[True, rep[1:] != rep[:-1]]
    gaps = np.where(first, 0, np.floor(rng.exponential(30, rep.size)) + 1)
    group_start = np.maximum.accumulate(np.where(first, np.arange(rep.size), 0))
    csum = np.cumsum(gaps)
    offset = csum - csum[group_start]
    day = enr["day"].to_numpy()[rep] + np.floor(t1[rep]) + offset
    subst = enr["substance"].to_numpy()[rep]
    risk = np.array([OVERDOSE_RISK.get(s, OVERDOSE_RISK_OTHER) for s in subst])
    overdose = draw(rng, risk)
    death = overdose & draw(rng, np.full(rep.size, DEATH_GIVEN_OVERDOSE))
    return pl.DataFrame({
        "idx": enr["idx"].to_numpy()[rep], "day": day.astype(np.int64),
        "overdose": overdose, "death": death,
        "od_lag": rng.integers(0, 3, rep.size),
        "use_days": 1 + np.floor(rng.exponential(USE_DAYS - 1, rep.size)),
    }).filter(pl.col("day") <= WINDOW)


def final_discharge(enr: pl.DataFrame, rec: pl.DataFrame) -> pl.DataFrame:
    """Deaths end enrollments; discharges after the window's last day are still active."""
    deaths = rec.filter("death").group_by("idx").agg(death_day=pl.col("day").min())
    enr = enr.join(deaths, on="idx", how="left", maintain_order="left")
    died_enrolled = pl.col("death_day").is_not_null() & (pl.col("death_day") <= pl.col("end_day"))
    end = pl.when(died_enrolled).then(pl.col("death_day")).otherwise(pl.col("end_day"))
    return enr.with_columns(
        discharged_day=pl.when(end <= WINDOW).then(end),
        discharge_reason=pl.when(end > WINDOW).then(None)
        .when(died_enrolled).then(pl.lit("deceased")).otherwise(pl.col("reason")),
    ).with_columns(
        # Events are known while enrolled and for a year after, and never after a death.
        observed_to=pl.min_horizontal(
            pl.lit(WINDOW), pl.col("death_day"), pl.col("end_day") + 365),
    )

"""Outcome interviews (GPRA-style waves) for a chunk of enrollments, agreeing with its events:
days of use are the days of the episodes of use (recurrences) in the 30 days before an
interview, and arrests are the arrest events of those 30 days. Recovery capital, housing and
work improve with engagement and with staying abstinent."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from sample_data.calibrate import blank_some, draw, intercept_for, sigmoid
from sample_data.engagement import WINDOW

GPRA_FOLLOWUP = 0.66  # share of intakes with a 6-month interview (CARA review: often 45-80%)
SUPRT_FROM = date(2025, 10, 1)  # SAMHSA's SUPRT replaced the GPRA tool for new intakes
NA_SHARE = 0.03  # optional answers left empty


def _waves(enr: pl.DataFrame, rng: np.random.Generator, suprt_from: int) -> pl.DataFrame:
    """Which interviews happen, and when (days); intakes from day `suprt_from` on are SUPRT-A,
    whose reassessment falls in its own window (150-210 days, the GPRA draw scaled into it)."""
    n, z = enr.height, enr["z"].to_numpy()
    day, engaged = enr["day"].to_numpy(), enr["engaged"].to_numpy()
    still = ((enr["d0"] + enr["span"]) >= 150).to_numpy()
    intake = draw(rng, np.where(engaged, 0.95, 0.7))
    intake_day = day + rng.integers(0, 11, n)
    stop = enr["discharged_day"].fill_null(WINDOW).to_numpy()
    intake_day = np.minimum(intake_day, np.maximum(stop, day))
    x6 = 0.9 * z + 0.8 * still
    late = rng.random(n) < 0.1
    suprt = intake_day >= suprt_from
    waves = {
        "intake": (intake, intake_day),
        "3_month": (intake & engaged & draw(rng, sigmoid(0.8 * z)),
                    intake_day + rng.integers(75, 111, n)),
        "6_month": (intake & draw(rng, sigmoid(intercept_for(x6, GPRA_FOLLOWUP) + x6)),
                    intake_day + np.where(late, rng.integers(241, 301, n),
                                          rng.integers(150, 241, n))),
        "12_month": (intake & draw(rng, sigmoid(-0.3 + 0.9 * z)),
                     intake_day + rng.integers(330, 421, n)),
    }
    held, six = waves["6_month"]  # SUPRT's on-time reassessments scaled into 150-210 days
    after = six - intake_day
    waves["6_month"] = (held, np.where(suprt & (after <= 240), intake_day + 150 + (after - 150)
                                       * 2 // 3, six))
    reason = enr["discharge_reason"].to_numpy()
    exit_talk = (reason != None) & (reason != "deceased") & draw(  # noqa: E711
        rng, np.where(reason == "completed", 0.85, 0.15))
    waves["discharge"] = (exit_talk, enr["discharged_day"].fill_null(0).to_numpy())
    died = enr["death_day"].fill_null(1 << 30).to_numpy()
    instrument = np.where(suprt, "suprt_a", "gpra")
    frames = [pl.DataFrame({"enr": enr["idx"].to_numpy()[m], "row": np.flatnonzero(m),
                            "day": d[m], "wave": w, "died": died[m],
                            "instrument": instrument[m]})
              for w, (m, d) in waves.items()]
    return (pl.concat(frames).filter(pl.col("day") <= WINDOW, pl.col("day") < pl.col("died"))
            .drop("died"))


def _per_interview(w: pl.DataFrame, hits: pl.DataFrame, value: pl.Expr) -> np.ndarray:
    """Sum `value` over the rows of `hits` (enr, start, end) that overlap the 30 days up to
    each interview."""
    found = (w.with_row_index("i").join(hits, on="enr")
             .filter(pl.col("start") <= pl.col("day"), pl.col("end") > pl.col("day") - 30)
             .group_by("i").agg(value.sum()))
    out = np.zeros(w.height, dtype=np.int64)
    out[found["i"].to_numpy()] = found[found.columns[1]].to_numpy()
    return out


def _days_used(w: pl.DataFrame, rec: pl.DataFrame) -> np.ndarray:
    """Days of use in the 30 days before each interview, from the episodes of use."""
    episodes = rec.select(pl.col("idx").alias("enr"), pl.col("day").alias("start"),
                          end=pl.col("day") + pl.col("use_days"))
    overlap = (pl.min_horizontal("end", pl.col("day") + 1)
               - pl.max_horizontal("start", pl.col("day") - 29))
    return np.minimum(_per_interview(w, episodes, overlap.alias("used")), 30)


def _arrests(w: pl.DataFrame, events: pl.DataFrame) -> np.ndarray:
    arrests = events.filter(pl.col("event_type") == "arrest").select(
        "enr", start="day", end=pl.col("day") + 1)
    return _per_interview(w, arrests, pl.lit(1).alias("n"))


def _or_na(values: np.ndarray, rng: np.random.Generator) -> pl.Series:
    return blank_some(values, NA_SHARE, rng)


def interview_rows(enr: pl.DataFrame, events: pl.DataFrame, rec: pl.DataFrame,
                   rng: np.random.Generator, suprt_from: int) -> pl.DataFrame:
    """One row per interview, with answers that follow from the person's events; intakes from
    day `suprt_from` on are SUPRT-A interviews."""
    w = _waves(enr, rng, suprt_from)
    row, n = w["row"].to_numpy(), w.height
    z = enr["z"].to_numpy()[row]
    intake = (w["wave"] == "intake").to_numpy()
    days_used = np.where(intake, draw(rng, np.full(n, 0.72)) * (1 + rng.binomial(29, 0.35, n)),
                         _days_used(w, rec.filter(pl.col("idx").is_in(enr["idx"].implode()))))
    used = days_used > 0
    # Per-enrollment starting points, so each person's answers move from where they began.
    base = np.random.default_rng(rng.integers(1 << 32))
    b0 = base.normal(36, 6, enr.height)[row] + 2 * z
    h0 = base.random(enr.height)[row] < sigmoid(0.2 + 0.5 * z)
    e0 = base.random(enr.height)[row] < sigmoid(-0.7 + 0.5 * z)
    months = np.minimum((w["day"].to_numpy() - enr["day"].to_numpy()[row]) / 30, 8)
    barc = b0 + np.where(intake, 0, 0.8 * months + 1.5 * z + np.where(used, -4, 3)
                         + rng.normal(0, 4, n))
    housed = np.where(intake, h0, np.where(h0, draw(rng, np.where(used, 0.8, 0.93)),
                                           draw(rng, np.where(used, 0.1, 0.3))))
    working = np.where(intake, e0, np.where(e0, draw(rng, np.full(n, 0.88)),
                                            draw(rng, np.where(used, 0.07, 0.22))))
    arrests = np.where(intake, rng.poisson(0.12, n), _arrests(w, events))
    return w.select("enr", "day", "wave", "instrument").with_columns(
        days_used_30=_or_na(days_used, rng),
        barc10_total=_or_na(np.round(barc).clip(10, 60).astype(np.int64), rng),
        stable_housing=_or_na(housed, rng),
        employed_or_in_school=_or_na(working, rng),
        arrests_30=_or_na(arrests, rng),
    )

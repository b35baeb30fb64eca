"""Peer-worker check-ins whose ProQOL scores follow from the work: a caseload over ~16 per FTE,
critical incidents (overdoses on the caseload) and thin supervision build up strain month by
month; burnout and secondary traumatic stress rise with it, compassion satisfaction falls."""

from __future__ import annotations

import numpy as np
import polars as pl

from sample_data.calibrate import blank_some, draw
from sample_data.engagement import WINDOW
from sample_data.staff import MAX_HANDOFFS, RAMP_DAYS

MONTH = 30  # the generator's months; check-in dates are real days within them
MONTHS = WINDOW // MONTH + 1
NA_SHARE = 0.03


def caseload_intervals(enr: pl.DataFrame) -> pl.DataFrame:
    """Who held each enrollment from which day to which (handoffs included)."""
    bounds = [pl.col("day")] + [pl.col(f"h{k}") for k in range(1, MAX_HANDOFFS + 1)]
    parts = []
    for k in range(MAX_HANDOFFS + 1):
        start = bounds[k]
        later = [b for b in bounds[k + 1:]]
        end = pl.coalesce(*later, pl.col("stop_day") + 1) if later else pl.col("stop_day") + 1
        parts.append(enr.select(pl.col("idx").alias("enr"), pl.col(f"w{k}").alias("worker"),
                                start.alias("start"), end.alias("end"))
                     .filter(pl.col("start").is_not_null()))
    return pl.concat(parts).filter(pl.col("end") > pl.col("start"))


def _grid(workers: pl.DataFrame, intervals: pl.DataFrame, events: pl.DataFrame,
          rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Worker x month arrays: employed, caseload, incidents, supervision."""
    n = workers.height
    mid = np.arange(MONTHS) * MONTH + MONTH // 2
    hired, left = workers["hired_day"].to_numpy(), workers["left_day"].to_numpy()
    employed = (hired[:, None] <= mid) & ((left[:, None] < 0) | (left[:, None] > mid))
    caseload = np.zeros((n, MONTHS))
    for m, d in enumerate(mid.tolist()):
        on = intervals.filter(pl.col("start") <= d, pl.col("end") > d).group_by("worker").len()
        caseload[on["worker"].to_numpy(), m] = on["len"].to_numpy()
    od = (events.filter(pl.col("event_type").is_in(["overdose", "overdose_death"]))
          .join(intervals, on="enr")
          .filter(pl.col("day") >= pl.col("start"), pl.col("day") < pl.col("end")))
    incidents = rng.poisson(0.08, (n, MONTHS)).astype(float)
    np.add.at(incidents, (od["worker"].to_numpy(), np.minimum(od["day"].to_numpy() // MONTH,
                                                                MONTHS - 1)), 1)
    # Most workers get about 80 minutes a month; 15% get little (the story: thin supervision).
    sup_mean = np.where(rng.random(n) < 0.15, rng.normal(25, 10, n), rng.normal(80, 8, n))
    ramp_to = workers["ramp_to"].to_numpy()
    overloaded = (ramp_to[:, None] >= 0) & (mid > ramp_to[:, None] - RAMP_DAYS)
    supervision = (rng.normal(sup_mean[:, None], 10, (n, MONTHS)) * np.where(overloaded, 0.5, 1))
    supervision = (np.round(supervision / 15) * 15).clip(0)
    return {"employed": employed, "caseload": caseload, "incidents": incidents,
            "supervision": supervision}


def _scores(workers: pl.DataFrame, g: dict[str, np.ndarray],
            rng: np.random.Generator) -> dict[str, np.ndarray]:
    """ProQOL raw sums and hours, month by month, from accumulated strain."""
    n = workers.height
    fte = workers["fte"].to_numpy()[:, None]
    per_fte = g["caseload"] / fte
    x = (0.8 * np.maximum(per_fte - 16, 0) + 1.2 * g["incidents"]
         - 0.03 * (g["supervision"] - 60))
    strain, trauma = np.zeros((n, MONTHS)), np.zeros((n, MONTHS))
    for m in range(MONTHS):
        prev_s = strain[:, m - 1] if m else 0
        prev_t = trauma[:, m - 1] if m else 0
        strain[:, m] = np.maximum(0.7 * prev_s + x[:, m], 0)
        trauma[:, m] = 0.75 * prev_t + g["incidents"][:, m]
    noise = lambda sd: rng.normal(0, sd, (n, MONTHS))  # noqa: E731
    own = lambda sd: rng.normal(0, sd, (n, 1))  # noqa: E731
    return {
        "proqol_bo": 24 + own(3) + 0.9 * strain + noise(1.0),
        "proqol_sts": 23 + own(3) + 0.5 * strain + 1.5 * trauma + noise(1.5),
        "proqol_cs": 38 + own(4) - 0.35 * strain + noise(2),
        "hours_per_week": 40 * fte + 0.25 * np.maximum(g["caseload"] - 15 * fte, 0) + noise(2),
    }


def _since_previous(cum: np.ndarray, w: np.ndarray, m: np.ndarray) -> np.ndarray:
    """Sum of a monthly quantity since the worker's previous check-in (row-major w, m)."""
    same = np.r_[False, w[1:] == w[:-1]]
    prev = np.where(same, np.r_[-1, m[:-1]], m - 1)
    return cum[w, m] - np.where(prev >= 0, cum[w, np.maximum(prev, 0)], 0)


def wellbeing_rows(workers: pl.DataFrame, enr: pl.DataFrame, events: pl.DataFrame,
                   rng: np.random.Generator) -> pl.DataFrame:
    """Monthly check-ins (quarterly for some), a few missed, and a few workers who stopped."""
    workers = workers.sort("idx")
    g = _grid(workers, caseload_intervals(enr), events, rng)
    scores = _scores(workers, g, rng)
    n, months = workers.height, np.arange(MONTHS)
    quarterly = rng.random(n) < 0.15
    stopped = rng.random(n) < 0.06
    day = months * MONTH + rng.integers(15, MONTH, (n, MONTHS))
    hired, left = workers["hired_day"].to_numpy()[:, None], workers["left_day"].to_numpy()[:, None]
    due = (g["employed"] & np.where(quarterly[:, None], months % 3 == 2, True)
           & ~draw(rng, np.full((n, MONTHS), 0.08))
           & ~(stopped[:, None] & (months >= MONTHS - 3))
           & (day <= WINDOW) & (day >= hired) & ((left < 0) | (day < left)))
    w, m = np.nonzero(due)
    cols = {k: np.round(v[w, m]).clip(10, 50).astype(np.int64)
            for k, v in scores.items() if k.startswith("proqol")}
    cols["hours_per_week"] = (np.round(scores["hours_per_week"][w, m] * 2) / 2).clip(0, 100)
    cols["supervision_minutes"] = _since_previous(np.cumsum(g["supervision"], 1), w, m)
    cols["critical_incidents"] = _since_previous(np.cumsum(g["incidents"], 1), w, m)
    frame = pl.DataFrame({"worker": w, "day": day[w, m]})
    return frame.with_columns(blank_some(v, NA_SHARE, rng, k) for k, v in cols.items())

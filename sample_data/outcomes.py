"""Recovery events for a chunk of enrollments: recurrences and what some of them bring
(overdoses, deaths, ED visits, detox), acute care at a base rate, and arrests."""

from __future__ import annotations

import numpy as np
import polars as pl

from sample_data.calibrate import draw


def _base_rate(enr: pl.DataFrame, per_year: np.ndarray, etype: str,
               rng: np.random.Generator) -> pl.DataFrame:
    """Events at a constant yearly rate over each enrollment's observed days."""
    first, last = enr["day"].to_numpy(), enr["observed_to"].to_numpy()
    days = np.maximum(last - first, 0)
    rows = np.repeat(np.arange(enr.height), rng.poisson(per_year * days / 365))
    day = first[rows] + np.floor(rng.random(rows.size) * (days[rows] + 1))
    return pl.DataFrame({"enr": enr["idx"].to_numpy()[rows], "day": day.astype(np.int64),
                         "event_type": etype})


def _after(rec: pl.DataFrame, p: float, lag: tuple[int, int], etype: str,
           rng: np.random.Generator) -> pl.DataFrame:
    """Events that follow some recurrences (an ED visit, a detox admission) after a lag."""
    hit = rec.filter(pl.Series(draw(rng, np.full(rec.height, p))))
    return hit.select(pl.col("idx").alias("enr"),
                      (pl.col("day") + pl.Series(rng.integers(*lag, hit.height))).alias("day"),
                      event_type=pl.lit(etype))


def event_rows(enr: pl.DataFrame, rec: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Recurrences, overdoses and deaths, acute care and arrests, within what is observed."""
    rec = rec.filter(pl.col("idx").is_in(enr["idx"].implode()))
    od = rec.filter("overdose")
    detox = _after(rec, 0.15, (1, 11), "detox_admission", rng)
    justice = (enr["referral_source"] == "criminal_justice").fill_null(False).to_numpy()
    jailed = enr.filter(pl.col("discharge_reason") == "incarcerated")
    parts = [
        rec.select(pl.col("idx").alias("enr"), "day", event_type=pl.lit("recurrence")),
        od.select(pl.col("idx").alias("enr"),
                  pl.when("death").then("day").otherwise(pl.col("day") + pl.col("od_lag"))
                  .alias("day"),
                  event_type=pl.when("death").then(pl.lit("overdose_death"))
                  .otherwise(pl.lit("overdose"))),
        _after(od.filter(~pl.col("death")), 0.65, (0, 1), "ed_visit", rng),
        _after(rec, 0.2, (0, 8), "ed_visit", rng),
        _after(rec, 0.05, (0, 15), "hospital_admission", rng),
        detox,
        _after(detox.rename({"enr": "idx"}), 0.25, (5, 31), "detox_admission", rng),
        _base_rate(enr, np.full(enr.height, 0.45), "ed_visit", rng),
        _base_rate(enr, np.full(enr.height, 0.10), "hospital_admission", rng),
        _base_rate(enr, np.where(justice, 0.45, 0.12), "arrest", rng),
        jailed.select(pl.col("idx").alias("enr"),
                      pl.max_horizontal(pl.col("day"), pl.col("discharged_day")
                                        - pl.Series(rng.integers(0, 4, jailed.height)))
                      .alias("day"), event_type=pl.lit("arrest")),
    ]
    events = pl.concat([p.cast({"day": pl.Int64}) for p in parts])
    bounds = enr.select(pl.col("idx").alias("enr"), "observed_to", pl.col("day").alias("from"))
    return (events.join(bounds, on="enr", maintain_order="left")
            .filter(pl.col("day") >= pl.col("from"), pl.col("day") <= pl.col("observed_to"))
            .select("enr", "day", "event_type").sort("enr", "day", maintain_order=True))

"""Participants, and their enrollments: one each, and a second one for some who came back."""

from __future__ import annotations

import numpy as np
import polars as pl

from sample_data.calibrate import blank_some, pick
from sample_data.engagement import WINDOW, aftercare, discharge, engagement, enrollment_days
from sample_data.recovery import final_discharge, first_recurrence, recurrences

RETURNING = 0.08  # share of enrollments that are a person's second episode
SUBSTANCES = ("opioids", "alcohol", "stimulants", "cannabis", "sedatives", "other", "unknown")
SUBSTANCE_MIX = (0.38, 0.27, 0.18, 0.07, 0.03, 0.03, 0.04)


def participants(n: int, as_of_year: int, rng: np.random.Generator) -> pl.DataFrame:
    """People: a pseudonymous 8-digit id, birth year, gender, substance; z is their outlook."""
    ids = rng.choice(10**8, n, replace=False)
    age = (18 + rng.gamma(4.0, 5.0, n)).clip(max=75).astype(np.int64)
    substance = pick(rng, SUBSTANCES, SUBSTANCE_MIX, n)
    return pl.DataFrame({
        "person": np.arange(n),
        "participant_id": [f"{i:08d}" for i in ids],
        "birth_year": blank_some(as_of_year - age, 0.02, rng),
        "gender": pick(rng, ("male", "female", "nonbinary", "unknown"),
                       (0.58, 0.39, 0.015, 0.015), n),
        "primary_substance": blank_some(substance, 0.02, rng),
        "substance": substance,
        "z_person": rng.normal(0, 0.6, n),
    })


def timeline(base: pl.DataFrame, referral_mix: list[tuple[float, ...]],
             rng: np.random.Generator) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Everything decided per enrollment, and its recurrences."""
    enr = aftercare(discharge(engagement(base, referral_mix, rng), rng), rng)
    rec = recurrences(enr, first_recurrence(enr, rng), rng)
    return final_discharge(enr, rec), rec


def _base(people: pl.DataFrame, program_idx: np.ndarray, day: np.ndarray, start: int,
          rng: np.random.Generator) -> pl.DataFrame:
    return people.select("person", "substance", "z_person").with_columns(
        idx=pl.Series(np.arange(start, start + people.height)),
        program_idx=pl.Series(program_idx),
        day=pl.Series(day),
        z=pl.col("z_person") + pl.Series(rng.normal(0, 0.8, people.height)),
    )


def enrollments(n: int, people: pl.DataFrame, share: np.ndarray,
                referral_mix: list[tuple[float, ...]],
                rng: np.random.Generator) -> tuple[pl.DataFrame, pl.DataFrame]:
    """About n enrollments: each person's first, then returns after a discharge."""
    first_n = people.height
    program = rng.choice(share.size, first_n, p=share)
    first, rec = timeline(_base(people, program, enrollment_days(first_n, rng), 0, rng),
                          referral_mix, rng)
    back = first.filter(pl.col("discharged_day").is_not_null(),
                        pl.col("discharge_reason") != "deceased")
    back = back.with_columns(day=pl.col("discharged_day")
                             + pl.Series(rng.integers(30, 300, back.height)))
    back = back.filter(pl.col("day") <= WINDOW).head(max(n - first_n, 0))
    if back.height == 0:
        return first, rec
    again = people.join(back.select("person", "program_idx", "day"), on="person",
                        maintain_order="left")
    moved = rng.random(again.height) < 0.15
    program2 = np.where(moved, rng.choice(share.size, again.height, p=share),
                        again["program_idx"].to_numpy())
    second, rec2 = timeline(_base(again.drop("program_idx", "day"), program2,
                                  again["day"].to_numpy(), first_n, rng), referral_mix, rng)
    return pl.concat([first, second], how="diagonal_relaxed"), pl.concat([rec, rec2])

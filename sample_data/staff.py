"""Programs and their peer workers, and which worker an enrollment is given to.

Workers who will leave, and a few who are still here, are handed a rising share of new
enrollments in their last months: their caseload climbs, and strain follows from it.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sample_data.names import FIRST_NAMES, LAST_INITIALS, PROGRAM_PROFILES, generic_profile

ENROLLMENTS_PER_SPECIALIST = 45  # over two years: ~15 active per FTE, under the 25 threshold
RAMP_DAYS = 240  # an overloaded worker's share of new enrollments climbs over this many days
RAMP_GAIN = 2.0  # ...to this much above their usual share
TRENDING_SHARE = 0.04  # of specialists: overloaded now, their burnout still rising


def make_programs(n_enrollments: int, rng: np.random.Generator) -> tuple[pl.DataFrame, np.ndarray]:
    """Programs, and each one's share of enrollments."""
    n = max(6, round(n_enrollments / 500))
    profiles = [PROGRAM_PROFILES[i] if i < 6 else generic_profile(i) for i in range(n)]
    share = np.array([p.share for p in profiles]) * rng.lognormal(0, 0.15, n)
    programs = pl.DataFrame({
        "program_id": [p.program_id for p in profiles],
        "program_name": [p.name for p in profiles],
        "region": [p.region for p in profiles],
        "funder": [p.funder for p in profiles],
    })
    return programs, share / share.sum()


def make_workers(share: np.ndarray, program_ids: list[str], n_enrollments: int, window: int,
                 rng: np.random.Generator) -> pl.DataFrame:
    """One supervisor and a team of specialists per program, with leavers and their successors."""
    per_program = np.maximum(2, np.round(share * n_enrollments / ENROLLMENTS_PER_SPECIALIST))
    prog = np.repeat(np.arange(len(share)), per_program.astype(int))
    n = prog.size
    hired = -rng.integers(30, 1500, n)
    leaves = rng.random(n) < 0.25
    left = np.where(leaves, rng.integers(60, window - 20, n), -1)
    # Successors start 3 to 10 weeks after a leaver, where that is still within the window.
    succ = leaves & (left + 75 < window)
    s_hired = left[succ] + rng.integers(20, 75, succ.sum())
    prog = np.concatenate([prog, prog[succ]])
    hired = np.concatenate([hired, s_hired])
    left = np.concatenate([left, np.full(succ.sum(), -1)])
    n = prog.size
    # A few long-serving workers are being overloaded now: they are the ones trending to burnout.
    settled = np.flatnonzero((left < 0) & (hired < window - 400))
    trending = np.isin(np.arange(n), rng.choice(settled, min(settled.size, max(2, round(
        TRENDING_SHARE * n))), replace=False))
    ramp_to = np.where(left >= 0, left, np.where(trending, window, -1))
    fte = rng.choice([1.0, 0.75, 0.5], n, p=[0.75, 0.15, 0.10])
    return pl.DataFrame({
        "idx": np.arange(n),
        "program_idx": prog,
        "role": "peer_specialist",
        "fte": fte,
        "hired_day": hired,
        "left_day": left,
        "weight": fte * rng.lognormal(0, 0.2, n),
        "ramp_to": ramp_to,
    }).with_columns(pl.Series("program_id", np.array(program_ids)[prog]))


def add_supervisors(workers: pl.DataFrame, n_programs: int, program_ids: list[str],
                    rng: np.random.Generator) -> pl.DataFrame:
    """A supervisor per program, set as the supervisor of its specialists; names and ids for all."""
    sup = pl.DataFrame({
        "idx": np.arange(n_programs) + workers.height,
        "program_idx": np.arange(n_programs),
        "role": "peer_supervisor",
        "fte": 1.0,
        "hired_day": -rng.integers(400, 3000, n_programs),
        "left_day": -1,
        "weight": 0.0,
        "ramp_to": -1,
        "program_id": program_ids,
    })
    everyone = pl.concat([workers, sup], how="diagonal_relaxed").sort("idx")
    n = everyone.height
    names = [f"{FIRST_NAMES[i]} {LAST_INITIALS[j]}." for i, j in zip(
        rng.integers(0, len(FIRST_NAMES), n), rng.integers(0, len(LAST_INITIALS), n), strict=True)]
    return everyone.with_columns(
        worker_id=pl.format("W{}", (pl.col("idx") + 1).cast(pl.String).str.zfill(4)),
        display_name=pl.Series(names),
    ).with_columns(
        supervisor_id=pl.when(pl.col("role") == "peer_specialist").then(
            pl.format("W{}", (pl.col("program_idx") + workers.height + 1).cast(pl.String)
                      .str.zfill(4))),
    )


def assign(program_idx: np.ndarray, day: np.ndarray, workers: pl.DataFrame,
           rng: np.random.Generator) -> np.ndarray:
    """The worker (idx) each enrollment goes to: a specialist of its program employed that day."""
    out = np.full(program_idx.size, -1)
    spec = workers.filter(pl.col("role") == "peer_specialist")
    for p, team in spec.group_by("program_idx", maintain_order=True):
        rows = np.flatnonzero(program_idx == p[0])
        if rows.size == 0:
            continue
        d = day[rows, None]
        hired, left = team["hired_day"].to_numpy(), team["left_day"].to_numpy()
        ramp_to = team["ramp_to"].to_numpy()
        employed = (d >= hired) & ((left < 0) | (d < left))
        ramping = np.clip((d - (ramp_to - RAMP_DAYS)) / RAMP_DAYS, 0, 1) * (ramp_to >= 0)
        ramp = 1 + RAMP_GAIN * ramping
        w = employed * team["weight"].to_numpy() * ramp
        w[w.sum(axis=1) == 0] = employed[w.sum(axis=1) == 0] + 1e-9  # nobody: anyone on staff
        cum = np.cumsum(w / w.sum(axis=1, keepdims=True), axis=1)
        pick = (cum < rng.random((rows.size, 1))).sum(axis=1).clip(max=team.height - 1)
        out[rows] = team["idx"].to_numpy()[pick]
    return out


MAX_HANDOFFS = 3


def primary_workers(enr: pl.DataFrame, workers: pl.DataFrame, rng: np.random.Generator,
                    window: int) -> pl.DataFrame:
    """Each enrollment's worker from its first day, handed on when that worker leaves.

    Adds w0 (first worker), h1..h3 (handoff days, null if none), w1..w3, and worker_idx, the
    primary worker at the end: the one an export names on the enrollment.
    """
    program, day = enr["program_idx"].to_numpy(), enr["day"].to_numpy()
    stop = enr["discharged_day"].fill_null(window).to_numpy()
    left_day = workers.sort("idx")["left_day"].to_numpy()
    current = assign(program, day, workers, rng)
    cols = {"w0": current.copy()}
    for k in range(1, MAX_HANDOFFS + 1):
        left = left_day[current]
        moving = (left >= 0) & (left < stop)
        handoff = np.where(moving, left, -1)
        current = current.copy()
        current[moving] = assign(program[moving], left[moving], workers, rng)
        cols[f"h{k}"], cols[f"w{k}"] = handoff, current.copy()
    return enr.with_columns(
        *[pl.Series(name, values) for name, values in cols.items()],
        worker_idx=pl.Series(current),
    ).with_columns(pl.when(pl.col(f"h{k}") >= 0).then(pl.col(f"h{k}")).alias(f"h{k}")
                   for k in range(1, MAX_HANDOFFS + 1))

"""Linked-care appointments, for a chunk of enrollments: referrals made while a person is
engaged, and the follow-up after discharge (whose timing engagement.aftercare decided)."""

from __future__ import annotations

import numpy as np
import polars as pl

from sample_data.calibrate import blank_some, draw, pick, sigmoid
from sample_data.engagement import WINDOW

SERVICES = ("sud_treatment", "medical", "mental_health")
BOOKED_AHEAD = 60  # appointments are booked at most this many days past the data's last day
NO_AFTERCARE = ("deceased", "incarcerated")


def _frame(enr: np.ndarray, day: np.ndarray, service: np.ndarray, attended: np.ndarray,
           peer: pl.Series, rng: np.random.Generator) -> pl.DataFrame:
    cancelled = rng.random(enr.size) < 0.25
    status = np.where(attended, "attended", np.where(cancelled, "cancelled", "missed"))
    status = np.where(day > WINDOW, "scheduled", status)
    return pl.DataFrame({
        "enr": enr, "day": day.astype(np.int64), "service": service, "status": status,
        "peer_referred": peer,
    })


def referrals(enr: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Appointments the peer worker or others set up during engagement."""
    active = np.minimum((enr["d0"] + enr["span"]).to_numpy(), 240)
    comprehensive = (enr["pathway"] == "comprehensive").to_numpy()
    lam = np.where(comprehensive, 0.4 + 0.9 * active / 90, 0.3) * enr["engaged"].to_numpy()
    rows = np.repeat(np.arange(enr.height), rng.poisson(lam))
    n = rows.size
    day = enr["day"].to_numpy()[rows] + np.floor(rng.random(n) * (active[rows] + 1))
    peer = draw(rng, np.full(n, 0.6))
    attended = draw(rng, sigmoid(0.2 + 0.5 * enr["z"].to_numpy()[rows] + 0.7 * peer))
    peer_or_na = blank_some(peer, 0.05, rng)
    service = pick(rng, SERVICES, (0.45, 0.2, 0.35), n)
    limit = enr["discharged_day"].fill_null(WINDOW + BOOKED_AHEAD).to_numpy()[rows]
    frame = _frame(enr["idx"].to_numpy()[rows], day, service, attended, peer_or_na, rng)
    return frame.filter(pl.Series(day <= limit))


def followups(enr: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """After a discharge: a missed appointment sometimes, then the attended one if there is one."""
    due = enr.filter(pl.col("discharged_day").is_not_null()
                     & ~pl.col("discharge_reason").is_in(NO_AFTERCARE))
    n = due.height
    gone = due["discharged_day"].to_numpy()
    after = due["followup_after"].to_numpy()
    has = ~np.isnan(after)
    missed_first = draw(rng, np.where(has, 0.35 * (np.nan_to_num(after) >= 2), 0.6))
    missed_day = gone + np.where(has, np.floor(rng.random(n) * np.nan_to_num(after)),
                                 rng.integers(1, 31, n))
    idx = due["idx"].to_numpy()
    parts = [
        (idx[has], gone[has] + after[has], np.ones(has.sum(), bool)),
        (idx[missed_first], missed_day[missed_first], np.zeros(missed_first.sum(), bool)),
    ]
    e, d, a = (np.concatenate(x) for x in zip(*parts, strict=True))
    service = pick(rng, SERVICES, (0.6, 0.12, 0.28), e.size)
    peer = pl.Series(draw(rng, np.full(e.size, 0.75)))
    return _frame(e, d, service, a, peer, rng).filter(pl.col("day") <= WINDOW + BOOKED_AHEAD)


def appointment_rows(enr: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    return pl.concat([referrals(enr, rng), followups(enr, rng)]).sort("enr", "day",
                                                                      maintain_order=True)

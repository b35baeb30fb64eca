"""Per enrollment: how engaged the person is, for how long, how it ends, and the aftercare after.

Days are counted from the start of the two-year window (day 0) to the data's last day (WINDOW).
One latent score `z` per enrollment (mean 0, sd ~1) ties engagement, completion and aftercare
together, so the published rates land where METRICS.md says and their links point the right way.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sample_data.calibrate import blank_some, draw, intercept_for, pick, sigmoid
from sample_data.names import REFERRALS

WINDOW = 730
# Mean days from enrolling to the last contact for everyone; the discharged, whom the published
# ~130 days (Ashford et al.) describes, are the shorter-engaged, so this sits above it.
MEAN_ENGAGEMENT_DAYS = 200
COMPLETION_RATE = 0.43  # TEDS-D 2023: 42.6% of discharges completed
FOLLOWUP_7, FOLLOWUP_30 = 0.59, 0.80  # VA residential programs, after HEDIS FUI

# Per pathway: contacts per week while engaged, and the mix of contact types.
CONTACT_RATE = {"comprehensive": 0.95, "check_in": 0.62}
OTHER_ENDINGS = ("dropped_out", "transferred", "moved", "incarcerated", "other")
OTHER_ENDING_MIX = (0.63, 0.13, 0.09, 0.07, 0.08)
GAP_AFTER_LAST = {  # days from the last contact to the discharge, by reason
    "completed": (0, 21), "dropped_out": (30, 90), "transferred": (0, 14), "moved": (0, 45),
    "incarcerated": (0, 30), "other": (0, 45),
}


def enrollment_days(n: int, rng: np.random.Generator) -> np.ndarray:
    """Enrollment days over the window: programs grow ~25% over two years, dip in December."""
    t = np.arange(WINDOW + 1)
    december = ((t + 15) % 365 > 334) * -0.15
    w = 1 + 0.25 * t / WINDOW + december
    return rng.choice(t, n, p=w / w.sum())


def engagement(enr: pl.DataFrame, referral_mix: list[tuple[float, ...]],
               rng: np.random.Generator) -> pl.DataFrame:
    """Pathway, referral, first-contact delay, engagement span and number of contacts."""
    n, z = enr.height, enr["z"].to_numpy()
    comprehensive = draw(rng, sigmoid(0.4 + 0.5 * z))
    programs = enr["program_idx"].to_numpy()
    referral = np.empty(n, dtype="<U20")
    for p in np.unique(programs):
        rows = programs == p
        referral[rows] = pick(rng, REFERRALS, referral_mix[p], int(rows.sum()))
    engaged = ~draw(rng, sigmoid(np.log(0.06 / 0.94) - 0.8 * z))
    d0 = np.floor(rng.exponential(4.0 * np.exp(-0.4 * z))).clip(max=60)
    # Lognormal span with its mean at MEAN_ENGAGEMENT_DAYS once the first-contact delay is added.
    sd_z, sd_e = 0.55, 0.85
    mu = np.log(MEAN_ENGAGEMENT_DAYS - d0.mean()) - 0.5 * (sd_z**2 + sd_e**2)
    span = np.exp(mu + sd_z * z + rng.normal(0, sd_e, n)).clip(max=WINDOW)
    rate = np.where(comprehensive, CONTACT_RATE["comprehensive"], CONTACT_RATE["check_in"])
    k = np.where(engaged, 1 + rng.poisson(rate * np.exp(0.25 * z) * span / 7), 0)
    span = np.where(k >= 2, np.round(span), 0)
    return enr.with_columns(
        pathway=pl.Series(np.where(comprehensive, "comprehensive", "check_in")),
        referral_source=blank_some(referral, 0.04, rng),
        engaged=pl.Series(engaged),
        d0=pl.Series(d0.astype(np.int64)),
        span=pl.Series(span.astype(np.int64)),
        n_contacts=pl.Series(k.astype(np.int64)),
        e90=pl.Series(_expected_early_contacts(k, d0, span)),
    ).with_columns(last_day=pl.col("day") + pl.col("d0") + pl.col("span"))


def _expected_early_contacts(k: np.ndarray, d0: np.ndarray, span: np.ndarray) -> np.ndarray:
    """Contacts expected in the first 90 days, given how contact days are drawn (expand.py)."""
    frac = np.clip((90 - d0) / np.maximum(span, 1), 0, 1) ** (1 / 1.4)
    return ((k >= 1) & (d0 <= 90)) + ((k >= 2) & (d0 + span <= 90)) + np.maximum(k - 2, 0) * frac


def discharge(enr: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """The planned end of each enrollment: its reason and day (after WINDOW means still active)."""
    n, z = enr.height, enr["z"].to_numpy()
    engaged, span = enr["engaged"].to_numpy(), enr["span"].to_numpy()
    last, first = enr["last_day"].to_numpy(), enr["day"].to_numpy()
    x = 1.0 * z + 0.8 * np.log(np.maximum(span, 7) / 120)
    u, gap_u = rng.random(n), rng.random(n)
    other = pick(rng, OTHER_ENDINGS, OTHER_ENDING_MIX, n)
    never = pick(rng, ("dropped_out", "transferred", "moved", "other"), (0.85, 0.08, 0.04, 0.03), n)

    def ending(a: float) -> tuple[np.ndarray, np.ndarray]:
        completed = engaged & (u < sigmoid(a + x))
        reason = np.where(completed, "completed", np.where(engaged, other, never))
        lo = np.array([GAP_AFTER_LAST[r][0] for r in reason])
        hi = np.array([GAP_AFTER_LAST[r][1] for r in reason])
        day = np.where(engaged, last + lo + np.floor(gap_u * (hi - lo + 1)),
                       first + 30 + np.floor(gap_u * 61))
        return reason, day.astype(np.int64)

    # Completion is a share of the discharges seen in the window, and a completed enrollment is
    # discharged sooner after its last contact: re-aim until the seen share is the target.
    target = COMPLETION_RATE
    for _ in range(4):
        reason, day = ending(intercept_for(x[engaged], target))
        seen = reason[day <= WINDOW]
        target = min(target * COMPLETION_RATE / max((seen == "completed").mean(), 1e-6), 0.95)
    return enr.with_columns(reason=pl.Series(reason), end_day=pl.Series(day))


def aftercare(enr: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Days from discharge to the first attended follow-up (NaN: none), for those it applies to."""
    n, z = enr.height, enr["z"].to_numpy()
    x = 0.7 * z + 0.5 * (enr["reason"] == "completed").to_numpy()
    f7 = draw(rng, sigmoid(intercept_for(x, FOLLOWUP_7) + x))
    f30 = f7 | draw(rng, np.full(n, (FOLLOWUP_30 - FOLLOWUP_7) / (1 - FOLLOWUP_7)))
    later = draw(rng, np.full(n, 0.3))
    day = np.where(f7, rng.integers(0, 8, n),
                   np.where(f30, rng.integers(8, 31, n), np.where(later, rng.integers(31, 91, n),
                                                                 np.nan)))
    return enr.with_columns(followup_after=pl.Series(day, dtype=pl.Float64))

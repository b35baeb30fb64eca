"""One row per peer-support contact, for a chunk of enrollments."""

from __future__ import annotations

import numpy as np
import polars as pl

from sample_data.calibrate import pick
from sample_data.staff import MAX_HANDOFFS

TYPES = ("engagement_session", "check_in", "group", "care_coordination", "outreach")
TYPE_MIX = {
    "comprehensive": (0.42, 0.19, 0.21, 0.13, 0.05),
    "check_in": (0.10, 0.72, 0.0, 0.05, 0.13),
}
MODES = ("in_person", "phone", "video", "text")
MODE_MIX = {
    "engagement_session": (0.70, 0.15, 0.15, 0.0),
    "check_in": (0.05, 0.50, 0.10, 0.35),
    "group": (0.85, 0.0, 0.15, 0.0),
    "care_coordination": (0.30, 0.60, 0.10, 0.0),
    "outreach": (0.15, 0.45, 0.0, 0.40),
}
MINUTES = {  # mean and sd of a contact's length
    "engagement_session": (50, 12), "check_in": (12, 6), "group": (75, 15),
    "care_coordination": (25, 10), "outreach": (10, 5),
}


def contact_rows(enr: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Contacts: the first `d0` days after enrolling, the last at the end of the span, the rest
    in between and denser early on. Nothing after a discharge, a death or the data's last day."""
    k = enr["n_contacts"].to_numpy()
    rows = np.repeat(np.arange(enr.height), k)
    starts = np.repeat(np.cumsum(k) - k, k)
    j = np.arange(rows.size) - starts
    d0, span = enr["d0"].to_numpy()[rows], enr["span"].to_numpy()[rows]
    middle = d0 + np.round(span * rng.random(rows.size) ** 1.4)
    offset = np.where(j == 0, d0, np.where(j == k[rows] - 1, d0 + span, middle))
    day = enr["day"].to_numpy()[rows] + offset
    n = rows.size
    comprehensive = enr["pathway"].to_numpy()[rows] == "comprehensive"
    ctype = np.where(comprehensive, pick(rng, TYPES, TYPE_MIX["comprehensive"], n),
                     pick(rng, TYPES, TYPE_MIX["check_in"], n))
    mode = np.empty(n, dtype=object)
    minutes = np.empty(n)
    for t in TYPES:
        m = ctype == t
        mode[m] = pick(rng, MODES, MODE_MIX[t], int(m.sum()))
        minutes[m] = rng.normal(*MINUTES[t], int(m.sum()))
    minutes = np.where(mode == "text", rng.integers(2, 12, n), minutes).round().clip(1, 480)
    worker = enr["w0"].to_numpy()[rows].copy()
    for h in range(1, MAX_HANDOFFS + 1):
        handoff = enr[f"h{h}"].fill_null(1 << 30).to_numpy()[rows]
        worker = np.where(day >= handoff, enr[f"w{h}"].to_numpy()[rows], worker)
    stop = enr["stop_day"].to_numpy()[rows]
    return pl.DataFrame({
        "enr": enr["idx"].to_numpy()[rows],
        "worker": worker,
        "day": day,
        "contact_type": ctype,
        "mode": mode.astype(str),
        "minutes": minutes.astype(np.int64),
    }).filter(pl.Series(day <= stop))

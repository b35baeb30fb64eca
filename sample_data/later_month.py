"""The month after a sample database's records, in the contract's shape: contacts of the
enrollments still open on its last day, and people of the sample coming back for a new episode
(with their first contacts). It is what the sample's foreign-shaped exports say
(sample_data/foreign.py), so a test can load both shapes and compare.

Only what a foreign export can name without doubt is made: staff whose display name no other
worker of the database shares (a service log names staff only by name), one contact per person,
day, worker and service (a service log's rows carry no key of their own). Deterministic for a
database, a seed and an as-of day; vectorised.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import numpy as np
import polars as pl

from sample_data.calibrate import pick
from sample_data.contacts import MINUTES, MODE_MIX, MODES, TYPE_MIX, TYPES

DAYS = 30  # the month after the records: as_of + 1 … as_of + DAYS
PER_MONTH = {"comprehensive": 3.0, "check_in": 2.0}  # contacts of an open enrollment a month
RETURNS = 0.03  # people coming back in the month, as a share of the open enrollments
REASONS = ("completed", "dropped_out", "transferred", "moved")
SEED_SALT = 2_000_000  # keeps this month's draws apart from the sample's own

STAFF = """
select worker_id, program_id from workers
where role = 'peer_specialist' and left_on is null and display_name in (
    select display_name from workers group by display_name having count(*) = 1)
order by worker_id
"""
OPEN = """
select enrollment_id, participant_id, program_id, worker_id, pathway,
    cast(enrolled_on as varchar) as enrolled_on
from enrollments
where discharged_on is null and worker_id in (select worker_id from staff)
order by enrollment_id
"""
GONE = """
with latest as (
    select participant_id, program_id, discharged_on, discharge_reason,
        row_number() over (partition by participant_id order by enrolled_on desc) as n
    from enrollments
)
select participant_id, program_id from latest
where n = 1 and discharged_on < $as_of and discharge_reason <> 'deceased'
    and program_id in (select program_id from staff)
order by participant_id
"""


@dataclass(frozen=True)
class Month:
    """The month's records as the contract has them (dates as ISO text)."""

    first: date
    last: date
    enrollments: pl.DataFrame  # the new episodes
    contacts: pl.DataFrame  # of the open and the new episodes


def _returning(con: duckdb.DuckDBPyConnection, staff: pl.DataFrame, n_open: int, as_of: date,
               rng: np.random.Generator) -> pl.DataFrame:
    """New episodes of people whose last one ended before the month, with a worker of their
    last program; a quarter of them end within the month."""
    gone = con.sql(GONE, params={"as_of": as_of}).pl()
    n = min(gone.height, max(3, round(RETURNS * n_open)))
    chosen = gone[np.sort(rng.choice(gone.height, n, replace=False))]
    team = staff.group_by("program_id").agg(team=pl.col("worker_id").sort())
    start = rng.integers(1, DAYS - 4, n)
    end = np.where(rng.random(n) < 0.25, np.minimum(start + rng.integers(3, 20, n), DAYS), -1)
    return chosen.join(team, on="program_id", maintain_order="left").with_columns(
        enrollment_id=pl.format("F{}", pl.int_range(1, n + 1).cast(pl.String).str.zfill(6)),
        worker_id=pl.col("team").list.get(
            (pl.Series(rng.random(n)) * pl.col("team").list.len()).floor().cast(pl.Int64)),
        pathway=pl.lit("comprehensive"), referral_source=pl.lit(None, pl.String),
        start=pl.Series(start), end=pl.Series(end).replace(-1, None),
        discharge_reason=pl.when(pl.Series(end) >= 0).then(pl.Series(pick(rng, REASONS,
                                                                          (5, 3, 1, 1), n))),
    ).drop("team")


def _contacts(episodes: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Each episode's contacts between its `start` and `stop` days: its first day for a new
    one, then about PER_MONTH a month; its worker's, of its pathway's mix of services."""
    start, stop = episodes["start"].to_numpy(), episodes["stop"].to_numpy()
    rate = episodes["pathway"].replace_strict(PER_MONTH, return_dtype=pl.Float64).to_numpy()
    new = episodes["new"].to_numpy()
    k = rng.poisson(rate * (stop - start + 1) / DAYS) + new
    rows = np.repeat(np.arange(episodes.height), k)
    first = np.repeat(np.cumsum(k) - k, k) == np.arange(rows.size)
    day = start[rows] + np.floor(rng.random(rows.size) * (stop - start + 1)[rows]).astype(int)
    day = np.where(first & new[rows].astype(bool), start[rows], day)
    comprehensive = episodes["pathway"].to_numpy()[rows] == "comprehensive"
    kind = np.where(comprehensive, pick(rng, TYPES, TYPE_MIX["comprehensive"], rows.size),
                    pick(rng, TYPES, TYPE_MIX["check_in"], rows.size))
    mode, minutes = np.empty(rows.size, dtype=object), np.empty(rows.size)
    for t in TYPES:  # five services, each over all its rows at once
        m = kind == t
        mode[m] = pick(rng, MODES, MODE_MIX[t], int(m.sum()))
        minutes[m] = rng.normal(*MINUTES[t], int(m.sum()))
    minutes = np.where(mode == "text", rng.integers(2, 12, rows.size), minutes)
    return pl.DataFrame({
        "enrollment_id": episodes["enrollment_id"].to_numpy()[rows],
        "worker_id": episodes["worker_id"].to_numpy()[rows], "day": day,
        "contact_type": kind, "mode": mode.astype(str),
        "minutes": minutes.round().clip(1, 480).astype(np.int64),
    }).unique(["enrollment_id", "day", "worker_id", "contact_type"], keep="first",
              maintain_order=True)


def later_month(con: duckdb.DuckDBPyConnection, as_of: date, seed: int) -> Month:
    """The month after `as_of` (the sample's last day) for the database `con` holds."""
    rng = np.random.default_rng([seed, SEED_SALT])
    with con.cursor() as cur:
        staff = cur.sql(STAFF).pl()
        cur.register("staff", staff)
        still = cur.sql(OPEN).pl()
        back = _returning(cur, staff, still.height, as_of, rng)
    day = pl.lit(as_of) + pl.duration(days=pl.col("day"))
    episodes = pl.concat([
        still.select("enrollment_id", "worker_id", "pathway", start=pl.lit(1), stop=pl.lit(DAYS),
                     new=pl.lit(0)),
        back.select("enrollment_id", "worker_id", "pathway", "start",
                    stop=pl.col("end").fill_null(DAYS), new=pl.lit(1))], how="vertical_relaxed")
    contacts = _contacts(episodes, rng).sort("enrollment_id", "day").with_columns(
        contact_id=pl.format("G{}", pl.int_range(1, pl.len() + 1).cast(pl.String).str.zfill(8)),
        contact_on=day.dt.to_string("%Y-%m-%d"))
    enrollments = back.with_columns(
        enrolled_on=(pl.lit(as_of) + pl.duration(days=pl.col("start"))).dt.to_string("%Y-%m-%d"),
        discharged_on=(pl.lit(as_of) + pl.duration(days=pl.col("end"))).dt.to_string("%Y-%m-%d"))
    return Month(as_of + timedelta(days=1), as_of + timedelta(days=DAYS),
                 enrollments.select("enrollment_id", "participant_id", "program_id", "worker_id",
                                    "pathway", "referral_source", "enrolled_on", "discharged_on",
                                    "discharge_reason"),
                 contacts.select("contact_id", "enrollment_id", "worker_id", "contact_on",
                                 "contact_type", "mode", "minutes"))

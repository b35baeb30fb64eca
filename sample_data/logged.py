"""Supervision sessions and critical incidents as one program logs them in the app.

The first program keeps these records of its own (the others send only check-ins): each
check-in's supervision minutes become one individual session on its day, plus a group
session that day, and each reported incident becomes an incident record on that day. So the
program's W4 and W5 read the same from either source (docs/METRICS.md).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from records.models import IncidentKind

LOGGING_PROGRAM = 0  # program_idx of the program that logs sessions and incidents
GROUP_MINUTES = 60
INCIDENT_KIND_SHARE = {IncidentKind.overdose: 0.6, IncidentKind.death: 0.1,
                       IncidentKind.violence: 0.2, IncidentKind.other: 0.1}


def _logging(checkins: pl.DataFrame, workers: pl.DataFrame) -> pl.DataFrame:
    staff = workers.filter(pl.col("program_idx") == LOGGING_PROGRAM).select(
        pl.col("idx").alias("worker"), "supervisor_id")
    return checkins.join(staff, on="worker", maintain_order="left")


def supervision_rows(checkins: pl.DataFrame, workers: pl.DataFrame) -> pl.DataFrame:
    """One individual session per check-in with supervision, and a group session beside it."""
    logged = _logging(checkins, workers).filter(pl.col("supervision_minutes") > 0)
    individual = logged.select("worker", "supervisor_id", "day",
                               minutes=pl.col("supervision_minutes").clip(1, 480).cast(pl.Int64),
                               kind=pl.lit("individual"))
    # the same day: a group session in a month of its own would make that month's W4 read
    # the records (0 individual minutes) where the check-ins say nothing
    group = logged.select("worker", "supervisor_id", "day",
                          minutes=pl.lit(GROUP_MINUTES, pl.Int64), kind=pl.lit("group"))
    return pl.concat([individual, group])


def incident_rows(checkins: pl.DataFrame, workers: pl.DataFrame,
                  rng: np.random.Generator) -> pl.DataFrame:
    """One record per critical incident a check-in reported, on the check-in's day."""
    logged = _logging(checkins, workers).filter(pl.col("critical_incidents") > 0)
    each = logged.select("worker", "day", pl.int_ranges(0, "critical_incidents").alias("n"))
    each = each.explode("n").drop("n").filter(pl.col("day").is_not_null())
    kinds = list(INCIDENT_KIND_SHARE)
    drawn = rng.choice(len(kinds), each.height, p=list(INCIDENT_KIND_SHARE.values()))
    return each.with_columns(kind=pl.Series([kinds[k].value for k in drawn], dtype=pl.String),
                             debriefed=pl.Series(rng.random(each.height) < 0.7))

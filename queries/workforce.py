"""The Workforce page's frames (W1-W7) for a scope: per worker, for supervisors and analysts
only (the page refuses funders; individual worker data never reaches a funder view)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

import polars as pl

from queries.attention import Thresholds, needs_attention, supervision_months
from queries.scope import Scope, program_params
from store.database import Database


def roster(db: Database, scope: Scope) -> pl.DataFrame:
    """The workers of the scope's programs, narrowed to its workers when it names some."""
    frame = db.frame("workers", **program_params(scope.programs))
    if scope.workers is not None:
        frame = frame.filter(pl.col("worker_id").is_in(list(scope.workers)))
    return frame


def turnover(workers: pl.DataFrame, scope: Scope) -> pl.DataFrame:
    """W7 by month: headcount on each month's last day (the range's end for its last month)
    and the workers who left in the month (within the range)."""
    months = pl.date_range(scope.start.replace(day=1), scope.end, "1mo", eager=True)
    frame = pl.DataFrame({"month": months}).with_columns(
        day=pl.min_horizontal(pl.col("month").dt.month_end(), pl.lit(scope.end)),
        first=pl.max_horizontal("month", pl.lit(scope.start)))
    rows = frame.join(workers.select("worker_id", "hired_on", "left_on"), how="cross")
    on_staff = (pl.col("hired_on") <= pl.col("day")) & (
        pl.col("left_on").is_null() | (pl.col("left_on") > pl.col("day")))
    left = pl.col("left_on").is_between(pl.col("first"), pl.col("day"))
    return (rows.group_by("month", "day", maintain_order=True)
            .agg(headcount=on_staff.sum(), leavers=left.sum())
            .with_columns(pl.col("headcount", "leavers").cast(pl.Int64)))


def contact_load(weekly: pl.DataFrame) -> pl.DataFrame:
    """W2 per worker: contacts and contact hours per week over the weeks they were employed."""
    return (weekly.group_by("worker_id", "display_name")
            .agg(weeks=pl.len(), contacts=pl.col("contacts").sum(), hours=pl.col("hours").sum())
            .with_columns(contacts_per_week=pl.col("contacts") / pl.col("weeks"),
                          hours_per_week=pl.col("hours") / pl.col("weeks"))
            .filter(pl.col("contacts") > 0)  # supervisors and others who see no one
            .sort("display_name", "worker_id"))


def incidents_by_quarter(incidents: pl.DataFrame, overdoses: pl.DataFrame,
                         scope: Scope) -> pl.DataFrame:
    """W5: per worker per quarter, the critical incidents counted in the range (records for a
    worker-quarter with any, else what its check-ins report: worker_incidents.sql) and the
    overdose events on the worker's caseload."""
    def per_quarter(frame: pl.DataFrame, on: str, value: pl.Expr, name: str) -> pl.DataFrame:
        return (frame.filter(pl.col(on).is_between(scope.start, scope.end))
                .group_by("worker_id", "display_name", quarter=pl.col(on).dt.truncate("1q"))
                .agg(value.alias(name)))

    counted = per_quarter(incidents, "occurred_on", pl.col("incidents").sum(),
                          "critical_incidents")
    caseload = per_quarter(overdoses, "event_on", pl.len(), "overdoses")
    both = counted.join(caseload, on=["worker_id", "display_name", "quarter"], how="full",
                        coalesce=True)
    return (both.with_columns(pl.col("critical_incidents", "overdoses").fill_null(0)
                              .cast(pl.Int64))
            .filter((pl.col("critical_incidents") + pl.col("overdoses")) > 0)
            .sort("quarter", "display_name", "worker_id"))


@dataclass(frozen=True)
class WorkforceFigures:
    """Every frame the Workforce page shows, for one scope, as of its end day."""

    roster: pl.DataFrame  # one row per worker of the scope
    caseload: pl.DataFrame  # one row per worker per month employed at its end (W1)
    contacts: pl.DataFrame  # one row per worker per whole week employed (W2)
    checkins: pl.DataFrame  # one row per check-in up to the end day, earlier ones too (W3-W6)
    supervision: pl.DataFrame  # one row per worker per month in the range with any (W4)
    incident_rows: pl.DataFrame  # one row per incident record or check-in reporting some (W5)
    overdoses: pl.DataFrame  # one row per overdose on a worker's caseload in the range (W5)
    incidents: pl.DataFrame  # one row per worker per quarter with any incident (W5)
    flags: pl.DataFrame  # one row per rule fired per worker on the end day (W6)
    turnover: pl.DataFrame  # one row per month: headcount and leavers (W7)


def workforce_frames(db: Database, scope: Scope, limits: Thresholds) -> WorkforceFigures:
    """Everything the Workforce page shows for the scope, as of its end day."""
    params = scope.params()
    workers = roster(db, scope)
    caseload = db.frame("worker_caseload_by_month", **params)
    checkins = db.frame("worker_checkins", **params)
    since = min(scope.start, scope.end - timedelta(days=limits.incident_days))
    overdoses = db.frame("worker_overdoses", since=since, **params)
    incidents = db.frame("worker_incidents", since=since, **params)
    supervision = db.frame("worker_supervision_by_month", **params)
    flags = needs_attention(workers, caseload, checkins, incidents,
                            supervision_judged(db, scope, supervision), scope.end, limits)
    return WorkforceFigures(
        roster=workers,
        caseload=caseload,
        contacts=db.frame("worker_contact_load", **params),
        checkins=checkins,
        supervision=supervision,
        incident_rows=incidents.filter(pl.col("occurred_on") >= scope.start),
        overdoses=overdoses.filter(pl.col("event_on") >= scope.start),
        incidents=incidents_by_quarter(incidents, overdoses, scope),
        flags=flags,
        turnover=turnover(workers, scope),
    )


def supervision_judged(db: Database, scope: Scope,
                       shown: pl.DataFrame | None = None) -> pl.DataFrame:
    """W4's months that W6 judges supervision on as of the scope's end, whatever its start:
    `shown` (the scope's own W4 frame) when it reaches back to them, else read for them."""
    first = supervision_months(scope.end)[0]
    if shown is not None and scope.start <= first:
        return shown
    return db.frame("worker_supervision_by_month", **replace(scope, start=first).params())


def attention_flags(db: Database, scope: Scope, limits: Thresholds) -> pl.DataFrame:
    """W6 as of the scope's end, read as the Workforce page reads it (for those who need only
    the flags: the Overview's Today and the mail)."""
    params = scope.params()
    since = scope.end - timedelta(days=limits.incident_days)
    return needs_attention(roster(db, scope), db.frame("worker_caseload_by_month", **params),
                           db.frame("worker_checkins", **params),
                           db.frame("worker_incidents", since=since, **params),
                           supervision_judged(db, scope), scope.end, limits)


def needs_reassignment(db: Database, scope: Scope) -> pl.DataFrame:
    """Open enrollments whose primary worker is not on staff on the scope's end."""
    return db.frame("needs_reassignment", **scope.params())


def acknowledgements(db: Database, scope: Scope) -> pl.DataFrame:
    """The acknowledgements of flags of the scope's programs' workers."""
    return db.frame("flag_acknowledgements", **scope.params())


def session_notes(db: Database, scope: Scope) -> pl.DataFrame:
    """The notes kept on the scope's workers' logged supervision sessions, newest first."""
    return db.frame("session_notes", **scope.params())

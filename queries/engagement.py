"""The Engagement page's figures (E1-E8) for a scope, as polars frames.

Rates come with numerator, denominator, value and a Wilson interval (low, high); `final` says
a figure will not change as more data arrives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from metrics.intervals import rate, with_wilson
from queries.scope import Scope, program_params
from store.database import Database

RETENTION_DAYS = (30, 90, 180)  # E5's days N
EARLY_CONTACTS = 2  # E4: at least this many contacts in the first 30 days


def activity(db: Database, scope: Scope, last_day: date) -> pl.DataFrame:
    """E1 and E2 by month: active at month end, contacts, contacts per active participant."""
    return db.frame("engagement_by_month", last_day=last_day, **scope.params()).with_columns(
        contacts_per_active=pl.when(pl.col("active_in_month") > 0)
        .then(pl.col("contacts") / pl.col("active_in_month")))


def first_contact(cohorts: pl.DataFrame, last_day: date) -> pl.DataFrame:
    """E3 by cohort month: median (and quartiles of) days to first contact, and how many
    enrollments have no contact yet. Final once every enrollment of the month has had 30 days."""
    return cohorts.group_by("cohort_month", maintain_order=True).agg(
        enrollments=pl.len(),
        without_contact=pl.col("days_to_first_contact").null_count(),
        median_days=pl.col("days_to_first_contact").median(),
        q1_days=pl.col("days_to_first_contact").quantile(0.25, "linear"),
        q3_days=pl.col("days_to_first_contact").quantile(0.75, "linear"),
    ).with_columns(final=pl.col("cohort_month").dt.month_end() + pl.duration(days=30)
                   <= last_day)


def early_engagement(cohorts: pl.DataFrame, by: str | list[str]) -> pl.DataFrame:
    """E4 per group: enrollments whose first 30 days are over, and those with 2+ contacts."""
    closed = pl.col("due_30")
    return rate(cohorts, closed & (pl.col("contacts_30") >= EARLY_CONTACTS), closed, by)


def early_by_month(cohorts: pl.DataFrame, last_day: date) -> pl.DataFrame:
    """E4 per cohort month; final once every enrollment of the month has had its 30 days."""
    frame = early_engagement(cohorts, "cohort_month").with_columns(
        final=pl.col("cohort_month").dt.month_end() + pl.duration(days=30) <= last_day)
    rates = ["numerator", "denominator", "value", "low", "high"]
    return frame.select(pl.exclude(rates), *rates)


def intakes_by_quarter(cohorts: pl.DataFrame, scope: Scope, last_day: date) -> pl.DataFrame:
    """Enrollments by quarter enrolled; final when the whole quarter lies in the range and
    the data (a cut or unfinished quarter is provisional)."""
    quarter = pl.col("cohort_quarter")
    return (cohorts.group_by("cohort_quarter").agg(intakes=pl.len().cast(pl.Int64))
            .sort("cohort_quarter")
            .with_columns(final=(quarter >= scope.start)
                          & (quarter.dt.offset_by("3mo") - pl.duration(days=1)
                             <= min(scope.end, last_day))))


def retention(cohorts: pl.DataFrame, last_day: date | None = None) -> pl.DataFrame:
    """E5: per enrollment quarter and day N, the share still engaged among those whose day N
    has come; day 0 is the whole cohort. Final once everyone of the quarter has reached day N
    (by `last_day`; None: all final)."""
    start = cohorts.group_by("cohort_quarter", maintain_order=True).agg(
        numerator=pl.len(), denominator=pl.len()).with_columns(day=pl.lit(0))
    days = [rate(cohorts, pl.col(f"due_{n}") & pl.col(f"retained_{n}"), pl.col(f"due_{n}"),
                 "cohort_quarter").with_columns(day=pl.lit(n)) for n in RETENTION_DAYS]
    frame = pl.concat([with_wilson(start.with_columns(value=pl.lit(1.0))), *days],
                      how="diagonal_relaxed")
    closed = pl.lit(True) if last_day is None else (
        pl.col("cohort_quarter").dt.offset_by("3mo") - pl.duration(days=1)
        + pl.duration(days=pl.col("day")) <= last_day)
    return (frame.filter(pl.col("denominator") > 0).with_columns(final=closed)
            .sort("cohort_quarter", "day"))


def reasons(discharges: pl.DataFrame) -> pl.DataFrame:
    """E7: discharges by reason and their share of all discharges."""
    total = discharges.height
    return (discharges.group_by("discharge_reason").agg(discharges=pl.len())
            .with_columns(numerator=pl.col("discharges"), denominator=pl.lit(total),
                          value=pl.col("discharges") / total)
            .sort("discharges", "discharge_reason", descending=[True, False]))  # ties: A-Z


def completion_by_program(discharges: pl.DataFrame, by: tuple[str, ...] = ()) -> pl.DataFrame:
    """E7's completion rate per program (and per `by`, e.g. quarter): completed of all
    discharges."""
    every = pl.col("enrollment_id").is_not_null()
    return rate(discharges, pl.col("discharge_reason") == "completed", every,
                ["program_id", "program_name", *by]).sort(*by, "program_name")


def contact_mix(db: Database, scope: Scope) -> pl.DataFrame:
    """E8: contacts and hours by contact type and mode."""
    return db.frame("contact_mix", **scope.params()).with_columns(
        hours=pl.col("minutes") / 60)


@dataclass(frozen=True)
class EngagementFigures:
    """Every frame the Engagement page shows, for one scope."""

    activity: pl.DataFrame  # one row per month: active enrollments and contacts (E1, E2)
    first_contact: pl.DataFrame  # one row per cohort month: days to first contact (E3)
    early_by_month: pl.DataFrame  # one rate row per cohort month (E4), with `final`
    intakes: pl.DataFrame  # one row per quarter enrolled: intakes, final
    early_by_worker: pl.DataFrame  # one rate row per primary worker (E4)
    retention: pl.DataFrame  # one rate row per cohort quarter and day N (E5)
    length: pl.DataFrame  # one row per discharged enrollment: days engaged (E6)
    reasons: pl.DataFrame  # one row per discharge reason (E7)
    completion: pl.DataFrame  # one rate row per program (E7)
    contact_mix: pl.DataFrame  # one row per contact type and mode (E8)


def engagement_figures(db: Database, scope: Scope, last_day: date) -> EngagementFigures:
    """Every frame the Engagement page shows."""
    params = scope.params()
    cohorts = db.frame("enrollment_engagement", last_day=last_day, **params)
    discharges = db.frame("discharges", **params)
    names = (db.frame("workers", **program_params(scope.programs))
             .select("worker_id", "display_name"))
    by_worker = early_engagement(cohorts, "worker_id").join(names, on="worker_id", how="left")
    return EngagementFigures(
        activity=activity(db, scope, last_day),
        first_contact=first_contact(cohorts, last_day),
        early_by_month=early_by_month(cohorts, last_day),
        intakes=intakes_by_quarter(cohorts, scope, last_day),
        early_by_worker=by_worker.sort("value", descending=True, nulls_last=True),
        retention=retention(cohorts, last_day),
        length=discharges.select("enrollment_id", "program_name", "discharged_on",
                                 "engagement_days"),
        reasons=reasons(discharges),
        completion=completion_by_program(discharges),
        contact_mix=contact_mix(db, scope),
    )

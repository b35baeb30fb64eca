"""The Outcomes page's figures (R1-R9) for a scope; each rate in the shape every page draws
(metrics.intervals.as_rate). Supervisors and analysts only: nothing here is suppressed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from metrics.intervals import as_rate
from queries.grain import over_programs
from queries.interviews import (
    due_at,
    followup_by_month,
    recovery_capital,
    social_outcomes,
)
from queries.scope import Scope
from queries.survival import at_risk_on, kaplan_meier
from store.database import Database

LANDMARK = 30  # R4 tiers: contacts in the first 30 days, so curves start on day 30
AT_RISK_TIMES = tuple(range(0, 361, 60))  # days at which the numbers at risk are shown: every
# 60, so that seven columns of them stay apart on a phone (every 30 ran together at 390 px)
ALL_ENROLLMENTS = "All enrollments"
# R4 tiers of contacts on days 0-29: (label, lowest count)
EARLY_TIERS = (("0-1 contacts", 0), ("2-3 contacts", 2), ("4-7 contacts", 4),
               ("8+ contacts", 8))


def month_over(scope: Scope, last_day: date, days: int = 0) -> pl.Expr:
    """Final: the month (and `days` after it) is over within the range and the data."""
    return pl.col("month").dt.month_end() + pl.duration(days=days) <= min(scope.end, last_day)


def rate_last(frame: pl.DataFrame) -> pl.DataFrame:
    """The rate columns last again, after a flag was added."""
    rates = ["numerator", "denominator", "value", "low", "high"]
    return frame.select(pl.exclude(rates), *rates)


def abstinence(db: Database, scope: Scope, last_day: date) -> pl.DataFrame:
    """R2 by month of the 6-month interview: the abstinent of the in-window interviews; final
    once the month is over."""
    frame = over_programs(db.frame("abstinence_by_month", **scope.params()), "month")
    return as_rate(frame.with_columns(final=month_over(scope, last_day)), "abstinent",
                   "interviews")


# R7 tiers of contacts on days 0-89: (label, lowest count)
DOSE_TIERS = (("0-2", 0), ("3-5", 3), ("6-11", 6), ("12+", 12))


def _tier(column: str, tiers: tuple[tuple[str, int], ...]) -> pl.Expr:
    """The label of the highest tier whose lowest count the column reaches."""
    tier = pl.lit(tiers[0][0])
    for label, lowest in tiers[1:]:
        tier = pl.when(pl.col(column) >= lowest).then(pl.lit(label)).otherwise(tier)
    return tier


def _in_order(frame: pl.DataFrame, column: str, labels: list[str]) -> pl.DataFrame:
    """The frame with `column`'s labels in the given order, rows within a label as they were."""
    return frame.sort(pl.col(column).replace_strict(
        {label: i for i, label in enumerate(labels)}, return_dtype=pl.Int64),
        maintain_order=True)


def _recurred(times: pl.DataFrame, by: tuple[str, ...], key: str | pl.Expr) -> pl.DataFrame:
    """Of the enrollments with 180 days of follow-up, per `by` and key: how many, and how many
    recurred within 180 days (in no particular order)."""
    return (times.lazy().filter(pl.col("followed_180"))
            .group_by(*by, key)
            .agg(enrollments=pl.len().cast(pl.Int64),
                 recurred=pl.col("recurred_180").sum().cast(pl.Int64))
            .collect())


def recurrence_by_month(times: pl.DataFrame, by: tuple[str, ...] = ()) -> pl.DataFrame:
    """R3's counts by enrollment month (per `by` too, e.g. per program for the funder report);
    `as_rate(frame, "recurred", "enrollments")` is the rate."""
    return _recurred(times, by, "month").sort("month", *by)


def recurrence(times: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """R3 by enrollment month and R7 by tier of contacts on days 0-89: the recurred within 180
    days of the enrollments with 180 days of follow-up, as rates."""
    by_tier = _in_order(_recurred(times, (), _tier("contacts_90", DOSE_TIERS).alias("tier")),
                        "tier", [t for t, _ in DOSE_TIERS])
    return (as_rate(recurrence_by_month(times), "recurred", "enrollments"),
            as_rate(by_tier, "recurred", "enrollments"))


def time_to_recurrence(times: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """R4: Kaplan-Meier curves for all enrollments (from day 0) and, from day LANDMARK, for
    those still followed and recurrence-free then, by tier of contacts on days 0-29 (a
    landmark, so no one's tier depends on having stayed well long enough to be contacted);
    and their numbers at risk."""
    tiered = times.filter(pl.col("time") >= LANDMARK).with_columns(
        group=_tier("contacts_30", EARLY_TIERS))
    subjects = pl.concat([times.with_columns(group=pl.lit(ALL_ENROLLMENTS)),
                          tiered]).select("group", "time", "event")
    order = [ALL_ENROLLMENTS, *(t for t, _ in EARLY_TIERS)]
    curves = _in_order(kaplan_meier(subjects, group="group"), "group", order)
    return curves, _in_order(at_risk_on(curves, AT_RISK_TIMES), "group", order)


def acute_care(db: Database, scope: Scope, last_day: date) -> pl.DataFrame:
    """R5 and R9 by quarter: events per 100 active enrollments, admissions and readmissions,
    and overdoses."""
    frame = over_programs(db.frame("acute_care_by_quarter", last_day=last_day,
                                   **scope.params()), "quarter")
    per_100 = {f"{kind}_per_100": pl.when(pl.col("active") > 0)
               .then(100 * pl.col(kind) / pl.col("active"))
               for kind in ("ed_visits", "hospital_admissions", "detox_admissions")}
    quarter = pl.col("quarter")
    label = pl.format("{} Q{}", quarter.dt.year(), quarter.dt.quarter())
    return frame.with_columns(
        admissions=pl.col("hospital_admissions") + pl.col("detox_admissions"), **per_100,
        label=pl.when(pl.col("whole")).then(label).otherwise(pl.format(
            "{} ({} to {})", label, pl.col("quarter_first").dt.strftime("%-d %b"),
            pl.col("quarter_last").dt.strftime("%-d %b"))))


def readmissions(acute: pl.DataFrame) -> pl.DataFrame:
    """R5's readmissions within 30 days as a rate of hospital and detox admissions, by
    quarter (from acute_care's frame)."""
    return as_rate(acute.select("quarter", "label", "whole", "readmissions", "admissions"),
                   "readmissions", "admissions")


@dataclass(frozen=True)
class OutcomeFigures:
    """Every frame the Outcomes page draws, for one scope (rates as metrics.intervals.as_rate)."""

    followup: pl.DataFrame  # one rate row per month intakes' windows closed (R1)
    due: pl.DataFrame  # one row per intake still to interview, soonest-closing first
    abstinence: pl.DataFrame  # one rate row per month of the 6-month interview (R2)
    recurrence_by_month: pl.DataFrame  # one rate row per month of enrollment (R3)
    recurrence_by_tier: pl.DataFrame  # one rate row per tier of contacts on days 0-89 (R7)
    km_curves: pl.DataFrame  # one row per group per distinct time (R4)
    km_at_risk: pl.DataFrame  # one row per group per day of AT_RISK_TIMES (R4)
    acute: pl.DataFrame  # one row per quarter: events per 100 active, overdoses (R5, R9)
    readmissions: pl.DataFrame  # one rate row per quarter: readmissions of admissions (R5)
    capital: pl.DataFrame  # one row per month of the 6-month interview: BARC-10 change (R6)
    social: pl.DataFrame  # one rate row per measure per wave (R8, R6's cut-off)


def outcome_figures(db: Database, scope: Scope, last_day: date) -> OutcomeFigures:
    """Every frame the Outcomes page draws, for one scope."""
    intakes = db.frame("six_month_interviews", **scope.params())
    times = db.frame("recurrence_times", last_day=last_day, **scope.params())
    by_month, by_tier = recurrence(times)
    # R3's month is final once everyone enrolled in it has had their 180 days
    by_month = rate_last(by_month.with_columns(
        final=pl.col("month").dt.month_end() + pl.duration(days=180) <= last_day))
    curves, at_risk = time_to_recurrence(times)
    acute = acute_care(db, scope, last_day)
    return OutcomeFigures(
        followup=as_rate(followup_by_month(intakes, scope, last_day), "interviewed", "due"),
        due=due_at(db, scope, intakes, last_day),
        abstinence=abstinence(db, scope, last_day),
        recurrence_by_month=by_month, recurrence_by_tier=by_tier,
        km_curves=curves, km_at_risk=at_risk,
        acute=acute, readmissions=readmissions(acute),
        capital=recovery_capital(intakes, scope).with_columns(
            final=month_over(scope, last_day)),
        social=social_outcomes(intakes, scope),
    )

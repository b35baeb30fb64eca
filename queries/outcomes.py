"""The Outcomes page's figures (R1-R9) for a scope, each a frame with its counts, its rate and
the rate's Wilson interval. Supervisors and analysts only: nothing here is suppressed."""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.intervals import with_wilson
from queries.db import Database
from queries.grain import over_programs
from queries.interviews import (
    followup_by_month,
    interviews_due,
    recovery_capital,
    share,
    social_outcomes,
)
from queries.scope import Scope
from queries.survival import at_risk_on, kaplan_meier

LANDMARK = 30  # R4 tiers: contacts in the first 30 days, so curves start on day 30
AT_RISK_TIMES = tuple(range(0, 361, 30))  # days at which the numbers at risk are shown
ALL_ENROLLMENTS = "All enrollments"
# R4 tiers of contacts on days 0-29: (label, lowest count)
EARLY_TIERS = (("0-1 contacts", 0), ("2-3 contacts", 2), ("4-7 contacts", 4),
               ("8+ contacts", 8))


def abstinence(db: Database, scope: Scope) -> pl.DataFrame:
    """R2 by month of the 6-month interview, with its Wilson interval."""
    frame = over_programs(db.frame("abstinence_by_month", **scope.params()), "month")
    return with_wilson(frame.with_columns(rate=share("abstinent", "interviews")),
                       "abstinent", "interviews")


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
    """Of the enrollments with 180 days of follow-up, per `by` and key: how many, how many
    recurred within 180 days, the rate and its Wilson interval (in no particular order)."""
    counts = (times.lazy().filter(pl.col("followed_180"))
              .group_by(*by, key)
              .agg(enrollments=pl.len().cast(pl.Int64),
                   recurred=pl.col("recurred_180").sum().cast(pl.Int64))
              .with_columns(rate=share("recurred", "enrollments"))
              .collect())
    return with_wilson(counts, "recurred", "enrollments")


def recurrence_by_month(times: pl.DataFrame, by: tuple[str, ...] = ()) -> pl.DataFrame:
    """R3 by enrollment month (per `by` too, e.g. per program), with its Wilson interval."""
    return _recurred(times, by, "month").sort("month", *by)


def recurrence(times: pl.DataFrame, by: tuple[str, ...] = ()) -> dict[str, pl.DataFrame]:
    """R3 by enrollment month and R7 by tier of contacts on days 0-89, of the enrollments with
    180 days of follow-up, each with its Wilson interval (per `by` too, e.g. per program)."""
    by_tier = _recurred(times, by, _tier("contacts_90", DOSE_TIERS).alias("tier"))
    return {"by_month": recurrence_by_month(times, by),
            "by_tier": _in_order(by_tier, "tier", [t for t, _ in DOSE_TIERS])}


def time_to_recurrence(times: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """R4: Kaplan-Meier curves for all enrollments (from day 0) and, from day LANDMARK, for
    those still followed and recurrence-free then, by tier of contacts on days 0-29 (a
    landmark, so no one's tier depends on having stayed well long enough to be contacted)."""
    tiered = times.filter(pl.col("time") >= LANDMARK).with_columns(
        group=_tier("contacts_30", EARLY_TIERS))
    subjects = pl.concat([times.with_columns(group=pl.lit(ALL_ENROLLMENTS)),
                          tiered]).select("group", "time", "event")
    order = [ALL_ENROLLMENTS, *(t for t, _ in EARLY_TIERS)]
    curves = _in_order(kaplan_meier(subjects, group="group"), "group", order)
    at_risk = _in_order(at_risk_on(curves, AT_RISK_TIMES), "group", order)
    return {"curves": curves, "at_risk": at_risk}


def acute_care(db: Database, scope: Scope, last_day: date) -> pl.DataFrame:
    """R5 and R9 by quarter: events per 100 active enrollments, readmissions as a share of
    admissions (with its Wilson interval), and overdoses."""
    frame = over_programs(db.frame("acute_care_by_quarter", last_day=last_day,
                                   **scope.params()), "quarter")
    per_100 = {f"{kind}_per_100": pl.when(pl.col("active") > 0)
               .then(100 * pl.col(kind) / pl.col("active"))
               for kind in ("ed_visits", "hospital_admissions", "detox_admissions")}
    quarter = pl.col("quarter")
    label = pl.format("{} Q{}", quarter.dt.year(), quarter.dt.quarter())
    frame = frame.with_columns(
        admissions=pl.col("hospital_admissions") + pl.col("detox_admissions"), **per_100,
        label=pl.when(pl.col("whole")).then(label).otherwise(pl.format(
            "{} ({} to {})", label, pl.col("quarter_first").dt.strftime("%-d %b"),
            pl.col("quarter_last").dt.strftime("%-d %b"))))
    return with_wilson(frame.with_columns(readmission_rate=share("readmissions", "admissions")),
                       "readmissions", "admissions")


def outcome_figures(db: Database, scope: Scope, last_day: date) -> dict[str, pl.DataFrame]:
    """Every frame the Outcomes page draws, for one scope."""
    intakes = db.frame("six_month_interviews", **scope.params())
    times = db.frame("recurrence_times", last_day=last_day, **scope.params())
    survival = time_to_recurrence(times)
    return {
        "followup": followup_by_month(intakes, scope, last_day),
        "due": interviews_due(intakes, min(scope.end, last_day)),
        "abstinence": abstinence(db, scope),
        **{f"recurrence_{k}": v for k, v in recurrence(times).items()},
        "km_curves": survival["curves"], "km_at_risk": survival["at_risk"],
        "acute": acute_care(db, scope, last_day),
        "capital": recovery_capital(intakes, scope),
        "social": social_outcomes(intakes, scope),
    }

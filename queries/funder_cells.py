"""The funder report's cells before suppression: per program and quarter, each metric's
numerator and denominator, taken from the queries the metric pages already use (each query
runs once, with rows per program). Only queries/funder.py reads these."""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.instruments import BARC10_REMISSION, PROQOL_HIGH
from queries.engagement import completion_by_program, early_engagement
from queries.interviews import followup_by_month, interviewed
from queries.outcomes import recurrence_by_month
from queries.scope import Scope, program_params
from queries.workforce import turnover
from store.database import Database

CELLS = {"program_id": pl.String, "quarter": pl.Date, "numerator": pl.Int64,
         "denominator": pl.Int64}


def quarter(column: str) -> pl.Expr:
    return pl.col(column).dt.truncate("1q")


def _quarterly(frame: pl.DataFrame, on: str, numerator: str, denominator: str | None,
               by: tuple[str, ...] = ("program_id",)) -> pl.DataFrame:
    """Monthly (or per-row) counts added up per quarter of `on`."""
    den = pl.col(denominator).sum() if denominator else pl.lit(None, dtype=pl.Int64)
    return (frame.group_by(*by, quarter=quarter(on))
            .agg(numerator=pl.col(numerator).sum().cast(pl.Int64),
                 denominator=den.cast(pl.Int64)))


def engagement_cells(db: Database, scope: Scope, last_day: date) -> dict[str, pl.DataFrame]:
    """E4 by enrollment quarter, E7's completion by discharge quarter, and E6's discharges
    (one row each, with engagement_days) for their distribution."""
    params = scope.params()
    cohorts = db.frame("enrollment_engagement", last_day=last_day, **params)
    e4 = early_engagement(cohorts, ["program_id", "cohort_quarter"])
    discharges = db.frame("discharges", **params).with_columns(quarter=quarter("discharged_on"))
    return {"E4": e4.rename({"cohort_quarter": "quarter"}),
            "E7": completion_by_program(discharges, by=("quarter",)),
            "E6": discharges.select("program_id", "quarter", "engagement_days")}


def aftercare_cells(db: Database, scope: Scope, last_day: date) -> dict[str, pl.DataFrame]:
    """A1 within 7 and within 30 days, by quarter of discharge."""
    months = db.frame("followup_by_month", last_day=last_day, **scope.params())
    return {f"A1_{days}": _quarterly(months, "month", f"within_{days}", "discharges")
            for days in (7, 30)}


def _capital(intakes: pl.DataFrame, scope: Scope) -> pl.DataFrame:
    """R6's share at or above 47 at 6 months (R8's "remission" measure: of those with a
    BARC-10 total at intake and at 6 months), per program and quarter of the interview."""
    both = interviewed(intakes, scope).filter(pl.col("intake_barc10").is_not_null(),
                                               pl.col("six_month_barc10").is_not_null())
    return both.group_by("program_id", quarter=quarter("six_month_on")).agg(
        numerator=(pl.col("six_month_barc10") >= BARC10_REMISSION).sum().cast(pl.Int64),
        denominator=pl.len().cast(pl.Int64)).collect()


def outcome_cells(db: Database, scope: Scope, last_day: date) -> dict[str, pl.DataFrame]:
    """R1 by quarter its window closed, R2 and R6 by quarter of the 6-month interview, R3 by
    enrollment quarter, R9 (overdoses and overdose deaths) by quarter of the event."""
    params = scope.params()
    intakes = db.frame("six_month_interviews", **params)
    r1 = followup_by_month(intakes, scope, last_day, by=("program_id",))
    abstinence = db.frame("abstinence_by_month", **params)
    times = recurrence_by_month(db.frame("recurrence_times", last_day=last_day, **params),
                                by=("program_id",))
    acute = db.frame("acute_care_by_quarter", last_day=last_day, **params)
    return {
        "R1": _quarterly(r1, "month", "interviewed", "due"),
        "R6": _capital(intakes, scope),
        "R2": _quarterly(abstinence, "month", "abstinent", "interviews"),
        "R3": _quarterly(times, "month", "recurred", "enrollments"),
        "R9": _quarterly(acute.with_columns(od=pl.col("overdoses") + pl.col("overdose_deaths")),
                         "quarter", "od", None),
    }


def workforce_cells(db: Database, scope: Scope) -> dict[str, pl.DataFrame]:
    """W3 (workers whose latest check-in of the quarter has burnout or secondary traumatic
    stress high, of those who checked in) and W7 (leavers of the average headcount), over all
    the workers of the scope's programs together."""
    roster = db.frame("workers", **program_params(scope.programs))
    quarter_end = pl.col("quarter").dt.offset_by("1q") - pl.duration(days=1)
    # each worker's quarters sorted on their own: sorting every check-in first cost more
    w3 = (db.frame("worker_checkins", end=scope.end, **program_params(scope.programs))
          .filter(pl.col("checkin_on").is_between(scope.start, scope.end))
          .group_by("worker_id", quarter("checkin_on").alias("quarter"))
          .agg(pl.col("proqol_bo", "proqol_sts").sort_by("checkin_on", "checkin_id").last())
          # W3 counts the workers on staff on the day (the quarter's last), as W6 does
          .join(roster.select("worker_id", "hired_on", "left_on"), on="worker_id")
          .filter(pl.col("hired_on") <= quarter_end,
                  pl.col("left_on").is_null() | (pl.col("left_on") > quarter_end))
          .group_by("quarter")
          .agg(numerator=((pl.col("proqol_bo") >= PROQOL_HIGH)
                          | (pl.col("proqol_sts") >= PROQOL_HIGH)).sum()
               .cast(pl.Int64), denominator=pl.len().cast(pl.Int64)))
    months = turnover(roster, scope)
    w7 = months.group_by(quarter=quarter("month")).agg(
        numerator=pl.col("leavers").sum().cast(pl.Int64),
        denominator=pl.col("headcount").mean().round().cast(pl.Int64),
        value=pl.col("leavers").sum() / pl.col("headcount").mean())
    return {"W3": w3, "W7": w7}

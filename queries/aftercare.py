"""The Aftercare page's figures (A1-A3) for a scope, as polars frames."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from metrics.intervals import rate, with_wilson
from queries.grain import over_programs
from queries.scope import Scope
from store.database import Database

SERVICES = {"sud_treatment": "SUD treatment", "medical": "Medical",
            "mental_health": "Mental health"}
REFERRED = {True: "Peer-referred", False: "Not peer-referred", None: "Not recorded"}


def followup(db: Database, scope: Scope, last_day: date) -> pl.DataFrame:
    """A1 by discharge month, long: one row per month and window (7 or 30 days), with the rate,
    its Wilson interval and whether every window of the month has closed."""
    months = over_programs(db.frame("followup_by_month", last_day=last_day, **scope.params()),
                           "month")
    windows = [months.select(
        "month", window=pl.lit(f"Within {days} days"), numerator=pl.col(f"within_{days}"),
        denominator=pl.col("discharges"), final=pl.col(f"closed_{days}"))
        for days in (7, 30)]
    frame = pl.concat(windows).with_columns(value=pl.col("numerator") / pl.col("denominator"))
    return with_wilson(frame)  # 7 days first, month by month


def attendance(db: Database, scope: Scope) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A2 by service and A3 by service and whether the peer worker made the referral."""
    rows = db.frame("appointment_attendance", **scope.params()).with_columns(
        referral=pl.col("peer_referred").replace_strict(REFERRED, return_dtype=pl.String),
        service_name=pl.col("service").replace_strict(SERVICES, return_dtype=pl.String))
    by_service = rate(rows, pl.col("attended"), pl.col("attended_or_missed"),
                      ["service", "service_name"])
    by_referral = rate(rows, pl.col("attended"), pl.col("attended_or_missed"),
                       ["service", "service_name", "referral"])
    return by_service.sort("service"), by_referral.sort("service", "referral")


def awaiting(db: Database, scope: Scope) -> pl.DataFrame:
    """Discharges of the last 30 days up to the range's end with no attended follow-up yet."""
    return db.frame("awaiting_followup", **scope.params()).with_columns(
        pl.col("discharge_reason").str.replace_all("_", " "))


@dataclass(frozen=True)
class AftercareFigures:
    """Every frame the Aftercare page shows, for one scope."""

    followup: pl.DataFrame  # one rate row per discharge month and window, 7 or 30 days (A1)
    by_service: pl.DataFrame  # one rate row per service (A2)
    by_referral: pl.DataFrame  # one rate row per service and referral (A3)
    awaiting: pl.DataFrame  # one row per recent discharge with no attended follow-up yet


def aftercare_figures(db: Database, scope: Scope, last_day: date) -> AftercareFigures:
    """Every frame the Aftercare page shows."""
    by_service, by_referral = attendance(db, scope)
    return AftercareFigures(followup=followup(db, scope, last_day), by_service=by_service,
                            by_referral=by_referral, awaiting=awaiting(db, scope))

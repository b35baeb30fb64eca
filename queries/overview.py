"""The Overview's figures: the headline metrics month by month for a scope of programs and dates.

Every series has one row per month: month, numerator, denominator, value, final (the figure
will not change: the month is whole and its follow-up windows have closed). For funders the
series are suppressed here, before any page sees them.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from access.roles import sees_identified
from access.viewer import NotAllowed
from metrics.catalogue import METRICS
from metrics.headlines import HEADLINES
from queries.grain import over_programs
from queries.scope import Scope
from store.database import Database

_EMPTY = pl.DataFrame(schema={"month": pl.Date, "numerator": pl.Int64, "denominator": pl.Int64,
                             "value": pl.Float64, "final": pl.Boolean, "suppressed": pl.Boolean})

# The five headline figures, and the catalogue metric each one is


def _series(key: str, frame: pl.DataFrame, numerator: str, denominator: str | None,
            final: str) -> pl.DataFrame:
    """A uniform monthly series; a count's denominator (if any) is context, not a divisor."""
    den = pl.col(denominator) if denominator else pl.lit(None, dtype=pl.Int64)
    is_count = METRICS[HEADLINES[key]].kind == "count"
    value = pl.col(numerator).cast(pl.Float64) if is_count else pl.col(numerator) / den
    return frame.select(
        "month",
        numerator=pl.col(numerator),
        denominator=den,
        value=pl.when(pl.lit(is_count) | (den > 0)).then(value),
        final=pl.col(final),
    )


def _headline_series(db: Database, scope: Scope, last_day: date,
                     threshold: float) -> dict[str, pl.DataFrame]:
    """Each headline's monthly series, unsuppressed."""
    p = scope.params()
    engagement = db.frame("engagement_by_month", last_day=last_day, **p)
    followup = over_programs(db.frame("followup_by_month", last_day=last_day, **p), "month")
    # A month's rate is final once the month is over (within the range and the data).
    month_over = pl.col("month").dt.month_end() <= min(scope.end, last_day)
    abstinence = over_programs(db.frame("abstinence_by_month", **p), "month").with_columns(
        final=month_over)
    # Counts on a day (E1, W1) are final for that day: the last month's is on the range's end.
    caseload = (db.frame("worker_caseload_by_month", **p)  # the Workforce page's W1, summed
                .filter(pl.col("role") == "peer_specialist")
                .group_by("month", maintain_order=True)
                .agg(workers=pl.len().cast(pl.Int64),
                     over_threshold=(pl.col("per_fte") > threshold).sum().cast(pl.Int64))
                .with_columns(final=pl.lit(True)))
    return {
        "active": _series("active", engagement.with_columns(final=pl.lit(True)),
                          "active_at_end", None, "final"),
        "contacts_per_active": _series("contacts_per_active", engagement, "contacts",
                                       "active_in_month", "complete"),
        "followup_30": _series("followup_30", followup, "within_30", "discharges", "closed_30"),
        "abstinent_6m": _series("abstinent_6m", abstinence, "abstinent", "interviews", "final"),
        "over_caseload": _series("over_caseload", caseload, "over_threshold", "workers",
                                 "final"),
    }


def headline_figures(db: Database, scope: Scope, last_day: date, threshold: float,
                     role: str, allowed: tuple[str, ...] | None = None) -> dict[str, pl.DataFrame]:
    """The headline series, for supervisors and analysts only: funders see the Overview's
    figures cut from the funder release (release/build.py), one time grain for everything
    they can reach."""
    if not sees_identified(role):
        raise NotAllowed(f"The {role} role sees the funder release's figures only.")
    if scope.end < scope.start:
        return {k: _EMPTY for k in HEADLINES}
    series = _headline_series(db, scope, last_day, threshold)
    return {k: s.with_columns(suppressed=pl.lit(False)) for k, s in series.items()}


def is_empty(figures: dict[str, pl.DataFrame]) -> bool:
    """True when nothing happened in the scope: no counts, and nothing hidden either."""
    return all(s.filter((pl.col("numerator") > 0) | pl.col("suppressed")).height == 0
               for s in figures.values())

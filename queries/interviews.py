"""Figures from the outcome interviews, one row per intake (six_month_interviews.sql): the GPRA
follow-up counts (R1), who to interview next, recovery capital (R6) and social outcomes (R8)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import polars as pl

from metrics.instruments import (
    ANNUAL,
    ANNUAL_HALF_WINDOW,
    BARC10_REMISSION,
    INSTRUMENT_NAMES,
    SIX_MONTH,
)
from metrics.intervals import Z95, as_rate
from queries.scope import Scope
from store.database import Database

AHEAD = 30  # the interviews list looks this many days past the range's last day

# R8's yes/no questions (and R6's cut-off), asked at intake and at 6 months: column stem ->
# what a yes means
MEASURES = {"housed": "Stably housed", "employed": "Employed or in school",
            "arrested": "Any arrest in the past 30 days",
            "remission": f"BARC-10 of {BARC10_REMISSION} or more"}


def _month(column: str) -> pl.Expr:
    return pl.col(column).dt.truncate("1mo")


def followup_by_month(intakes: pl.DataFrame, scope: Scope, last_day: date,
                      by: tuple[str, ...] = ()) -> pl.DataFrame:
    """R1's counts by the month each intake's window closed (from the range's start to its end
    or the data's last day): intakes due, those interviewed in the window, and whether the
    month is whole. One row per month (per `by` and month, e.g. per program for the funder
    report); `as_rate(frame, "interviewed", "due")` is the rate."""
    until = min(scope.end, last_day)
    due = intakes.lazy().filter(pl.col("window_closes").is_between(scope.start, until),
                                pl.col("window_closes") < last_day, ~closed_out(last_day))
    return (due.group_by(*by, month=_month("window_closes"))
            .agg(due=pl.len().cast(pl.Int64),
                 interviewed=pl.col("six_month_on").is_not_null().sum().cast(pl.Int64))
            .sort("month", *by)
            .with_columns(whole=pl.col("month").dt.month_end() <= until)
            .collect())


def closed_out(day: date) -> pl.Expr:
    """SUPRT: a closeout by `day`, before or during the window, with no reassessment in the
    window, means none is due (the closeout column is null for GPRA)."""
    return (pl.col("closeout_on").is_not_null() & (pl.col("closeout_on") <= day)
            & (pl.col("closeout_on") <= pl.col("window_closes"))
            & pl.col("six_month_on").is_null())


def _listed(waiting: pl.LazyFrame, day: date, assessment: pl.Expr) -> pl.LazyFrame:
    return waiting.select(
        "participant_id", "enrollment_id", assessment=assessment,
        worker=pl.col("worker_name"), intake=pl.col("intake_on"),
        instrument=pl.col("instrument").replace_strict(INSTRUMENT_NAMES, return_dtype=pl.String),
        window_opens=pl.col("window_opens"),
        window_closes=pl.col("window_closes"),
        days_left=(pl.col("window_closes") - pl.lit(day)).dt.total_days().cast(pl.Int64))


def interviews_due(intakes: pl.DataFrame, day: date,
                   annual: pl.DataFrame | None = None) -> pl.DataFrame:
    """Intakes whose 6-month window is open on `day` or opens in the next AHEAD days, with no
    in-window interview by then (the deceased left out), and SUPRT's annual assessments due
    (`annual`, annual_assessments.sql of the same day): soonest-closing first."""
    waiting = intakes.lazy().filter(
        pl.col("window_closes") >= day,
        pl.col("window_opens") <= day + timedelta(days=AHEAD),
        pl.col("six_month_on").is_null() | (pl.col("six_month_on") > day),
        pl.col("discharge_reason").fill_null("") != "deceased", ~closed_out(day))
    parts = [_listed(waiting, day, pl.lit(SIX_MONTH))]
    if annual is not None and annual.height:
        parts.append(_listed(annual.lazy(), day, pl.format(f"{ANNUAL} (year {{}})", "year")))
    return pl.concat(parts).sort("days_left", "enrollment_id").collect()


def annual_assessments(db: Database, scope: Scope, day: date) -> pl.DataFrame:
    """SUPRT's annual assessments due on `day` (annual_assessments.sql)."""
    return db.frame("annual_assessments", ahead=AHEAD, half=ANNUAL_HALF_WINDOW,
                    **replace(scope, end=day).params())


def interviewed(intakes: pl.DataFrame, scope: Scope) -> pl.LazyFrame:
    """Intakes whose in-window 6-month interview fell in the range (lazily: each figure reads
    a few of its columns)."""
    return intakes.lazy().filter(pl.col("six_month_on").is_between(scope.start, scope.end))


def recovery_capital(intakes: pl.DataFrame, scope: Scope) -> pl.DataFrame:
    """R6 by month of the 6-month interview: pairs with a BARC-10 total at both, mean at
    intake and at 6 months, mean paired change and its normal 95% interval. One row per
    month."""
    pairs = interviewed(intakes, scope).filter(
        pl.col("intake_barc10").is_not_null(), pl.col("six_month_barc10").is_not_null()
    ).select("six_month_on", "intake_barc10", "six_month_barc10").collect()
    # means and deviations in an eager group_by, as before: the lazy engine's sums can differ
    # in the last digit
    change = (pl.col("six_month_barc10") - pl.col("intake_barc10")).cast(pl.Float64)
    half = Z95 * change.std() / pl.len().sqrt()
    return (pairs.group_by(month=_month("six_month_on"))
            .agg(pairs=pl.len().cast(pl.Int64),
                 intake_mean=pl.col("intake_barc10").mean(),
                 six_month_mean=pl.col("six_month_barc10").mean(),
                 change=change.mean(), change_low=change.mean() - half,
                 change_high=change.mean() + half)
            .sort("month"))


def social_outcomes(intakes: pl.DataFrame, scope: Scope) -> pl.DataFrame:
    """R8 (and R6's share at or above 47): for each measure, of the people who answered it at
    both intake and 6 months, the rate saying yes at each (numerator: yes; denominator: those
    answering at both). One row per measure per wave."""
    frame = interviewed(intakes, scope).with_columns(
        **{f"{wave}_arrested": pl.col(f"{wave}_arrests") > 0 for wave in ("intake", "six_month")},
        **{f"{wave}_remission": pl.col(f"{wave}_barc10") >= BARC10_REMISSION
           for wave in ("intake", "six_month")})
    waves = (("intake", "Intake"), ("six_month", "6 months"))
    both = {stem: pl.col(f"intake_{stem}").is_not_null() & pl.col(f"six_month_{stem}")
            .is_not_null() for stem in MEASURES}
    # every count in one pass over the interviews, not a filtered copy per measure
    sums = frame.select(
        *[both[stem].sum().alias(f"{stem}_answered") for stem in MEASURES],
        *[pl.col(f"{wave}_{stem}").filter(both[stem]).sum().alias(f"{stem}_{wave}")
          for stem in MEASURES for wave, _ in waves]).collect().row(0, named=True)
    rows = [{"measure": label, "wave": wave_label, "answered": sums[f"{stem}_answered"],
             "yes": int(sums[f"{stem}_{wave}"])}
            for stem, label in MEASURES.items() for wave, wave_label in waves]
    counts = pl.DataFrame(rows, schema={"measure": pl.String, "wave": pl.String,
                                        "answered": pl.Int64, "yes": pl.Int64})
    return as_rate(counts, "yes", "answered")


def due_at(db: Database, scope: Scope, intakes: pl.DataFrame, last_day: date) -> pl.DataFrame:
    """The follow-up interviews due at the scope's end (or the data's last day, if sooner):
    the 6-month ones of `intakes` (six_month_interviews.sql) and SUPRT's annual ones."""
    day = min(scope.end, last_day)
    return interviews_due(intakes, day, annual_assessments(db, scope, day))


def interviews_at(db: Database, scope: Scope, last_day: date) -> pl.DataFrame:
    """The follow-up interviews due at the scope's end (or the data's last day, if sooner)."""
    return due_at(db, scope, db.frame("six_month_interviews", **scope.params()), last_day)

"""The two call lists as worklists: who to call after discharge (Aftercare) and whose
follow-up interview window is closing (Outcomes), each with the attempts recorded on it, in
the order a supervisor works through them. Pure polars over the lists and the attempts."""

from __future__ import annotations

import polars as pl

from access.worklists import OUTCOMES
from metrics.formats import DAY_FORMAT
from queries.interviews import AHEAD
from queries.scope import Scope
from store.database import Database

SETTLED = ("reached", "declined")  # no further call needed: they go to the end of the list
ATTEMPTS = pl.Schema({"enrollment_id": pl.String, "attempts": pl.Int64,
                      "last_attempt_on": pl.Date, "last_outcome": pl.String,
                      "last_note": pl.String})


def last_attempts(attempts: pl.DataFrame) -> pl.DataFrame:
    """One row per enrollment with any attempt: how many, and the latest's day, outcome and
    note (the attempts come newest first, followup_attempts.sql)."""
    if attempts.is_empty():
        return pl.DataFrame(schema=ATTEMPTS)
    return (attempts.group_by("enrollment_id", maintain_order=True)
            .agg(attempts=pl.len().cast(pl.Int64), last_attempt_on=pl.col("attempted_on").first(),
                 last_outcome=pl.col("outcome").first(), last_note=pl.col("note").first())
            .cast(ATTEMPTS))


def _with_attempts(listing: pl.DataFrame, attempts: pl.DataFrame) -> pl.DataFrame:
    said = pl.col("last_outcome").replace_strict(OUTCOMES, default=None)
    return listing.join(last_attempts(attempts), on="enrollment_id", how="left",
                        maintain_order="left").with_columns(
        pl.col("attempts").fill_null(0),
        last_attempt=pl.when(pl.col("last_attempt_on").is_null()).then(pl.lit("None yet"))
        .otherwise(pl.format("{}, {}{}", said, pl.col("last_attempt_on").dt.strftime(DAY_FORMAT),
                             pl.when(pl.col("attempts") > 1)
                             .then(pl.format(" ({} attempts)", "attempts"))
                             .otherwise(pl.lit("")))),
        settled=pl.col("last_outcome").is_in(SETTLED).fill_null(False))


def call_list(awaiting: pl.DataFrame, attempts: pl.DataFrame) -> pl.DataFrame:
    """The not-yet-followed-up list in calling order: past day 7 with nothing booked first;
    within that, those never tried, then the longest since the last attempt; those reached or
    who declined last. The next appointment reads as a day or "Not booked"."""
    frame = _with_attempts(awaiting, attempts).with_columns(
        urgent=(pl.col("days_since_discharge") > 7) & pl.col("next_scheduled_on").is_null(),
        next_appointment=pl.col("next_scheduled_on").dt.strftime(DAY_FORMAT)
        .fill_null("Not booked"))
    return frame.sort(["settled", "urgent", "last_attempt_on", "days_since_discharge",
                       "participant_id"], descending=[False, True, False, True, False],
                      nulls_last=False)


def interview_list(due: pl.DataFrame, attempts: pl.DataFrame) -> pl.DataFrame:
    """The interviews due in working order: the window closing soonest first; within a day,
    those never tried, then the longest since the last attempt; those reached or who
    declined last. An attempt counts for the window it was made for: from AHEAD days before
    it opens (one made for the 6-month interview says nothing of the annual assessment)."""
    opens = due.select("enrollment_id", "window_opens").unique("enrollment_id")
    for_window = attempts.join(opens, on="enrollment_id", how="inner").filter(
        pl.col("attempted_on") >= pl.col("window_opens") - pl.duration(days=AHEAD)
    ).drop("window_opens")
    return _with_attempts(due, for_window).sort(
        ["settled", "days_left", "last_attempt_on", "enrollment_id"], nulls_last=False)


def attempts(db: Database, scope: Scope, worklist: str) -> pl.DataFrame:
    """The follow-up attempts on one worklist ('aftercare', 'interview') in the scope."""
    return db.frame("followup_attempts", worklist=worklist, **scope.params())

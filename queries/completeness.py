"""Is each program's export complete? Per program and record type: the last record date, and
the months with no or unusually few records against the program's own history. A program
that stopped sending contacts must not look like one that stopped working.

The rules, judged on the data's last day:
- SILENT: no record of the type for more than QUIET_GAPS times the program's usual gap
  between records (its span over its count), and never less than QUIET_FLOOR_DAYS; judged
  only for a type of which the program has sent at least MIN_TYPICAL records;
- a month is EMPTY with no records, or FEW with fewer than FEW_SHARE of the program's median
  over the HISTORY months before it (at least MIN_HISTORY of them; pro rata for the data's
  last, part month); only where that median is at least MIN_TYPICAL, below which a quiet
  month is ordinary. The program's first month (it may start on any day) is never judged.
Analysts and supervisors see these; funders only what the funder release carries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from metrics.formats import day
from metrics.text import as_markdown
from queries.scope import Programs, program_params
from store.database import Database

QUIET_FLOOR_DAYS = 21  # three quiet weeks can be an export's lag or a holiday; more is a gap
QUIET_GAPS = 5  # ...and so can five of the program's usual gaps between records
HISTORY, MIN_HISTORY = 6, 3  # a month is judged against the median of the 6 before it (3+)
FEW_SHARE = 0.5
MIN_TYPICAL = 10  # records in a median month: below, a month of half that is ordinary chance
WORDS = {"enrollments": "enrollments", "contacts": "contacts", "appointments": "appointments",
         "assessments": "interviews", "events": "events", "wellbeing": "wellbeing check-ins"}


@dataclass(frozen=True)
class Completeness:
    months: pl.DataFrame  # one row per program, record type and month, with `judged`
    summary: pl.DataFrame  # one row per program and record type


def _months(frame: pl.DataFrame, last_day: date) -> pl.DataFrame:
    """Each month's count against the program's median of the HISTORY months of that type
    before it (whole months, the first left out), pro rata for the data's last, part month."""
    last_month = last_day.replace(day=1)
    share = last_day.day / pl.lit(last_day).dt.month_end().dt.day()
    first = pl.col("month") == pl.col("first_record_on").dt.truncate("1mo")
    key = ["program_id", "record_type"]
    history = pl.when(first).then(None).otherwise(pl.col("records")).cast(pl.Float64)
    typical = history.shift(1).rolling_median(HISTORY, min_samples=MIN_HISTORY).over(key)
    frame = frame.sort(*key, "month").with_columns(typical=typical)
    expected = pl.when(pl.col("month") == last_month).then(pl.col("typical") * share) \
        .otherwise(pl.col("typical"))
    return frame.with_columns(expected=expected).with_columns(
        judged=pl.when(first | pl.col("typical").is_null()
                       | (pl.col("typical") < MIN_TYPICAL))
        .then(pl.lit(None, dtype=pl.String))
        .when(pl.col("records") == 0).then(pl.lit("none"))
        .when(pl.col("records") < FEW_SHARE * pl.col("expected")).then(pl.lit("few")))


def _summary(months: pl.DataFrame, last_day: date) -> pl.DataFrame:
    key = ["program_id", "program_name", "record_type"]
    return (months.group_by(key, maintain_order=True).agg(
        pl.col("first_record_on").first(), pl.col("last_record_on").first(),
        pl.col("total_records").first(),
        months_without=(pl.col("judged") == "none").sum(),
        months_few=(pl.col("judged") == "few").sum(),
        typical_month=pl.col("typical").last())
        .with_columns(
            usual_gap_days=(pl.col("last_record_on") - pl.col("first_record_on")).dt.total_days()
            / pl.max_horizontal(pl.col("total_records") - 1, pl.lit(1)),
            days_silent=(pl.lit(last_day) - pl.col("last_record_on")).dt.total_days())
        .with_columns(silent=(pl.col("total_records") >= MIN_TYPICAL)
                      & (pl.col("days_silent") > pl.max_horizontal(
                          pl.lit(QUIET_FLOOR_DAYS), QUIET_GAPS * pl.col("usual_gap_days")))))


def completeness(db: Database, programs: Programs, last_day: date) -> Completeness:
    """Every program's record types, month by month and in summary, up to the data's last
    day."""
    frame = db.frame("completeness", last_day=last_day, **program_params(programs))
    months = _months(frame, last_day)
    return Completeness(months, _summary(months, last_day))


def flags(summary: pl.DataFrame) -> list[str]:
    """A sentence per program and record type that has gone silent, e.g. 'Harbor has sent
    no contacts since 3 Oct 2026 (usually one every 0.4 days).' (markdown: the name escaped)"""
    return [f"{as_markdown(r['program_name'])} has sent no {WORDS[r['record_type']]} since "
            f"{day(r['last_record_on'])} (usually one every {r['usual_gap_days']:.1f} days)."
            for r in summary.filter("silent").sort("days_silent", descending=True)
            .iter_rows(named=True)]


def programs_to_check(summary: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The programs (program_id, program_name) with a record type gone quiet or a month with
    none or unusually few records, the worst first (most record types gone quiet, then most
    months with none, then unusually few), and every other program, by name."""
    names = summary.group_by("program_id", "program_name").agg(
        pl.col("silent").sum(), pl.col("months_without").sum(), pl.col("months_few").sum())
    gap = (pl.col("silent") > 0) | (pl.col("months_without") > 0) | (pl.col("months_few") > 0)
    worst = ["silent", "months_without", "months_few"]
    to_check = names.filter(gap).sort([*worst, "program_name"],
                                      descending=[True, True, True, False])
    return (to_check.select("program_id", "program_name"),
            names.filter(~gap).sort("program_name").select("program_id", "program_name"))

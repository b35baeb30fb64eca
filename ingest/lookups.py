"""A mapped file's names and participants turned into keys: programs by program_name, workers by
display_name (within the row's program when it has one), a service's enrollment from the
participant and the day. Found in the database and in the rest of the same upload together,
as references are; no match, or several, is a problem for that cell naming the candidates.
"""

from __future__ import annotations

import duckdb
import polars as pl

from ingest.check import PROBLEMS
from ingest.mapped import day_column
from ingest.mapping import LOOKUPS, EnrollmentOf, Lookup, label_text
from ingest.parts import Part, Reading
from records.columns import key_column
from records.models import RECORD_TYPES

SHOWN = 5  # candidates named in one problem
FIELDS = {"programs": ["program_id", "program_name"],
          "workers": ["worker_id", "program_id", "display_name"],
          "enrollments": ["enrollment_id", "participant_id", "program_id", "enrolled_on",
                          "discharged_on"]}


def _candidates(cur: duckdb.DuckDBPyConnection, reading: Reading, table: str) -> pl.DataFrame:
    """The upload's rows of `table` (text), then the stored ones, one per key."""
    fields = FIELDS[table]
    # Table and column names come from FIELDS, never from the upload.
    stored = cur.sql(f"select {', '.join(fields)} from {table}").pl().with_columns(
        pl.all().cast(pl.String))
    uploaded = [p.frame.select([pl.col(f) if f in p.frame.columns else pl.lit(None, pl.String)
                                .alias(f) for f in fields])
                for p in reading.parts if p.table == table]
    key = key_column(RECORD_TYPES[table]).name
    return pl.concat([*uploaded, stored]).filter(pl.col(key).is_not_null()).unique(
        key, keep="first", maintain_order=True)


def _problems(rows: pl.DataFrame, column: str, value: str, problem: pl.Expr,
              accepted: str) -> pl.DataFrame:
    return rows.select(source=pl.col("_source"), row=pl.col("_row"), column=pl.lit(column),
                       value=pl.col(value), problem=problem, accepted=pl.lit(accepted)
                       ).cast(PROBLEMS)  # type: ignore[arg-type]


def _settle(part: Part, column: str, matches: pl.DataFrame, none: pl.Expr,
            accepted: str) -> None:
    """Each row's one match becomes its key; none or several is a problem for the cell (whose
    raw value stays, for the quarantine to show). `matches`: (_i, the row's index; _key)."""
    found = matches.group_by("_i").agg(_n=pl.col("_key").n_unique(), _one=pl.col("_key").min())
    rows = part.frame.with_row_index("_i").join(found, on="_i", how="left",
                                                maintain_order="left")
    n, wanted = pl.col("_n").fill_null(0), pl.col(column).is_not_null()
    bad = rows.filter(wanted & (n != 1))
    if bad.height:  # the candidates are named only where the problems are
        named = matches.join(bad.select("_i"), on="_i").group_by("_i").agg(
            _keys=pl.col("_key").unique().sort().head(SHOWN).str.join(", "))
        bad = bad.join(named, on="_i", how="left", maintain_order="left")
        problem = pl.when(n == 0).then(none).otherwise(
            pl.format("{} match it ({}): which one is meant cannot be told", n, "_keys"))
        part.problems = pl.concat([part.problems, _problems(bad, column, column, problem,
                                                            accepted)])
    part.frame = rows.with_columns(pl.when(wanted & (n == 1)).then(pl.col("_one"))
                                   .otherwise(pl.col(column)).alias(column)
                                   ).drop("_i", "_n", "_one")


def _program_of(part: Part) -> pl.Expr:
    """The row's program, when its record has one: a worker or enrollment is sought in it."""
    return (pl.col("program_id") if "program_id" in part.frame.columns
            else pl.lit(None, pl.String)).alias("_in")


def _by_name(cur: duckdb.DuckDBPyConnection, reading: Reading, part: Part, column: str,
             way: Lookup) -> None:
    table = LOOKUPS[way.by]
    key = key_column(RECORD_TYPES[table]).name
    known = _candidates(cur, reading, table)
    names = known.select(_key=pl.col(key), _name=label_text(pl.col(way.by)),
                         _program=pl.col("program_id") if "program_id" in known.columns
                         else pl.lit(None, pl.String))
    within = table == "workers" and "program_id" in part.frame.columns
    asked = part.frame.with_row_index("_i").select(
        "_i", _name=label_text(pl.col(column)),
        _in=_program_of(part) if within else pl.lit(None, pl.String))
    matches = asked.join(names, on="_name").filter(
        pl.col("_in").is_null() | (pl.col("_in") == pl.col("_program")))
    some = ", ".join(known.get_column(way.by).drop_nulls().head(SHOWN).to_list())
    where = " (in the row's program)" if within else ""
    _settle(part, column, matches.select("_i", "_key"),
            pl.lit(f"no {table[:-1]} has that {way.by}{where}"),
            f"the {way.by} of one {table[:-1]} in the database or this upload (known: "
            f"{some or 'none'}); add the {table[:-1]}, or correct the name")


def _by_day(cur: duckdb.DuckDBPyConnection, reading: Reading, part: Part, column: str) -> None:
    known = _candidates(cur, reading, "enrollments").select(
        _key=pl.col("enrollment_id"), _who=pl.col("participant_id"),
        _program=pl.col("program_id"),
        _from=pl.col("enrolled_on").str.to_date(strict=False),
        _to=pl.col("discharged_on").str.to_date(strict=False))
    day = pl.col(day_column(column)).str.to_date("%Y-%m-%d", strict=False)
    asked = part.frame.with_row_index("_i").select("_i", _who=pl.col(column), _day=day,
                                                   _in=_program_of(part))
    matches = asked.join(known, on="_who").filter(
        (pl.col("_from") <= pl.col("_day"))
        & (pl.col("_to").is_null() | (pl.col("_to") >= pl.col("_day")))
        & (pl.col("_in").is_null() | (pl.col("_in") == pl.col("_program"))))
    _settle(part, column, matches.select("_i", "_key"),
            pl.format("no enrollment of this participant is open on {}",
                      pl.col(day_column(column)).fill_null("an empty day")),
            "a participant with one enrollment open on the day of the row: add the "
            "enrollment, or correct the participant or the day")
    part.frame = part.frame.drop(day_column(column))


def resolve_lookups(cur: duckdb.DuckDBPyConnection, reading: Reading) -> None:
    """Every pending cell of every mapped part: programs first, then workers (whose program
    may have been a name), then enrollments (whose program and worker may have been)."""
    for step in ("program_name", "display_name", "enrollment_of"):
        for part in reading.parts:
            for column, way in part.pending:
                if isinstance(way, Lookup) and way.by == step:
                    _by_name(cur, reading, part, column, way)
                elif isinstance(way, EnrollmentOf) and step == "enrollment_of":
                    _by_day(cur, reading, part, column)

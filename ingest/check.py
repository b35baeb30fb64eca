"""Check one record type's rows with polars expressions over whole columns, generated from the
record definition: types, enums, ranges, required cells, keys unique in the upload, and the
cross-field rules. Every problem is a row of one frame: source, row, column, value, problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import polars as pl

from ingest.cast import (
    CONTROL,
    EMPTY,
    MARKUP,
    OPTIONAL_EMPTY,
    SERIALS,
    SLASHED,
    SlashedDates,
    accepted,
    cleaned,
    fast_typed,
    settled_order,
    typed,
)
from ingest.crossfield import rule_checks
from records.columns import Column, columns, key_column
from records.models import RECORD_TYPES
from records.spreadsheet import formula_payload, looks_like_formula

PROBLEMS = {"source": pl.String, "row": pl.Int64, "column": pl.String, "value": pl.String,
            "problem": pl.String, "accepted": pl.String}
META = ("_source", "_row")


def no_problems() -> pl.DataFrame:
    return pl.DataFrame(schema=PROBLEMS)


def file_problem(source: str, message: str) -> pl.DataFrame:
    return pl.DataFrame({"source": [source], "row": [None], "column": [None], "value": [None],
                         "problem": [message], "accepted": [None]}, schema=PROBLEMS)


@dataclass
class Checked:
    """One record type's rows: raw text, typed values, and which rows have problems."""

    table: str
    raw: pl.DataFrame  # text cells as uploaded, with _source and _row
    rows: pl.DataFrame  # typed (polars_schema), with _source and _row; bad cells null
    problems: pl.DataFrame
    # date column -> the order its slashed dates settle when the uploader named none
    orders: dict[str, Literal["mdy", "dmy"]] = field(default_factory=dict)
    capped: bool = False  # more problems than the limit: only the first are listed
    # rows the same in every column as an earlier row of the upload: loaded once, not refused
    repeats: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(
        schema={"_source": pl.String, "_row": pl.Int64}))

    def valid(self) -> pl.DataFrame:
        if self.problems.is_empty():
            return self.rows
        bad = self.problems.select("source", "row").unique()
        return self.rows.join(bad, left_on=list(META), right_on=["source", "row"], how="anti",
                              maintain_order="left")


def problem_rows(frame: pl.LazyFrame, bad: pl.Expr, column: str, value: pl.Expr,
                 problem: pl.Expr | str, what: str) -> pl.LazyFrame:
    """The rows where `bad` holds, as problems: what is wrong, and what would be accepted."""
    text = pl.lit(problem) if isinstance(problem, str) else problem
    return frame.filter(bad).select(
        source=pl.col("_source"), row=pl.col("_row"), column=pl.lit(column),
        value=value.cast(pl.String), problem=text.cast(pl.String), accepted=pl.lit(what))


NOT_A = {"integer": "not a whole number", "decimal": "not a number", "date": "not a real date",
         "boolean": "not true or false", "enum": "not one of the choices", "text": "not text"}


def cast_column(raw: pl.DataFrame, col: Column, slashed: SlashedDates) -> pl.DataFrame:
    """One column cleaned (`_c_`) and cast (`_t_`): the canonical form first (most cells of
    most exports), the generous reading only if some cell needs it."""
    text = pl.col(col.name).str.strip_chars() if col.kind == "text" else pl.col(col.name)
    fast = raw.select(text.alias(f"_c_{col.name}"),
                      fast_typed(col, text).alias(f"_t_{col.name}"))
    c, t = fast.get_columns()
    if not ((t.is_null() & c.is_not_null()).any() or c.is_in(EMPTY + OPTIONAL_EMPTY).any()):
        return fast
    return raw.select(cleaned(col).alias(f"_c_{col.name}"), SERIALS).with_columns(
        typed(col, slashed, pl.col(f"_c_{col.name}")).alias(f"_t_{col.name}")).drop(SERIALS)


def _text_problem(col: Column, value: pl.Expr) -> pl.Expr:
    problem = (pl.when(formula_payload(value)).then(pl.lit("a spreadsheet formula"))
               .when(value.str.contains(MARKUP)).then(pl.lit("HTML or script"))
               .when(value.str.contains(CONTROL)).then(pl.lit(
                   "an invisible control character (such as NUL, BEL, ESC or a "
                   "right-to-left mark); remove it")))
    if col.max_length:
        problem = problem.when(value.str.len_chars() > col.max_length).then(
            pl.format("too long ({} characters)", value.str.len_chars()))
    if col.pattern:
        problem = problem.when(value.str.contains(col.pattern).not_()).then(
            pl.lit("not a valid id"))
    if col.min_length:
        problem = problem.when(value.str.len_chars() < col.min_length).then(pl.lit("too short"))
    return problem.otherwise(None)


def _suspect(col: Column, value: pl.Expr) -> pl.Expr:
    """A cheap filter first: the message is worked out for its rows only."""
    suspect = looks_like_formula(value) | value.str.contains(f"{MARKUP}|{CONTROL}")
    if col.max_length:
        suspect = suspect | (value.str.len_bytes() > col.max_length)
    if col.pattern:
        suspect = suspect | value.str.contains(col.pattern).not_()
    if col.min_length:
        suspect = suspect | (value.str.len_chars() < col.min_length)
    return suspect


UNSETTLED = ("a slashed date in an order this column does not settle (11/03/2026 is 11 March "
             "or 3 November): choose the order of slashed dates when uploading (on the "
             "command line, --slashed-dates mdy or dmy)")


def _not_a(col: Column, slashed: SlashedDates) -> pl.Expr | str:
    """Why a cell did not cast; a slashed date with no order said is not called unreal."""
    if col.kind != "date" or slashed is not None:
        return NOT_A[col.kind]
    return (pl.when(pl.col(f"_c_{col.name}").str.contains(SLASHED)).then(pl.lit(UNSETTLED))
            .otherwise(pl.lit(NOT_A["date"])))


def _cell_checks(work: pl.LazyFrame, col: Column, slashed: SlashedDates,
                 has_duplicates: bool) -> list[pl.LazyFrame]:
    raw, value = pl.col(col.name), pl.col(f"_t_{col.name}")
    empty = pl.col(f"_c_{col.name}").is_null()
    what = accepted(col, slashed)
    checks = [problem_rows(work, empty.not_() & value.is_null(), col.name, raw,
                           _not_a(col, slashed), what)]
    if col.required:
        checks.append(problem_rows(work, empty, col.name, raw, "empty, but required", what))
    limits = [value < col.ge if col.ge is not None else None,
              value <= col.gt if col.gt is not None else None,
              value > col.le if col.le is not None else None]
    out_of_range = pl.any_horizontal([c for c in limits if c is not None] or [pl.lit(False)])
    checks.append(problem_rows(work, value.is_not_null() & out_of_range, col.name, raw,
                               "out of range", what))
    if col.kind == "text":
        bad = value.is_not_null() & _suspect(col, value) & _text_problem(col, value).is_not_null()
        checks.append(problem_rows(work, bad, col.name, raw, _text_problem(col, value), what))
    if col.key and has_duplicates:
        twice = value.is_not_null() & value.is_duplicated()
        checks.append(problem_rows(work, twice, col.name, raw,
                                   "the same key is on another row of this upload",
                                   "a key used once in the upload"))
    return checks


def with_all_columns(table: str, raw: pl.DataFrame) -> pl.DataFrame:
    """Missing optional (or required) columns as empty text, so every check can run."""
    missing = [c.name for c in columns(RECORD_TYPES[table]) if c.name not in raw.columns]
    serials = [] if SERIALS in raw.columns else [pl.lit(False).alias(SERIALS)]
    return raw.with_columns([pl.lit(None, pl.String).alias(m) for m in missing] + serials)


def capped(checks: list[pl.LazyFrame], limit: int | None) -> tuple[pl.DataFrame, bool]:
    """The checks' problems, at most `limit` of them (a file of a million bad rows must not
    hold millions of problem rows in memory); and whether some were left out."""
    if limit is not None:
        checks = [c.head(limit + 1) for c in checks]
    problems = pl.concat([no_problems(), *pl.collect_all(checks)])
    if limit is not None and problems.height > limit:
        return problems.head(limit), True
    return problems, False


def _without_repeats(raw: pl.DataFrame, cols: tuple[Column, ...], table: str
                     ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The rows, each row the same in every column as an earlier one left out (an export that
    repeats a line: loaded once, where a key on two different rows is a problem for both);
    and where the left-out rows were."""
    key = raw.get_column(key_column(RECORD_TYPES[table]).name).str.strip_chars().drop_nulls()
    if key.n_unique() == key.len():  # no key twice: no row can repeat another
        return raw, raw.clear().select("_source", "_row")
    first = raw.select(pl.struct([pl.col(c.name).str.strip_chars() for c in cols])
                       .is_first_distinct()).to_series()
    return raw.filter(first), raw.filter(first.not_()).select("_source", "_row")


def check_table(table: str, raw: pl.DataFrame, slashed: SlashedDates,
                today: date, max_problems: int | None = None) -> Checked:
    """Every problem of one record type's rows (references are checked apart, against the
    database)."""
    cols = columns(RECORD_TYPES[table])
    raw, repeats = _without_repeats(with_all_columns(table, raw), cols, table)
    orders = {c.name: o for c in cols if c.kind == "date" and slashed is None
              and raw[c.name].str.contains("/").any() and (o := settled_order(raw[c.name]))}
    order = {c.name: orders.get(c.name, slashed) for c in cols}
    cast = pl.concat([cast_column(raw, c, order[c.name]) for c in cols], how="horizontal")
    work = pl.concat([raw, cast], how="horizontal").lazy()
    key = cast.get_column(f"_c_{key_column(RECORD_TYPES[table]).name}").drop_nulls()
    dupes = key.n_unique() < key.len()
    checks = [chk for c in cols for chk in _cell_checks(work, c, order[c.name], dupes)]
    # A rule is checked where its cells are empty or typed; a bad cell is reported already.
    ok = {c.name: pl.col(f"_c_{c.name}").is_null() | pl.col(f"_t_{c.name}").is_not_null()
          for c in cols}
    checks += [problem_rows(work, bad & pl.all_horizontal([ok[n] for n in needs]), column,
                            pl.col(column), message, what)
               for column, needs, bad, message, what in rule_checks(RECORD_TYPES[table], today)]
    problems, over = capped(checks, max_problems)
    rows = work.select(*META, *[pl.col(f"_t_{c.name}").fill_null(c.default).alias(c.name)
                                if c.default is not None else pl.col(f"_t_{c.name}").alias(c.name)
                                for c in cols]).collect()
    return Checked(table, raw, rows, problems, orders, over, repeats)

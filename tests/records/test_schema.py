"""The DuckDB schema derived from the records refuses every row the contract forbids."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import duckdb
import pydantic
import pytest

from records.columns import Column, columns, key_column
from records.models import RECORD_TYPES
from store.schema import create_schema


def good_row(sample: duckdb.DuckDBPyConnection, table: str) -> dict[str, Any]:
    """A complete valid row of `table` from the sample (optional columns filled)."""
    cols = columns(RECORD_TYPES[table])
    filled = " and ".join(f"{c.name} is not null" for c in cols if c.name != "left_on")
    with sample.cursor() as cur:
        frame = cur.sql(f"select * from {table} where {filled} limit 1").pl()
    return frame.row(0, named=True)


def bad_values(col: Column) -> list[Any]:
    """Values that break one rule of the column."""
    bad: list[Any] = []
    if col.required:
        bad.append(None)
    if col.choices:
        bad.append("not_a_choice")
    if col.ge is not None:
        bad.append(col.ge - 1)
    if col.gt is not None:
        bad.append(col.gt)
    if col.le is not None:
        bad.append(col.le + 1)
    if col.pattern:
        bad.append("no spaces allowed")
    if col.min_length:
        bad.append("")
    return bad


CASES = [(t, c.name, v) for t, m in RECORD_TYPES.items() for c in columns(m) for v in bad_values(c)]


def insert(con: duckdb.DuckDBPyConnection, table: str, row: dict[str, Any]) -> None:
    names = ", ".join(row)
    marks = ", ".join(f"${k}" for k in row)
    with con.cursor() as cur:
        cur.execute(f"insert into {table} ({names}) values ({marks})", row)


@pytest.fixture
def empty() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    create_schema(con)
    yield con
    con.close()


@pytest.mark.parametrize("table", list(RECORD_TYPES))
def test_a_valid_row_loads_and_its_key_is_unique(sample, empty, table):
    row = good_row(sample, table)
    insert(empty, table, row)
    with pytest.raises(duckdb.ConstraintException):
        insert(empty, table, row)
    RECORD_TYPES[table].model_validate(row)


@pytest.mark.parametrize(("table", "column", "value"), CASES,
                         ids=[f"{t}.{c}={v!r}" for t, c, v in CASES])
def test_schema_and_model_refuse_a_broken_rule(sample, empty, table, column, value):
    row = {**good_row(sample, table), column: value}
    with pytest.raises((duckdb.ConstraintException, duckdb.ConversionException)):
        insert(empty, table, row)
    with pytest.raises(pydantic.ValidationError):
        RECORD_TYPES[table].model_validate(row)


def test_cross_field_rules_hold_in_schema_and_model(sample, empty):
    worker = good_row(sample, "workers")
    early = {**worker, "left_on": worker["hired_on"] - timedelta(days=1)}
    enrollment = good_row(sample, "enrollments")
    no_reason = {**enrollment, "discharge_reason": None}
    reason_only = {**enrollment, "discharged_on": None}
    before = {**enrollment, "discharged_on": enrollment["enrolled_on"] - timedelta(days=1)}
    for table, row in [("workers", early), ("enrollments", no_reason),
                       ("enrollments", reason_only), ("enrollments", before)]:
        with pytest.raises(duckdb.ConstraintException):
            insert(empty, table, row)
        with pytest.raises(pydantic.ValidationError):
            RECORD_TYPES[table].model_validate(row)


def test_rules_that_depend_on_today_are_checked_by_the_model(sample):
    tomorrow = date.today() + timedelta(days=1)
    enrollment = {**good_row(sample, "enrollments"), "enrolled_on": tomorrow,
                  "discharged_on": None, "discharge_reason": None}
    appointment = {**good_row(sample, "appointments"), "status": "scheduled",
                   "scheduled_on": date(2020, 1, 1)}
    child = {**good_row(sample, "participants"), "birth_year": date.today().year - 5}
    for table, row in [("enrollments", enrollment), ("appointments", appointment),
                       ("participants", child)]:
        with pytest.raises(pydantic.ValidationError):
            RECORD_TYPES[table].model_validate(row)


def test_keys_are_text_so_leading_zeros_survive(empty):
    assert all(key_column(m).sql_type == "VARCHAR" for m in RECORD_TYPES.values())
    insert(empty, "participants", {"participant_id": "0042"})
    with empty.cursor() as cur:
        assert cur.execute("select participant_id from participants").fetchall() == [("0042",)]

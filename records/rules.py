"""Markers and cross-field rules that the record models declare once.

A rule knows how to check one record (for pydantic), how to check whole columns at once (a
polars expression, for uploads) and how to say itself as a SQL CHECK where it can be one. Rules
that depend on today's date or on another table cannot be a CHECK: they are enforced when an
upload is checked, and say so through `sql_check() -> None`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

Col = Callable[[str], pl.Expr]  # a field's typed column in the frame being checked
# (column reported, columns that must have cast, bad rows, the problem, what is accepted)
RuleCheck = tuple[str, tuple[str, ...], pl.Expr, pl.Expr, str]


def _text(expr: pl.Expr) -> pl.Expr:
    return expr.cast(pl.String)


@dataclass(frozen=True)
class Key:
    """Marks the field that identifies a record (text, never an integer)."""


@dataclass(frozen=True)
class Ref:
    """Marks a field that refers to the key of another record type."""

    table: str


@dataclass(frozen=True)
class NotBefore:
    """`later` is on or after `earlier` when both are given."""

    later: str
    earlier: str

    def violated(self, row: dict[str, Any]) -> str | None:
        a, b = row.get(self.later), row.get(self.earlier)
        if a is not None and b is not None and a < b:
            return f"{self.later} ({a}) is before {self.earlier} ({b})"
        return None

    def polars_check(self, col: Col, today: date) -> RuleCheck | None:
        a, b = self.later, self.earlier
        return (a, (a, b), col(a) < col(b),
                pl.format(f"{a} ({{}}) is before {b} ({{}})", _text(col(a)), _text(col(b))),
                f"{a} on or after {b}, or empty")

    def sql_check(self) -> str | None:
        return f"{self.later} is null or {self.earlier} is null or {self.later} >= {self.earlier}"


@dataclass(frozen=True)
class RequiredWith:
    """`field` is given exactly when `when` is given."""

    field: str
    when: str

    def violated(self, row: dict[str, Any]) -> str | None:
        if (row.get(self.field) is None) != (row.get(self.when) is None):
            return f"{self.field} is required when {self.when} is set, and empty otherwise"
        return None

    def polars_check(self, col: Col, today: date) -> RuleCheck | None:
        f, w = self.field, self.when
        return (f, (f, w), col(f).is_null() != col(w).is_null(),
                pl.lit(f"{f} is required when {w} is set, and empty otherwise"),
                f"{f} given exactly when {w} is")

    def sql_check(self) -> str | None:
        return f"({self.field} is null) = ({self.when} is null)"


@dataclass(frozen=True)
class NotInFuture:
    """A date that may not lie after the day it is loaded."""

    field: str

    def violated(self, row: dict[str, Any]) -> str | None:
        value = row.get(self.field)
        if value is not None and value > date.today():
            return f"{self.field} ({value}) is in the future"
        return None

    def polars_check(self, col: Col, today: date) -> RuleCheck | None:
        f = self.field
        return (f, (f,), col(f) > pl.lit(today),
                pl.format(f"{f} ({{}}) is in the future", _text(col(f))), f"a date up to {today}")

    def sql_check(self) -> str | None:
        return None  # depends on the day of the load, so it is checked at upload


@dataclass(frozen=True)
class FutureOnlyWhen:
    """`field` may be `value` only while `date_field` is not yet past."""

    field: str
    value: str
    date_field: str

    def violated(self, row: dict[str, Any]) -> str | None:
        day = row.get(self.date_field)
        if row.get(self.field) == self.value and day is not None and day < date.today():
            return f"{self.field} is '{self.value}' but {self.date_field} ({day}) has passed"
        return None

    def polars_check(self, col: Col, today: date) -> RuleCheck | None:
        f, v, d = self.field, self.value, self.date_field
        return (f, (f, d), (col(f) == v) & (col(d) < pl.lit(today)),
                pl.format(f"{f} is '{v}' but {d} ({{}}) has passed", _text(col(d))),
                f"'{v}' only for a {d} from {today} on")

    def sql_check(self) -> str | None:
        return None  # depends on the day of the load


@dataclass(frozen=True)
class MinYearsAgo:
    """An integer year at least `years` before the current year."""

    field: str
    years: int

    def violated(self, row: dict[str, Any]) -> str | None:
        value = row.get(self.field)
        if value is not None and value > date.today().year - self.years:
            return f"{self.field} ({value}) is after {date.today().year - self.years}"
        return None

    def polars_check(self, col: Col, today: date) -> RuleCheck | None:
        f, latest = self.field, today.year - self.years
        return (f, (f,), col(f) > latest, pl.format(f"{f} ({{}}) is after {latest}", _text(col(f))),
                f"a year up to {latest}")

    def sql_check(self) -> str | None:
        return None  # moves with the calendar


@dataclass(frozen=True)
class NotBeforeParent:
    """A date on or after a date of the record it refers to (checked across tables)."""

    field: str
    ref: str
    parent_field: str

    def violated(self, row: dict[str, Any]) -> str | None:
        return None  # needs the referenced record: checked at upload against the database

    def polars_check(self, col: Col, today: date) -> RuleCheck | None:
        return None  # across tables: ingest/refs.py checks it against the referenced rows

    def sql_check(self) -> str | None:
        return None


Rule = NotBefore | RequiredWith | NotInFuture | FutureOnlyWhen | MinYearsAgo | NotBeforeParent

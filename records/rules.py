"""Markers and cross-field rules that the record models declare once.

A rule knows how to check one record (for pydantic), and how to say itself as a SQL CHECK
where it can be one. Rules that depend on today's date or on another table cannot be a CHECK:
they are enforced when an upload is checked, and say so through `sql_check() -> None`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


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

    def sql_check(self) -> str | None:
        return None


Rule = NotBefore | RequiredWith | NotInFuture | FutureOnlyWhen | MinYearsAgo | NotBeforeParent

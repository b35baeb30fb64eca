"""Plausible dates per field, beside the contract's rules (records/models.py): what a real
export can hold. Nothing dated before 1900; nothing that happened (a contact, a discharge, an
interview, an event, a check-in, an attended or missed appointment) dated after the day of the
load. Checked at upload as polars expressions, like the rules (records/rules.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from records.columns import columns
from records.models import RECORD_TYPES
from records.rules import Col, NotInFuture, RuleCheck

EARLIEST = date(1900, 1, 1)
# Dates of things that happened; a planned date (an appointment still scheduled, a hire or a
# leaving announced) may lie ahead.
HAPPENED: dict[str, tuple[str, ...]] = {
    "enrollments": ("discharged_on",),  # enrolled_on: the contract's own rule
    "assessments": ("assessed_on",),
    "events": ("event_on",),
    "wellbeing": ("checkin_on",),
}


@dataclass(frozen=True)
class NotBeforeDay:
    """A date on or after `day` (a year such as 1850 is a typing slip, not a record)."""

    field: str
    day: date = EARLIEST

    def polars_check(self, col: Col, today: date) -> RuleCheck:
        f = self.field
        return (f, (f,), col(f) < pl.lit(self.day),
                pl.format(f"{f} ({{}}) is before {self.day.year}", col(f).cast(pl.String)),
                f"a date from {self.day} on")


@dataclass(frozen=True)
class PastOnlyWhen:
    """`field` may be one of `values` only once `date_field` has come."""

    field: str
    values: tuple[str, ...]
    date_field: str

    def polars_check(self, col: Col, today: date) -> RuleCheck:
        f, d = self.field, self.date_field
        return (f, (f, d), col(f).is_in(self.values) & (col(d) > pl.lit(today)),
                pl.format(f"{f} is '{{}}' but {d} ({{}}) is in the future", col(f),
                          col(d).cast(pl.String)),
                f"{' or '.join(self.values)} only for a {d} up to {today}")


Plausible = NotBeforeDay | NotInFuture | PastOnlyWhen
PAST_ONLY = {"appointments": PastOnlyWhen("status", ("attended", "missed"), "scheduled_on")}


def plausible(table: str) -> tuple[Plausible, ...]:
    """The plausibility rules of one record type."""
    dates = [c.name for c in columns(RECORD_TYPES[table]) if c.kind == "date"]
    found: list[Plausible] = [NotBeforeDay(d) for d in dates]
    found += [NotInFuture(d) for d in HAPPENED.get(table, ())]
    if table in PAST_ONLY:
        found.append(PAST_ONLY[table])
    return tuple(found)


def plausible_checks(table: str, col: Col, today: date) -> list[RuleCheck]:
    return [check for rule in plausible(table)
            if (check := rule.polars_check(col, today)) is not None]

"""The record models' cross-field rules as polars expressions over whole columns.

Each rule of records/rules.py is said once more here, vectorised: `Rule.violated` checks one
record (pydantic), this checks a million at once. tests/ingest/test_crossfield.py holds the two
to the same answers. Rules that need another table (NotBeforeParent) live in refs.py.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from records.models import Record
from records.rules import (
    FutureOnlyWhen,
    MinYearsAgo,
    NotBefore,
    NotBeforeParent,
    NotInFuture,
    RequiredWith,
    Rule,
)

# (column reported, columns that must have cast, bad rows, the message)
RuleCheck = tuple[str, tuple[str, ...], pl.Expr, pl.Expr]


def t(name: str) -> pl.Expr:
    """A column's typed value inside the checks' working frame."""
    return pl.col(f"_t_{name}")


def _text(expr: pl.Expr) -> pl.Expr:
    return expr.cast(pl.String)


def rule_check(rule: Rule, today: date) -> RuleCheck | None:
    """One rule as a check, or None for a rule checked against other tables."""
    match rule:
        case NotBefore(later=a, earlier=b):
            return (a, (a, b), t(a) < t(b),
                    pl.format(f"{a} ({{}}) is before {b} ({{}})", _text(t(a)), _text(t(b))))
        case RequiredWith(field=f, when=w):
            return (f, (f, w), t(f).is_null() != t(w).is_null(),
                    pl.lit(f"{f} is required when {w} is set, and empty otherwise"))
        case NotInFuture(field=f):
            return (f, (f,), t(f) > pl.lit(today),
                    pl.format(f"{f} ({{}}) is in the future (after {today})", _text(t(f))))
        case FutureOnlyWhen(field=f, value=v, date_field=d):
            return (f, (f, d), (t(f) == v) & (t(d) < pl.lit(today)),
                    pl.format(f"{f} is '{v}' but {d} ({{}}) has passed", _text(t(d))))
        case MinYearsAgo(field=f, years=y):
            latest = today.year - y
            return (f, (f,), t(f) > latest, pl.format(f"{f} ({{}}) is after {latest}",
                                                      _text(t(f))))
        case NotBeforeParent():
            return None
    raise TypeError(f"no polars check for the rule {rule!r}: add one to ingest/crossfield.py")


def rule_checks(model: type[Record], today: date) -> list[RuleCheck]:
    return [c for rule in model.rules if (c := rule_check(rule, today)) is not None]

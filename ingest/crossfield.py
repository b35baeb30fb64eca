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

# (column reported, columns that must have cast, bad rows, the problem, what is accepted)
RuleCheck = tuple[str, tuple[str, ...], pl.Expr, pl.Expr, str]


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
                    pl.format(f"{a} ({{}}) is before {b} ({{}})", _text(t(a)), _text(t(b))),
                    f"{a} on or after {b}, or empty")
        case RequiredWith(field=f, when=w):
            return (f, (f, w), t(f).is_null() != t(w).is_null(),
                    pl.lit(f"{f} is required when {w} is set, and empty otherwise"),
                    f"{f} given exactly when {w} is")
        case NotInFuture(field=f):
            return (f, (f,), t(f) > pl.lit(today),
                    pl.format(f"{f} ({{}}) is in the future", _text(t(f))),
                    f"a date up to {today}")
        case FutureOnlyWhen(field=f, value=v, date_field=d):
            return (f, (f, d), (t(f) == v) & (t(d) < pl.lit(today)),
                    pl.format(f"{f} is '{v}' but {d} ({{}}) has passed", _text(t(d))),
                    f"'{v}' only for a {d} from {today} on")
        case MinYearsAgo(field=f, years=y):
            latest = today.year - y
            return (f, (f,), t(f) > latest,
                    pl.format(f"{f} ({{}}) is after {latest}", _text(t(f))),
                    f"a year up to {latest}")
        case NotBeforeParent():
            return None
    raise TypeError(f"no polars check for the rule {rule!r}: add one to ingest/crossfield.py")


def rule_checks(model: type[Record], today: date) -> list[RuleCheck]:
    return [c for rule in model.rules if (c := rule_check(rule, today)) is not None]

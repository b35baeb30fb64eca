"""The record models' cross-field rules as polars checks over whole columns: each rule in
records/rules.py says itself (`polars_check`) beside its one-record `violated` and its SQL
CHECK; here they are gathered for a record type. Rules that need another table
(NotBeforeParent) are checked in refs.py."""

from __future__ import annotations

from datetime import date

import polars as pl

from records.models import Record
from records.plausible import plausible_checks
from records.rules import RuleCheck


def t(name: str) -> pl.Expr:
    """A column's typed value inside the checks' working frame."""
    return pl.col(f"_t_{name}")


def rule_checks(model: type[Record], today: date) -> list[RuleCheck]:
    """The contract's rules, then the plausible dates (records/plausible.py)."""
    return ([c for rule in model.rules if (c := rule.polars_check(t, today)) is not None]
            + plausible_checks(model.table, t, today))

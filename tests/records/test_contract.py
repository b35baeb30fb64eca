"""Every column and rule of docs/DATA_CONTRACT.md is present in the one record definition."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from records.columns import Column, columns
from records.models import RECORD_TYPES
from records.rules import (
    FutureOnlyWhen,
    MinYearsAgo,
    NotBefore,
    NotBeforeParent,
    NotInFuture,
    RequiredWith,
)

DOCS = Path(__file__).parents[2] / "docs"
SHARED = Path(__file__).parents[3] / "shared"


@dataclass
class ContractColumn:
    name: str
    kind: str
    optional: bool
    rule: str
    bounds: dict[str, float] = field(default_factory=dict)


def parse_contract(text: str) -> dict[str, list[ContractColumn]]:
    """The record tables of the contract: {table: [columns in order]}."""
    tables: dict[str, list[ContractColumn]] = {}
    current = None
    for line in text.splitlines():
        if m := re.match(r"### (\w+) — ", line):
            current = tables.setdefault(m.group(1), [])
        elif current is not None and line.startswith("| ") and not line.startswith("| column"):
            name, kind, rule = (cell.strip() for cell in line.strip("|").split("|"))
            current.append(ContractColumn(name.strip("*"), kind, name.startswith("*"), rule))
        elif line.startswith("## "):
            current = None
    return tables


def expected_bounds(col: ContractColumn) -> dict[str, float]:
    if col.kind not in ("integer", "decimal"):
        return {}
    rule = col.rule
    if m := re.search(r"(\d+)\s*<\s*\w+\s*≤\s*(\d+)", rule):
        return {"gt": float(m.group(1)), "le": float(m.group(2))}
    if m := re.search(r"(\d+)\s*≤\s*\w+\s*≤", rule):
        return {"ge": float(m.group(1))}
    if m := re.match(r"(\d+)–(\d+)", rule):
        return {"ge": float(m.group(1)), "le": float(m.group(2))}
    if m := re.match(r"≥ (\d+)", rule):
        return {"ge": float(m.group(1))}
    return {}


def expected_choices(col: ContractColumn) -> tuple[str, ...]:
    if col.kind != "enum":
        return ()
    return tuple(dict.fromkeys(re.findall(r"`([^`]+)`", col.rule.split(";")[0])))


CONTRACT = parse_contract((DOCS / "DATA_CONTRACT.md").read_text(encoding="utf-8"))
PAIRS = [(t, c) for t, cols in CONTRACT.items() for c in cols]


def test_the_contract_names_the_eleven_record_types_in_load_order():
    assert list(CONTRACT) == list(RECORD_TYPES)
    assert len(CONTRACT) == 11


@pytest.mark.parametrize("table", list(CONTRACT))
def test_columns_in_contract_order(table: str):
    assert [c.name for c in columns(RECORD_TYPES[table])] == [c.name for c in CONTRACT[table]]


def _column(table: str, name: str) -> Column:
    return next(c for c in columns(RECORD_TYPES[table]) if c.name == name)


@pytest.mark.parametrize(("table", "spec"), PAIRS, ids=[f"{t}.{c.name}" for t, c in PAIRS])
def test_column_matches_contract(table: str, spec: ContractColumn):
    col = _column(table, spec.name)
    assert col.kind == spec.kind
    assert col.required == (not spec.optional)
    assert col.key == spec.rule.startswith("key")
    ref = re.search(r"→ (\w+)", spec.rule)
    assert col.ref == (ref.group(1) if ref else None)
    assert col.choices == expected_choices(spec)
    bounds = {k: getattr(col, k) for k in ("ge", "gt", "le") if getattr(col, k) is not None}
    assert bounds == expected_bounds(spec)


@pytest.mark.parametrize(("table", "spec"), PAIRS, ids=[f"{t}.{c.name}" for t, c in PAIRS])
def test_cross_field_rules_match_contract(table: str, spec: ContractColumn):
    model = RECORD_TYPES[table]
    own = {c.name for c in columns(model)}
    rules = {r for r in model.rules if getattr(r, "field", getattr(r, "later", None)) == spec.name}
    expected = set()
    if "not in the future" in spec.rule:
        expected.add(NotInFuture(spec.name))
    if m := re.search(r"≥ (?:the enrollment's )?([a-z_]+)", spec.rule):
        other = m.group(1)
        expected.add(NotBefore(spec.name, other) if other in own
                     else NotBeforeParent(spec.name, "enrollments", other))
    if m := re.search(r"current year − (\d+)", spec.rule):
        expected.add(MinYearsAgo(spec.name, int(m.group(1))))
    if m := re.search(r"required when (\w+) is set", spec.rule):
        expected.add(RequiredWith(spec.name, m.group(1)))
    if m := re.search(r"`(\w+)` only for dates not yet past", spec.rule):
        expected.add(FutureOnlyWhen(spec.name, m.group(1), "scheduled_on"))
    assert rules == expected


def test_program_id_pattern_is_the_contracts():
    pattern = re.compile(_column("programs", "program_id").pattern)
    assert pattern.fullmatch("riverbend-ed_2")
    assert pattern.fullmatch("x" * 40)
    for bad in ("x" * 41, "has space", "", "slash/id", "ünï"):
        assert not pattern.fullmatch(bad)


@pytest.mark.skipif(not (SHARED / "DATA_CONTRACT.md").exists(),
                    reason="the shared contract is only beside a developer's checkout")
@pytest.mark.parametrize("doc", ["DATA_CONTRACT.md", "METRICS.md", "MAPPING.md"])
def test_docs_copy_is_the_shared_one(doc: str):
    assert (DOCS / doc).read_text(encoding="utf-8") == (SHARED / doc).read_text(encoding="utf-8")

"""Column specs read off the record models: what the schema, the checks and the generator use."""

from __future__ import annotations

import types
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin

import annotated_types as at
import polars as pl

from records.models import MAX_TEXT_LENGTH, Record
from records.rules import Key, Ref

Kind = Literal["text", "integer", "decimal", "date", "boolean", "enum"]

_KINDS: dict[type, Kind] = {
    str: "text", int: "integer", float: "decimal", date: "date", bool: "boolean",
}
SQL_TYPES: dict[Kind, str] = {
    "text": "VARCHAR", "enum": "VARCHAR", "integer": "INTEGER", "decimal": "DOUBLE",
    "date": "DATE", "boolean": "BOOLEAN",
}
POLARS_TYPES: dict[Kind, pl.DataType] = {
    "text": pl.String(), "enum": pl.String(), "integer": pl.Int32(), "decimal": pl.Float64(),
    "date": pl.Date(), "boolean": pl.Boolean(),
}


@dataclass(frozen=True)
class Column:
    """One column of a record type, with every rule the contract gives it."""

    name: str
    kind: Kind
    required: bool
    key: bool = False
    ref: str | None = None
    choices: tuple[str, ...] = ()
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    default: str | None = None  # what an empty or missing optional cell is stored as

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.kind]

    @property
    def polars_type(self) -> pl.DataType:
        return POLARS_TYPES[self.kind]


def _base_type(annotation: Any) -> tuple[type, bool]:
    """The non-None type of an annotation, and whether None was allowed."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return args[0], True
    return annotation, False


def _column(name: str, info: Any) -> Column:
    base, nullable = _base_type(info.annotation)
    enum = base if isinstance(base, type) and issubclass(base, StrEnum) else None
    bounds: dict[str, Any] = {}
    for meta in info.metadata:
        match meta:
            case at.Ge(ge=v):
                bounds["ge"] = v
            case at.Gt(gt=v):
                bounds["gt"] = v
            case at.Le(le=v):
                bounds["le"] = v
            case at.MinLen(min_length=v):
                bounds["min_length"] = v
            case at.MaxLen(max_length=v):
                bounds["max_length"] = v
            case Key():
                bounds["key"] = True
            case Ref(table=t):
                bounds["ref"] = t
            case _ if getattr(meta, "pattern", None):
                bounds["pattern"] = meta.pattern
    kind: Kind = "enum" if enum else _KINDS[base]
    if kind == "text":
        bounds.setdefault("max_length", MAX_TEXT_LENGTH)
    fallback = info.default if enum and isinstance(info.default, enum) else None
    return Column(
        name=name,
        kind=kind,
        required=info.is_required() and not nullable,
        choices=tuple(m.value for m in enum) if enum else (),
        default=fallback.value if fallback is not None else None,
        **bounds,
    )


@cache
def columns(model: type[Record]) -> tuple[Column, ...]:
    """The columns of a record type, in contract order."""
    return tuple(_column(name, info) for name, info in model.model_fields.items())


def key_column(model: type[Record]) -> Column:
    return next(c for c in columns(model) if c.key)


def polars_schema(model: type[Record]) -> dict[str, pl.DataType]:
    return {c.name: c.polars_type for c in columns(model)}


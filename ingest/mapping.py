"""A source mapping (docs/MAPPING.md): how one source's export files become our record types.

Read from its TOML file into frozen dataclasses. A file that is wrong gets one sentence naming
the key and what it should hold (MappingError), never a traceback: the analyst who wrote it
fixes it from that sentence alone.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

import polars as pl

from ingest.cast import SlashedDates
from ingest.headers import norm
from records.columns import Column, columns
from records.models import RECORD_TYPES

DATE_ORDERS: dict[str, SlashedDates] = {"month_first": "mdy", "day_first": "dmy"}
LOOKUPS = {"program_name": "programs", "display_name": "workers"}  # column -> the table it finds


class MappingError(Exception):
    """The mapping file cannot be used as written; the message says which key and why."""


@dataclass(frozen=True)
class FromHeader:
    """A column of the file; `default` where its cell is empty."""

    header: str
    default: str | None = None


@dataclass(frozen=True)
class Constant:
    value: str


@dataclass(frozen=True)
class MadeKey:
    """A key made from these cells' raw values: the same values give the same key every run."""

    headers: tuple[str, ...]


@dataclass(frozen=True)
class Lookup:
    """The key of the program (by program_name) or worker (by display_name) the cell names."""

    header: str
    by: Literal["program_name", "display_name"]


@dataclass(frozen=True)
class EnrollmentOf:
    """The enrollment of the participant in `participant` open on the day in `on`."""

    participant: str
    on: str


Way = FromHeader | Constant | MadeKey | Lookup | EnrollmentOf


@dataclass(frozen=True)
class RecordMapping:
    """One `[[records]]` entry: a record type, which rows give it, and how to get each column."""

    table: str
    ways: tuple[tuple[str, Way], ...]  # (contract column, how to get it)
    labels: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()  # column -> label, code
    rows: tuple[str, tuple[str, ...]] | None = None  # (header, the values a row may hold)

    def codes(self, column: str) -> dict[str, str] | None:
        """Label (as `label_key` spells it) -> code for `column`, or None if it has none."""
        found = dict(self.labels).get(column)
        return None if found is None else {label_key(k): v for k, v in found}


@dataclass(frozen=True)
class Mapping:
    name: str
    records: tuple[RecordMapping, ...]
    recognise: tuple[str, ...] = ()
    dates: SlashedDates = None
    text: str = field(default="", compare=False)  # the TOML it was read from: saved, archived


def label_text(text: pl.Expr) -> pl.Expr:
    """Cells without case or spacing differences: ` Left  against advice` = `Left Against
    Advice`. Labels and names are matched this way."""
    return text.str.strip_chars().str.to_lowercase().str.replace_all(r"\s+", " ")


def label_key(label: str) -> str:
    """One label as `label_text` spells cells."""
    return str(pl.select(label_text(pl.lit(label))).item())


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise MappingError(f"{where} must be a text in quotes (e.g. \"Client ID\"); it is "
                           f"{value!r}.")
    return value


def _way(spec: Any, where: str) -> Way:
    if isinstance(spec, str):
        return FromHeader(_text(spec, where))
    if not isinstance(spec, dict):
        raise MappingError(f"{where} must be a header in quotes or one of the tables of "
                           "docs/MAPPING.md ({ value = … }, { header = …, default = … }, "
                           "{ header = …, lookup = … }, { key = [...] }, "
                           f"{{ enrollment_of = …, on = … }}); it is {spec!r}.")
    keys = set(spec)
    if keys == {"value"}:
        return Constant(_text(spec["value"], f"{where}'s value"))
    if keys == {"header", "default"}:
        return FromHeader(_text(spec["header"], f"{where}'s header"),
                          _text(spec["default"], f"{where}'s default"))
    if keys == {"header", "lookup"}:
        if spec["lookup"] not in LOOKUPS:
            raise MappingError(f"{where}'s lookup must be one of {', '.join(LOOKUPS)}; it is "
                               f"{spec['lookup']!r}.")
        return Lookup(_text(spec["header"], f"{where}'s header"), spec["lookup"])
    if keys == {"key"}:
        headers = spec["key"]
        if not isinstance(headers, list) or not headers:
            raise MappingError(f"{where}'s key must be a list of headers, e.g. key = "
                               f"[\"Client ID\", \"Date of Service\"]; it is {headers!r}.")
        return MadeKey(tuple(_text(h, f"{where}'s key") for h in headers))
    if keys == {"enrollment_of", "on"}:
        return EnrollmentOf(_text(spec["enrollment_of"], f"{where}'s enrollment_of"),
                            _text(spec["on"], f"{where}'s on"))
    raise MappingError(f"{where} has the keys {', '.join(sorted(keys)) or 'none'}, which is none "
                       "of the ways of docs/MAPPING.md: value; header and default; header and "
                       "lookup; key; enrollment_of and on.")


def _labels(table: str, cols: dict[str, Column], values: Any
            ) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    if not isinstance(values, dict):
        raise MappingError(f"[records.values] of {table} must hold one table per column.")
    found = []
    for column, pairs in values.items():
        where = f"[records.values.{column}] of {table}"
        if column not in cols:
            raise MappingError(f"{where}: {column} is not a column of {table} ("
                               f"{', '.join(cols)}).")
        if not isinstance(pairs, dict):
            raise MappingError(f"{where} must hold lines of \"label\" = \"code\".")
        for label, code in pairs.items():
            _text(code, f"{where}'s code for {label!r}")
            if cols[column].kind == "enum" and code not in cols[column].choices:
                raise MappingError(f"{where} gives {label!r} the code {code!r}, which is not "
                                   f"one of {', '.join(cols[column].choices)}.")
        found.append((column, tuple((str(k), str(v)) for k, v in pairs.items())))
    return tuple(found)


def _rows(spec: Any, table: str) -> tuple[str, tuple[str, ...]] | None:
    """`equals` is one value or a list of them (a REDCap event has a raw name and a label)."""
    if spec is None:
        return None
    if not isinstance(spec, dict) or set(spec) != {"column", "equals"}:
        raise MappingError(f"rows of {table} must be {{ column = \"header\", equals = \"value\""
                           f" }} (or equals = [\"value\", …]); it is {spec!r}.")
    wanted = spec["equals"]
    if isinstance(wanted, list):
        if not wanted:
            raise MappingError(f"rows of {table}: equals is an empty list, so no row would be "
                               "read; give the values a row may hold.")
        return (_text(spec["column"], f"rows of {table}'s column"),
                tuple(str(w) for w in wanted))
    return _text(spec["column"], f"rows of {table}'s column"), (str(wanted),)


def _record(entry: Any, n: int) -> RecordMapping:
    if not isinstance(entry, dict):
        raise MappingError(f"[[records]] number {n} must be a table with a type.")
    table = entry.get("type")
    if table not in RECORD_TYPES:
        raise MappingError(f"[[records]] number {n} has type = {table!r}; it must be one of "
                           f"{', '.join(RECORD_TYPES)}.")
    if extra := set(entry) - {"type", "rows", "columns", "values"}:
        raise MappingError(f"[[records]] of {table} has keys this format does not know: "
                           f"{', '.join(sorted(extra))} (known: type, rows, columns, values).")
    cols = {c.name: c for c in columns(RECORD_TYPES[table])}
    given = entry.get("columns")
    if not isinstance(given, dict) or not given:
        raise MappingError(f"[[records]] of {table} needs [records.columns]: contract column "
                           "= how to get it.")
    if unknown := [c for c in given if c not in cols]:
        raise MappingError(f"[records.columns] of {table} names {', '.join(unknown)}, not a "
                           f"column of {table} ({', '.join(cols)}).")
    ways = tuple((c, _way(spec, f"{table}.{c}")) for c, spec in given.items())
    return RecordMapping(table, ways, _labels(table, cols, entry.get("values", {})),
                         _rows(entry.get("rows"), table))


def parse_mapping(text: str) -> Mapping:
    """A mapping from its TOML text; MappingError names what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise MappingError(f"The mapping is not valid TOML ({error}).") from None
    name = _text(data.get("name"), "name (the source's name, shown with each import)")
    dates = data.get("dates")
    if dates is not None and dates not in DATE_ORDERS:
        raise MappingError(f"dates must be one of {', '.join(DATE_ORDERS)}; it is {dates!r}.")
    recognise = data.get("recognise", [])
    if not isinstance(recognise, list):
        raise MappingError("recognise must be a list of headers, e.g. [\"record_id\"].")
    entries = data.get("records")
    if not isinstance(entries, list) or not entries:
        raise MappingError("The mapping has no [[records]]: add one per record type it gives.")
    return Mapping(name, tuple(_record(e, i + 1) for i, e in enumerate(entries)),
                   tuple(_text(h, "recognise") for h in recognise),
                   DATE_ORDERS[dates] if dates else None, text)


def load_mapping(path: Path) -> Mapping:
    """The mapping in a TOML file; MappingError names the file and what is wrong."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise MappingError(f"The mapping {path} cannot be read ({error}).") from None
    try:
        return parse_mapping(text)
    except MappingError as error:
        raise MappingError(f"The mapping {path}: {error}") from None


class Recognises(Protocol):
    @property
    def recognise(self) -> tuple[str, ...]: ...


R = TypeVar("R", bound=Recognises)  # a Mapping, or a SavedMapping


def recognising(saved: Iterable[R], headers: Iterable[str]) -> R | None:
    """The mapping whose `recognise` headers are all among `headers` (matched as headers are:
    case, spaces and punctuation aside); of several, the one naming the most headers."""
    present = {norm(h) for h in headers if h}
    fits = [m for m in saved if m.recognise and {norm(h) for h in m.recognise} <= present]
    return max(fits, key=lambda m: len(m.recognise), default=None)

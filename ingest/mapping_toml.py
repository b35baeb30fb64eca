"""A source mapping written back as its TOML file (docs/MAPPING.md), so one built or changed on
the Upload page can be saved, downloaded and kept beside the exports, and read by the command
line: `parse_mapping(mapping_text(m)) == m` for every mapping (tests/ingest/test_mapping_toml.py).

Written by hand rather than by a TOML library: the layout is the documented one an analyst
reads and edits (a `[[records]]` block per record type, one line per column), and none ships
with Python (tomllib only reads).
"""

from __future__ import annotations

import re

from ingest.mapping import (
    DATE_ORDERS,
    Constant,
    EnrollmentOf,
    FromHeader,
    Lookup,
    MadeKey,
    Mapping,
    RecordMapping,
    Way,
)

# TOML's short escapes; every other control character is written as \uXXXX.
ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f",
           "\r": "\\r"}
BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def quoted(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped, the rest
    (accents, emoji, any script) as it is, since a TOML file is UTF-8."""
    return '"' + "".join(ESCAPES.get(c) or (f"\\u{ord(c):04X}" if ord(c) < 0x20 or c == "\x7f"
                                            else c) for c in text) + '"'


def _key(name: str) -> str:
    return name if BARE_KEY.match(name) else quoted(name)


def _list(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(map(quoted, items)) + "]"


def way_text(way: Way) -> str:
    """How one column is got, as the right-hand side of its line in [records.columns]."""
    match way:
        case FromHeader(header, None):
            return quoted(header)
        case FromHeader(header, default):
            return f"{{ header = {quoted(header)}, default = {quoted(str(default))} }}"
        case Constant(value):
            return f"{{ value = {quoted(value)} }}"
        case Lookup(header, by):
            return f"{{ header = {quoted(header)}, lookup = {quoted(by)} }}"
        case MadeKey(headers):
            return f"{{ key = {_list(headers)} }}"
        case EnrollmentOf(participant, on):
            return f"{{ enrollment_of = {quoted(participant)}, on = {quoted(on)} }}"
    raise AssertionError(way)  # every Way is matched above


def _record_lines(record: RecordMapping) -> list[str]:
    lines = ["[[records]]", f"type = {quoted(record.table)}"]
    if record.rows is not None:
        column, equals = record.rows  # one value as itself, several as a list
        wanted = quoted(equals[0]) if len(equals) == 1 else _list(equals)
        lines.append(f"rows = {{ column = {quoted(column)}, equals = {wanted} }}")
    width = max((len(_key(c)) for c, _ in record.ways), default=0)
    lines += ["", "[records.columns]"] + [f"{_key(c):<{width}} = {way_text(w)}"
                                          for c, w in record.ways]
    for column, pairs in record.labels:
        width = max((len(quoted(label)) for label, _ in pairs), default=0)
        lines += ["", f"[records.values.{_key(column)}]"] + [
            f"{quoted(label):<{width}} = {quoted(code)}" for label, code in pairs]
    return lines


def mapping_text(mapping: Mapping) -> str:
    """The mapping's TOML file, laid out as docs/MAPPING.md shows it."""
    lines = [f"name = {quoted(mapping.name)}"]
    if mapping.recognise:
        lines.append(f"recognise = {_list(mapping.recognise)}")
    if mapping.dates is not None:
        order = next(k for k, v in DATE_ORDERS.items() if v == mapping.dates)
        lines.append(f"dates = {quoted(order)}")
    for record in mapping.records:
        lines += ["", *_record_lines(record)]
    return "\n".join(lines) + "\n"

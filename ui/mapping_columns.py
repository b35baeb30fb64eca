"""One contract column in the mapping step: how to get it (every way of docs/MAPPING.md, in an
analyst's words, prefilled from the step's start) and the value typed beside the choice (the
value for every row, or the value where the header's cell is empty)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ingest.mapping import Constant, EnrollmentOf, FromHeader, Lookup, MadeKey, Way
from records.columns import Column

CONSTANT = Constant("")  # the choice "the same value in every row": the value is typed beside


def describe(way: Way | None) -> str:
    """A way in an analyst's words, as the column's choices read."""
    match way:
        case None:
            return "Not given"
        case Constant():
            return "The same value in every row (type it →)"
        case FromHeader(header):
            return f"Column “{header}”"
        case Lookup(header, "display_name"):
            return f"The worker named in “{header}”"
        case Lookup(header, _):
            return f"The program named in “{header}”"
        case MadeKey(headers):
            return "A key made from " + ", ".join(f"“{h}”" for h in headers)
        case EnrollmentOf(participant, on):
            return f"The enrollment of participant “{participant}” open on “{on}”"
    return str(way)


def _choices(col: Column, headers: list[str], start: Way | None) -> list[Way | None]:
    ways: list[Way | None] = [None, CONSTANT, *(FromHeader(h) for h in headers)]
    if col.ref in ("workers", "programs"):
        by = "display_name" if col.ref == "workers" else "program_name"
        ways += [Lookup(h, by) for h in headers]  # type: ignore[arg-type]
    bare = FromHeader(start.header) if isinstance(start, FromHeader) else start
    if isinstance(start, Constant):
        bare = CONSTANT
    return ways if bare in ways else [*ways, bare]


def column_way(col: Column, headers: list[str], start: Way | None,
               key: Callable[[str], str]) -> Way | None:
    """One contract column: its way chosen, and the value (or the value where empty) typed."""
    options = _choices(col, headers, start)
    bare = CONSTANT if isinstance(start, Constant) else (
        FromHeader(start.header) if isinstance(start, FromHeader) else start)
    typed = start.value if isinstance(start, Constant) else (
        start.default or "" if isinstance(start, FromHeader) else "")
    name, way, value = st.columns([2, 4, 2], vertical_alignment="center")
    need = "required" if col.required else "optional"
    choices = f": {', '.join(col.choices)}" if col.kind == "enum" else ""
    name.markdown(f"**{col.name}**  \n:gray[{col.kind}, {need}{choices}]")
    chosen = way.selectbox(f"How to get {col.name}", options, index=options.index(bare),
                           format_func=describe, key=key(f"way_{col.name}"),
                           label_visibility="collapsed")
    text = value.text_input(f"Value for {col.name}", typed, key=key(f"value_{col.name}"),
                            placeholder="value" if chosen == CONSTANT else "where empty",
                            label_visibility="collapsed",
                            disabled=not isinstance(chosen, FromHeader | Constant))
    if chosen == CONSTANT:
        return Constant(text.strip()) if text.strip() else None
    if isinstance(chosen, FromHeader):
        return FromHeader(chosen.header, text.strip() or None)
    return chosen

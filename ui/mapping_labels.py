"""The mapping step's labels: for each enum column read from a header, every distinct label of
the file (case and spacing aside) with its count of rows and the code it will load as. A label
with no code is flagged in red: its rows would not load, so the analyst sees it before checking.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
import streamlit as st

from ingest.mapping import FromHeader, RecordMapping, Way, label_key
from ingest.suggest_labels import as_code, suggest_labels
from metrics.text import as_markdown
from records.columns import columns
from records.models import RECORD_TYPES

SHOWN = 40  # labels offered per column: more is not an enum but free text in the wrong column


def _codes(frame: pl.DataFrame, header: str, column: str, table: str,
           start: RecordMapping, key: Callable[[str], str]) -> tuple[tuple[str, str], ...]:
    col = next(c for c in columns(RECORD_TYPES[table]) if c.name == column)
    given = start.codes(column) or {}
    labels = suggest_labels(frame, header, col)
    st.markdown(f"**{column}**: the labels of “{as_markdown(header)}” and the codes they "
                "load as")
    chosen, unmapped = [], []
    for i, found in enumerate(labels[:SHOWN]):
        options = [None, *col.choices]
        code = given.get(label_key(found.label), found.code)
        label, pick = st.columns([3, 2], vertical_alignment="center")
        picked = pick.selectbox(f"Code for {found.label}", options,
                                index=options.index(code) if code in options else 0,
                                format_func=lambda c: c or "No code: its rows will not load",
                                key=key(f"label_{column}_{i}"), label_visibility="collapsed")
        flag = "" if picked else " · :red[**no code**]"
        label.markdown(f"“{as_markdown(found.label)}” · {found.rows:,} "
                       f"row{'s' * (found.rows != 1)}{flag}")
        if picked is None:
            unmapped.append(found)
        elif as_code(found.label) != picked:  # a label the contract reads itself needs none
            chosen.append((found.label, picked))
    seen = {label_key(found.label) for found in labels}
    if kept := [(lab, code) for lab, code in dict(start.labels).get(column, ())
                if label_key(lab) not in seen]:  # a label of other months' files: kept
        chosen += kept
        st.caption("Kept from the mapping, though not in this file: " + ", ".join(
            f"“{as_markdown(lab)}” as {code}" for lab, code in kept) + ".")
    if len(labels) > SHOWN:
        st.caption(f"{len(labels) - SHOWN:,} more labels are not shown: is "
                   f"“{as_markdown(header)}” the column for {column}?")
    if unmapped:
        rows = sum(u.rows for u in unmapped)
        one = len(unmapped) == 1
        st.warning(f"{len(unmapped)} label{'s' * (not one)} of {column} ({rows:,} "
                   f"row{'s' * (rows != 1)}) {'has' if one else 'have'} no code yet. Choose "
                   f"{'one' if one else 'one for each'}, or those rows will not load.",
                   icon=":material/warning:")
    return tuple(chosen)


def label_codes(frame: pl.DataFrame, table: str, ways: dict[str, Way | None],
                start: RecordMapping, key: Callable[[str], str]
                ) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """(column, its (label, code) pairs) for each enum column read from a header; a column
    whose header the step cannot show (one a REDCap dictionary names) keeps the mapping's own
    pairs, never silently none."""
    found = []
    for col in columns(RECORD_TYPES[table]):
        way = ways.get(col.name)
        if col.kind != "enum" or not isinstance(way, FromHeader):
            continue
        if way.header not in frame.columns:
            pairs = dict(start.labels).get(col.name, ())
        else:
            pairs = _codes(frame, way.header, col.name, table, start, key)
        if pairs:
            found.append((col.name, pairs))
    return tuple(found)

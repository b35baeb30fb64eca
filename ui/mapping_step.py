"""The Upload page's mapping step: a file that is not in the contract's shape is mapped once,
column by column, from suggestions (ingest/suggest.py) the analyst confirms or changes, instead
of a wall of "ignored column" and "empty, but required" problems. Every widget is prefilled
from a starting mapping (suggested, saved, or uploaded as TOML); its keys carry that mapping's
fingerprint, so a new start refills them and a rerun keeps what the analyst chose.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import polars as pl
import streamlit as st

from ingest.mapping import (
    Mapping,
    MappingError,
    RecordMapping,
    parse_mapping,
)
from ingest.mapping_preview import preview
from ingest.mapping_toml import mapping_text
from ingest.suggest import Known, suggest_ways, uses
from metrics.text import as_markdown
from records.columns import columns
from records.models import RECORD_TYPES
from ui.mapping_columns import column_way
from ui.mapping_labels import label_codes
from ui.upload_tables import SLASHED

ORDERS = SLASHED  # the page's own words for the orders
PREVIEW_ROWS = 10
FILTER_VALUES = 50  # a rows filter's values offered: an event or a kind, not an id
Key = Callable[[str], str]


def _rows_filter(frame: pl.DataFrame, table: str, start: RecordMapping, key: Key
                 ) -> tuple[str, tuple[str, ...]] | None:
    """Which rows give the record: every row, or those whose column holds one of the values
    chosen (offered from the file, most rows first; others may be typed)."""
    column, equals = st.columns(2)
    kept = [start.rows[0]] if start.rows and start.rows[0] not in frame.columns else []
    offered = [None, *frame.columns, *kept]  # a saved filter's header is kept, if not in file
    on = column.selectbox("Only rows where the column", offered,
                          index=offered.index(start.rows[0]) if start.rows else 0,
                          format_func=lambda h: "Every row" if h is None else f"“{h}”",
                          key=key(f"{table}_rows"))
    given = list(start.rows[1]) if start.rows and start.rows[0] == on else []
    seen = (frame.get_column(on).drop_nulls().value_counts(sort=True).get_column(on)
            .head(FILTER_VALUES).to_list() if on in frame.columns else [])
    values = equals.multiselect("holds one of", list(dict.fromkeys([*given, *seen])),
                                default=given, key=key(f"{table}_equals_{on}"),
                                disabled=on is None, accept_new_options=True)
    return (on, tuple(values)) if on is not None and values else None


def _record(frame: pl.DataFrame, table: str, start: RecordMapping, key: Key) -> RecordMapping:
    """One record type: which rows give it, how to get each column, and its labels' codes."""
    headers = frame.columns
    with st.container(border=True):
        st.markdown(f"#### {table.capitalize()}")
        rows = _rows_filter(frame, table, start, key)
        given, within = dict(start.ways), _within(key, table)
        ways = [(c.name, column_way(c, headers, given.get(c.name), within))
                for c in columns(RECORD_TYPES[table])]
        missing = [c.name for c in columns(RECORD_TYPES[table])
                   if c.required and dict(ways)[c.name] is None]
        if missing:
            st.warning(f"Not given yet: {', '.join(missing)} (required). Choose a column or a "
                       "value for each, or no row can load.", icon=":material/warning:")
        labels = label_codes(frame, table, dict(ways), start, within)
    return RecordMapping(table, tuple((c, w) for c, w in ways if w is not None), labels, rows)


def _within(key: Key, table: str) -> Key:
    return lambda name: key(f"{table}_{name}")


def fingerprint(start: Mapping) -> Key:
    """Widget keys for this start: a new start (suggested, saved, uploaded) refills them."""
    mark = hashlib.sha256(mapping_text(start).encode()).hexdigest()[:10]
    return lambda name: f"mapping_{mark}_{name}"


def _start_of(frame: pl.DataFrame, start: Mapping, table: str, known: Known) -> RecordMapping:
    found = next((r for r in start.records if r.table == table), None)
    if found is not None:
        return found
    ways = suggest_ways(frame, table, known)  # a type the analyst added: its suggestions
    return RecordMapping(table, tuple((c, w) for c, w in ways.items() if w is not None))


def introduce(source: str) -> None:
    """The step's heading, and why it is shown instead of the dry run."""
    st.subheader("Map this source to the data contract")
    st.markdown(f"**{as_markdown(source)}** is not in the contract's shape, and no saved "
                "mapping recognises its headers. Say once how this source's files become "
                "records: each choice below is a suggestion from the file's headers and "
                "values; confirm or change it. Saved, the mapping reads this source's later "
                "files at once.")


def mapping_step(source: str, frame: pl.DataFrame, raw: pl.DataFrame, start: Mapping,
                 known: Known) -> Mapping | None:
    """The step's widgets, prefilled from `start`; the mapping they say (None until it names a
    source and a record type), with a preview of the file's first rows read through it."""
    key = fingerprint(start)
    name = st.text_input("Source name (shown with each import)", start.name, key=key("name"))
    tables = st.multiselect("Record types this file gives", list(RECORD_TYPES),
                            default=[r.table for r in start.records], key=key("tables"))
    order = st.radio("Slashed dates in this source", list(ORDERS), horizontal=True,
                     index=list(ORDERS).index(start.dates), format_func=ORDERS.__getitem__,
                     key=key("dates"))
    records = tuple(_record(frame, t, _start_of(frame, start, t, known), key) for t in tables)
    if not name.strip() or not records or not all(r.ways for r in records):
        st.info("Name the source and choose at least one record type to go on.")
        return None
    used = {h for r in records for _, w in r.ways for h in uses(w)}
    recognise = start.recognise if set(start.recognise) <= set(frame.columns) and \
        start.recognise else tuple(h for h in frame.columns if h in used)
    try:  # through its TOML: the text kept with it is what is saved and archived with imports
        mapping = parse_mapping(mapping_text(Mapping(name.strip(), records, recognise, order)))
    except MappingError as error:
        st.error(as_markdown(str(error)), icon=":material/error:")
        return None
    _preview(mapping, source, raw)
    return mapping


def _preview(mapping: Mapping, source: str, raw: pl.DataFrame) -> None:
    st.markdown(f"##### The first {PREVIEW_ROWS} rows as they will load")
    st.caption("Names of workers and programs, and each service's enrollment, are found in "
               "the database when the file is checked.")
    frames, problems = preview(mapping, source, raw, PREVIEW_ROWS)
    # What stops the mapping reading the file at all; a label with no code is flagged above
    for why in problems if not frames else []:
        st.warning(why, icon=":material/warning:")
    for table, frame in frames:
        st.caption(table)
        st.dataframe(frame, hide_index=True, key=f"mapping_preview_{table}")



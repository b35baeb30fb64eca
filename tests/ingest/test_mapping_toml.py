"""A mapping written back as TOML (ingest/mapping_toml.py) reads as the same mapping: every
example an analyst keeps (tests/ingest/mappings/, sample_data/mappings/), and any mapping at
all, whatever its headers and labels hold (quotes, backslashes, tabs, accents, emoji)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.mapping import (
    DATE_ORDERS,
    LOOKUPS,
    Constant,
    EnrollmentOf,
    FromHeader,
    Lookup,
    MadeKey,
    Mapping,
    RecordMapping,
    parse_mapping,
)
from ingest.mapping_toml import mapping_text, quoted
from records.columns import columns
from records.models import RECORD_TYPES

ROOT = Path(__file__).parents[2]
MAPPINGS = sorted([*(ROOT / "tests" / "ingest" / "mappings").glob("*.toml"),
                   *(ROOT / "sample_data" / "mappings").glob("*.toml")])


@pytest.mark.parametrize("path", MAPPINGS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_example_mapping_reads_the_same_after_writing(path):
    mapping = parse_mapping(path.read_text(encoding="utf-8"))
    text = mapping_text(mapping)
    assert parse_mapping(text) == mapping
    assert mapping_text(parse_mapping(text)) == text  # and writes the same again


def test_the_written_file_is_laid_out_as_the_docs_show_it():
    mapping = parse_mapping((Path(__file__).parent / "mappings" / "service_log.toml")
                            .read_text(encoding="utf-8"))
    text = mapping_text(mapping)
    assert 'contact_id    = { key = ["Client ID", "Date of Service", "Staff Name", ' \
           '"Service Type"] }' in text
    assert 'worker_id     = { header = "Staff Name", lookup = "display_name" }' in text
    assert '[records.values.contact_type]\n"Peer Session"  = "engagement_session"' in text
    assert 'dates = "month_first"' in text


def test_quotes_backslashes_and_control_characters_are_escaped():
    assert quoted('Say "hi" \\ there\t\x00é🙂') == '"Say \\"hi\\" \\\\ there\\t\\u0000é🙂"'


# A header or value: any text with something besides spaces (as parse_mapping asks).
TEXT = st.text(min_size=1, max_size=12).filter(lambda t: bool(t.strip()))
WAYS = st.one_of(
    st.builds(FromHeader, TEXT), st.builds(FromHeader, TEXT, TEXT), st.builds(Constant, TEXT),
    st.builds(Lookup, TEXT, st.sampled_from(list(LOOKUPS))),
    st.builds(MadeKey, st.lists(TEXT, min_size=1, max_size=4).map(tuple)),
    st.builds(EnrollmentOf, TEXT, TEXT))


@st.composite
def records(draw) -> RecordMapping:
    table = draw(st.sampled_from(list(RECORD_TYPES)))
    cols = columns(RECORD_TYPES[table])
    chosen = draw(st.lists(st.sampled_from(cols), min_size=1, unique_by=lambda c: c.name))
    enums = [c for c in chosen if c.kind == "enum"]
    labels = tuple(
        (c.name, tuple(draw(st.dictionaries(st.text(max_size=10), st.sampled_from(c.choices),
                                            max_size=4)).items()))
        for c in draw(st.lists(st.sampled_from(enums), unique_by=lambda c: c.name))
    ) if enums else ()
    rows = draw(st.none() | st.tuples(TEXT, st.lists(st.text(max_size=10), min_size=1,
                                                     max_size=3).map(tuple)))
    return RecordMapping(table, tuple((c.name, draw(WAYS)) for c in chosen), labels, rows)


MAPPINGS_AT_ALL = st.builds(
    Mapping, TEXT, st.lists(records(), min_size=1, max_size=3).map(tuple),
    st.lists(TEXT, max_size=4).map(tuple), st.sampled_from([None, *DATE_ORDERS.values()]))


@settings(max_examples=300, deadline=None)
@given(MAPPINGS_AT_ALL)
def test_any_mapping_reads_the_same_after_writing(mapping):
    assert parse_mapping(mapping_text(mapping)) == mapping

"""Random malformed CSVs thrown at the whole pipeline: no exception escapes, and a rejected
upload changes nothing."""

from __future__ import annotations

import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.load import LoadRefused, load
from tests.ingest.conftest import CONTACTS_HEADER, check, checksums

CELLS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "NA", "-9", "0042", "E1", "W0002", "C1", "2026-01-06", "31/02/2024",
                     "45000", "in person", "=1+1", "<b>x</b>", '"', ",", ";", "\x00", "\ufeff"]),
)
ROWS = st.lists(st.lists(CELLS, min_size=0, max_size=9), max_size=6)
HEADERS = st.one_of(st.just(CONTACTS_HEADER), st.text(max_size=40).map(lambda t: t + "\n"))
ENCODINGS = st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"])


def _csv(header: str, rows: list[list[str]], sep: str) -> str:
    return header.replace(",", sep) + "".join(sep.join(r) + "\n" for r in rows)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=HEADERS, rows=ROWS, sep=st.sampled_from([",", ";", "\t", "|"]),
       encoding=ENCODINGS, name=st.sampled_from(["contacts.csv", "contacts.tsv", "x.csv"]),
       junk=st.binary(max_size=30))
def test_malformed_csvs_never_raise_and_rejections_change_nothing(
        base_db, header, rows, sep, encoding, name, junk):
    data = _csv(header, rows, sep).encode(encoding, errors="replace") + junk
    before = checksums(base_db.con)
    prepared = check(base_db, [(name, data)])
    assert prepared.summary().height <= 1
    if prepared.refusal():
        with contextlib.suppress(LoadRefused):
            load(base_db.con, prepared, "fuzz")
        assert checksums(base_db.con) == before

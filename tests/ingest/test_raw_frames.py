"""What the mapping step reads before it opens: whether each uploaded file already fits the
contract (ingest/raw_frames.py), and a file's first rows read through a mapping
(ingest/mapping_preview.py)."""

from __future__ import annotations

import pytest

from ingest.mapping import parse_mapping
from ingest.mapping_preview import preview
from ingest.raw_frames import fits_contract, raw_frames
from sample_data.foreign import DICTIONARY
from tests.ingest.conftest import CONTACTS_HEADER
from tests.ingest.test_mapping import SERVICE_HEADER, SERVICE_LOG_MAPPING

ROW = "0042,1/13/2026,Ben T.,Peer Session,In Person,45,Harbor Recovery\n"


@pytest.mark.parametrize(("name", "header", "chosen", "fits"), [
    ("contacts.csv", CONTACTS_HEADER, None, True),  # the contract's shape
    ("export.csv", CONTACTS_HEADER, None, True),  # its type is not told, but plain
    ("contacts.csv", SERVICE_HEADER, None, False),  # named so, but a service log
    ("service_log.csv", SERVICE_HEADER, None, False),  # `Client ID` alone: no participants
    ("service_log.csv", SERVICE_HEADER, "participants", True),  # unless chosen so
])
def test_a_file_fits_the_contract_when_its_headers_name_its_required_columns(
        name, header, chosen, fits):
    ((source, raw),) = raw_frames([(name, (header + ROW).encode())])
    assert source == name and fits_contract(source, raw, chosen) is fits


def test_a_redcap_data_dictionary_is_no_export_to_map():
    files = [("redcap_data_dictionary.csv", DICTIONARY.encode()),
             ("log.csv", (SERVICE_HEADER + ROW).encode())]
    assert [source for source, _ in raw_frames(files)] == ["log.csv"]


def test_an_unreadable_file_is_left_to_the_dry_run_to_name():
    assert raw_frames([("notes.csv", b"\x00\x01binary"), ("a.pdf", b"%PDF")]) == []


def test_the_preview_reads_the_first_rows_through_the_mapping():
    ((source, raw),) = raw_frames([("log.csv", (SERVICE_HEADER + ROW * 12).encode())])
    ((table, frame),), problems = preview(parse_mapping(SERVICE_LOG_MAPPING), source, raw, 10)
    assert table == "contacts" and problems == [] and frame.height == 10
    assert frame.columns == ["contact_id", "enrollment_id", "worker_id", "contact_on",
                             "contact_type", "mode", "minutes"]
    # labels as codes, dates as ISO; the name and participant are found when checked
    assert frame.row(0)[1:] == ("0042", "Ben T.", "2026-01-13", "engagement_session",
                                "in_person", "45")


def test_the_preview_says_which_header_the_file_lacks():
    ((source, raw),) = raw_frames([("log.csv", (SERVICE_HEADER.replace("Staff Name", "Worker")
                                                + ROW).encode())])
    frames, problems = preview(parse_mapping(SERVICE_LOG_MAPPING), source, raw)
    assert frames == [] and "reads the header 'Staff Name'" in problems[0]

"""Bad files thrown at `python -m ingest`, as golden bytes: the exit code, the sentence, and the
database's checksum unchanged wherever nothing may load (issue 16)."""

from __future__ import annotations

import io
import zipfile

import duckdb
import pytest

from ingest.__main__ import main
from tests.conftest import scalar
from tests.ingest.conftest import CONTACTS_HEADER, checksums
from tests.ingest.workbooks import workbook

ROW = "C2,E1,W0002,2026-01-13,check_in,phone,15"
PARTICIPANTS = "participant_id,birth_year,gender,primary_substance\n"
HEADER, CELLS = CONTACTS_HEADER.strip().split(","), ROW.split(",")
WORKERS = "worker_id,program_id,display_name,role,supervisor_id,fte,hired_on,left_on\n"
APPOINTMENTS = "appointment_id,enrollment_id,service,scheduled_on,status,peer_referred\n"
PADDING = "".join(f"C{i},E1,W0002,2026-01-13,check_in,phone,15\n" for i in range(10, 300))


def _encrypted_zip() -> bytes:
    """A ZIP whose member is flagged as encrypted (the flag is what a reader sees first)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("contacts.csv", CONTACTS_HEADER + ROW + "\n")
    data = bytearray(buffer.getvalue())
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):  # local header and central directory
        at = data.find(sig)
        flag = at + (6 if sig == b"PK\x03\x04" else 8)
        data[flag] |= 0x1
    return bytes(data)


# (file name, bytes, exit code, a phrase of the message, rows of contacts afterwards)
REFUSED = {
    "CR-only line endings, unknown worker": (
        "contacts.csv", (CONTACTS_HEADER + ROW.replace("W0002", "W0404") + "\n")
        .replace("\n", "\r").encode(), 1, "no such worker"),
    "contacts read as participants": (
        "participant_contacts.csv", (CONTACTS_HEADER + ROW + "\n").encode(), 1,
        "The participants file has no column for participant_id (required)"),
    "a header-only file": (
        "contacts.csv", CONTACTS_HEADER.encode(), 1, "holds no rows: only a header line"),
    "a title line above the header": (
        "contacts.csv", ("Contacts export, October\n" + CONTACTS_HEADER + ROW + "\n").encode(),
        1, "delete the lines above the header"),
    "an encrypted ZIP": ("exports.zip", _encrypted_zip(), 1, "encrypted (password-protected)"),
    "a formula as an id": (
        "contacts.csv", (CONTACTS_HEADER + "\"-2+3+cmd|' /C calc'!A0\"" + ROW[2:] + "\n")
        .encode(), 1, "a spreadsheet formula"),
    "a control character in a name": (
        "participants.csv", (PARTICIPANTS + "".join(f"P{i},1980,male,alcohol\n" for i in range(9))
                             + "P\x1b9,1980,female,opioids\n").encode(), 1,
        "an invisible control character"),
    "an enrollment moved past its stored contact": (
        "enrollments.csv", b"enrollment_id,participant_id,program_id,worker_id,pathway,"
        b"referral_source,enrolled_on,discharged_on,discharge_reason\n"
        b"E1,0042,harbor,W0002,comprehensive,self,2026-02-01,,\n", 1,
        "1 row has problems, so nothing was loaded"),
    "a number in a CSV date column": (
        "contacts.csv", (CONTACTS_HEADER + ROW.replace("2026-01-13", "2025") + "\n").encode(), 1,
        "not a real date"),
    "an attended appointment in 2030": (
        "appointments.csv", (APPOINTMENTS + "A1,E1,medical,2030-01-01,attended,\n").encode(), 1,
        "status is 'attended' but scheduled_on"),
    "a hire in 1850": (
        "workers.csv", (WORKERS + "W9,harbor,Cy,peer_specialist,,1,1850-01-06,\n").encode(), 1,
        "hired_on (1850-01-06) is before 1900"),
    "a 10,000-character id": (
        "contacts.csv", (CONTACTS_HEADER + "C" * 10_000 + ROW[2:] + "\n").encode(), 1,
        "too long (10000 characters)"),
    "a NUL byte after the first 8 KB": (
        "contacts.csv", (CONTACTS_HEADER + PADDING + "C9\x00,E1,W0002,2026-01-13,check_in,"
                         "phone,15\n").encode(), 1, "an invisible control character"),
    "UTF-8 and Windows-1252 mixed": (
        "participants.csv", (PARTICIPANTS + "Zoë,1980,female,opioids\n").encode()
        + "Zoë2,1980,female,opioids\n".encode("cp1252"), 1,
        "mixes two text encodings: line 2 is UTF-8, line 3 Windows-1252"),
    "an XLSX formula with no saved result": (
        "exports.xlsx", workbook({"contacts": [HEADER, [*CELLS[:6], "=10+5"]]}), 1,
        "Cell G2 holds a formula with no saved result"),
}

LOADED = {
    "slashed dates that only fit month first": (
        "contacts.csv", (CONTACTS_HEADER + ROW.replace("2026-01-13", "1/29/2026") + "\n").encode(),
        "Slashed dates in contact_on read as month/day/year"),
    "an XLSX whose hidden sheet is named and not read": (
        "exports.xlsx", workbook({"contacts": [HEADER, CELLS],
                                  "enrollments": [["enrollment_id"], ["E9"]]},
                                 hidden=("enrollments",)),
        "exports.xlsx › enrollments: Sheet not read: it is hidden in the workbook"),
    "blank lines and trailing commas": (
        "contacts.csv", (CONTACTS_HEADER + "\n" + ROW + "\n,,,,,,\n  ,,,,,,\n").encode(),
        "3 blank rows ignored (lines 2, 4, 5)"),
    "CR-only line endings": (
        "contacts.csv", (CONTACTS_HEADER + ROW + "\n").replace("\n", "\r").encode(),
        "Loaded as import 1"),
}


@pytest.fixture
def closed_db(base_db):
    """The base database, closed so the command line can open it; its checksum before."""
    before = checksums(base_db.con)
    base_db.con.close()
    return base_db.path, before


def _after(path) -> tuple[dict, int]:
    con = duckdb.connect(str(path))
    try:
        return checksums(con), scalar(con, "select count(*) from contacts")
    finally:
        con.close()


@pytest.mark.parametrize(("name", "data", "code", "phrase"), REFUSED.values(), ids=REFUSED)
def test_a_bad_file_is_refused_with_a_sentence_and_changes_nothing(
        closed_db, tmp_path, capsys, name, data, code, phrase):
    path, before = closed_db
    (tmp_path / name).write_bytes(data)
    problems = tmp_path / "problems.csv"
    assert main([str(tmp_path / name), "--db", str(path), "--problems", str(problems)]) == code
    said = capsys.readouterr()
    assert phrase in said.out + said.err + problems.read_text(encoding="utf-8-sig")
    assert "Traceback" not in said.out + said.err
    assert _after(path)[0] == before


@pytest.mark.parametrize(("name", "data", "phrase"), LOADED.values(), ids=LOADED)
def test_a_real_export_with_quirks_loads_and_says_what_it_skipped(
        closed_db, tmp_path, capsys, name, data, phrase):
    path, _ = closed_db
    (tmp_path / name).write_bytes(data)
    assert main([str(tmp_path / name), "--db", str(path)]) == 0
    assert phrase in capsys.readouterr().out
    assert _after(path)[1] == 2  # the stored contact and the new one

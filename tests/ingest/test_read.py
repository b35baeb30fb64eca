"""Reading uploads losslessly: encodings, delimiters, headers, file kinds, and refusals."""

from __future__ import annotations

import io
import zipfile

import polars as pl
import pytest

from ingest.headers import table_from_name
from ingest.limits import Limits
from ingest.read import read_upload

HEADER = "participant_id,birth_year,gender,primary_substance\r\n"
ROW = "0042,1980,female,opioids\r\n"


def only_frame(name: str, data: bytes) -> pl.DataFrame:
    reading = read_upload([(name, data)])
    assert not reading.errors, reading.errors
    (part,) = reading.parts
    return part.frame


@pytest.mark.parametrize(("label", "data"), [
    ("utf-8", (HEADER + ROW).encode()),
    ("utf-8 with BOM", b"\xef\xbb\xbf" + (HEADER + ROW).encode()),
    ("utf-16 with BOM", (HEADER + ROW).encode("utf-16")),
    ("utf-16 big-endian", b"\xfe\xff" + (HEADER + ROW).encode("utf-16-be")),
    ("windows-1252", (HEADER + ROW).encode("cp1252")),
    ("semicolon", (HEADER + ROW).replace(",", ";").encode()),
    ("tab", (HEADER + ROW).replace(",", "\t").encode()),
    ("pipe", (HEADER + ROW).replace(",", "|").encode()),
    ("LF line ends", (HEADER + ROW).replace("\r\n", "\n").encode()),
])
def test_every_encoding_and_delimiter_reads_the_same_cells(label, data):
    frame = only_frame("participants.csv", data)
    cells = frame.drop("_source", "_row", "_serials").row(0)
    assert cells == ("0042", "1980", "female", "opioids"), label
    assert frame["_row"].to_list() == [2]  # the spreadsheet line: the header is line 1


def test_windows_1252_text_keeps_its_accents():
    data = "program_id;program_name\r\nsol;Café Señora – Recovery\r\n".encode("cp1252")
    frame = only_frame("programs.csv", data)
    assert frame["program_name"].to_list() == ["Café Señora – Recovery"]


def test_ids_stay_text_with_their_leading_zeros():
    frame = only_frame("participants.csv", (HEADER + "007,,,\r\n0042,,,\r\n").encode())
    assert frame["participant_id"].to_list() == ["007", "0042"]
    assert frame["participant_id"].dtype == pl.String


@pytest.mark.parametrize("header", ["Contact Date", "contact-on", "CONTACT_ON", "contact on"])
def test_headers_ignore_case_spaces_and_punctuation(header):
    frame = only_frame("contacts.csv", f"Contact ID,{header}\nC1,2026-01-05\n".encode())
    assert frame.select("contact_id", "contact_on").row(0) == ("C1", "2026-01-05")


def test_aliases_map_common_export_names_and_unknown_columns_are_reported():
    reading = read_upload([("enrollments.csv",
                            b"enrollment_id,client_id,staff_id,notes\nE1,0042,W1,call back\n")])
    (part,) = reading.parts
    assert part.frame.select("enrollment_id", "participant_id", "worker_id").row(0) == (
        "E1", "0042", "W1")
    assert "notes" not in part.frame.columns
    assert reading.notes == [("enrollments.csv",
                              "Columns ignored (not in the enrollments record): 'notes'.")]


@pytest.mark.parametrize(("name", "table"), [
    ("contacts.csv", "contacts"), ("Contacts 2026-10.xlsx", "contacts"),
    ("CONTACT_export.tsv", "contacts"), ("wellbeing-q3.csv", "wellbeing"),
    ("workers.parquet", "workers"), ("export.csv", None), ("people.csv", None),
])
def test_the_record_type_comes_from_the_name(name, table):
    assert table_from_name(name) == table


def test_a_chosen_type_reads_a_file_whose_name_does_not_say():
    reading = read_upload([("export.csv", (HEADER + ROW).encode())], chosen="participants")
    assert [p.table for p in reading.parts] == ["participants"]
    refused = read_upload([("export.csv", (HEADER + ROW).encode())])
    assert "cannot be told from the name 'export.csv'" in refused.errors[0][1]


def test_workbooks_parquet_and_zips_read_like_csv(tmp_path):
    frame = pl.DataFrame({"participant_id": ["0042"], "birth_year": ["1980"]})
    book, parquet, archive = io.BytesIO(), io.BytesIO(), io.BytesIO()
    frame.write_excel(book, worksheet="participants")
    frame.write_parquet(parquet)
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("export/participants.csv", HEADER + ROW)
        z.writestr("__MACOSX/._participants.csv", "junk")
    for name, data in (("book.xlsx", book.getvalue()), ("participants.parquet",
                       parquet.getvalue()), ("export.zip", archive.getvalue())):
        got = only_frame(name, data)
        assert got.select("participant_id", "birth_year").row(0) == ("0042", "1980"), name


@pytest.mark.parametrize(("name", "data", "says"), [
    ("contacts.csv", b"", "is empty"),
    ("contacts.csv", b"  \r\n", "is empty"),
    ("contacts.pdf", b"%PDF-1.4 ...", ".pdf is not a type of file this reads"),
    ("contacts.csv", bytes(range(256)) * 8, "not a text file"),
    ("contacts.xlsx", b"PK\x03\x04 not really a workbook", "is not a readable XLSX file"),
    ("contacts.zip", b"not a zip", "is not a readable ZIP file"),
    ("contacts.csv", b"a,b\n1,2,3\n", "line 2 has 3 values but the header has 2"),
])
def test_unreadable_files_get_a_sentence(name, data, says):
    reading = read_upload([(name, data)])
    assert not reading.parts
    assert says in reading.errors[0][1]


def test_a_file_over_the_limit_is_refused_before_it_is_parsed():
    reading = read_upload([("contacts.csv", b"x" * (Limits().bytes + 1))])
    assert "larger than 200 MB, the upload limit (setting PEERDASH_UPLOAD_MAX_MB)" in (
        reading.errors[0][1])

"""XLSX workbooks: each sheet's XML streamed once before it is parsed, counting its bytes, rows
and cells against the upload's limits, finding formula cells with no saved result, and which
sheets are hidden; then the sheets to read, every cell as text."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

import fastexcel
import polars as pl

from ingest.limits import Budget, Unreadable

CHUNK = 1 << 20
_SHEET = re.compile(rb"<sheet\b[^>]*>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_TARGET = re.compile(rb"<Relationship\b[^>]*>")
# A formula cell whose value is missing or empty: Excel never calculated it.
_UNCALCULATED = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*>\s*<f\b[^>]*(?:/>|>[^<]*</f>)'
                           rb"\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>")
_FORMULA = re.compile(rb"<f\b")


@dataclass
class Sheet:
    name: str
    hidden: bool
    path: str
    uncalculated: list[str] = field(default_factory=list)  # cells such as B5
    formulas: bool = False


def _small(archive: zipfile.ZipFile, name: str, budget: Budget) -> bytes:
    """A small part of the package (the workbook, its relations), read within the limit."""
    with archive.open(name) as part:
        data = part.read(budget.room() + 1)
    budget.spend(bytes=len(data))
    return data


def _sheets(archive: zipfile.ZipFile, budget: Budget) -> list[Sheet]:
    rels = {}
    for tag in _TARGET.findall(_small(archive, "xl/_rels/workbook.xml.rels", budget)):
        attrs = dict(_ATTR.findall(tag))
        target = attrs.get(b"Target", b"").decode("utf-8", "replace").lstrip("/")
        rels[attrs.get(b"Id")] = target if target.startswith("xl/") else f"xl/{target}"
    sheets = []
    for tag in _SHEET.findall(_small(archive, "xl/workbook.xml", budget)):
        attrs = dict(_ATTR.findall(tag))
        sheets.append(Sheet(attrs.get(b"name", b"").decode("utf-8", "replace"),
                            attrs.get(b"state", b"visible") != b"visible",
                            rels.get(attrs.get(b"r:id"), "")))
    return sheets


def _stream(archive: zipfile.ZipFile, sheet: Sheet, budget: Budget) -> None:
    """Count the sheet's bytes, rows and cells as it unpacks; stop at a limit."""
    tail, found = b"", set[str]()  # the cells whose formulas have no saved result
    with archive.open(sheet.path) as xml:
        while chunk := xml.read(CHUNK):
            budget.spend(bytes=len(chunk), rows=chunk.count(b"<row"),
                         cells=chunk.count(b"<c ") + chunk.count(b"<c>"))
            window = tail + chunk
            sheet.formulas = sheet.formulas or bool(_FORMULA.search(window))
            found.update(m.decode() for m in _UNCALCULATED.findall(window))
            tail = window[-4096:]
    sheet.uncalculated = sorted(found, key=lambda ref: (len(ref), ref))


def scan(data: bytes, budget: Budget) -> list[Sheet]:
    """The workbook's sheets, each streamed and measured; refuses an encrypted workbook."""
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise Unreadable("it is encrypted (password-protected) or an old .xls workbook. Save "
                         "it again as an .xlsx workbook without a password.")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = _sheets(archive, budget)
        for sheet in sheets:
            if sheet.path in archive.namelist():
                _stream(archive, sheet, budget)
        if "xl/sharedStrings.xml" in archive.namelist():
            with archive.open("xl/sharedStrings.xml") as strings:
                while chunk := strings.read(CHUNK):
                    budget.spend(bytes=len(chunk))
    return sheets


def recalculated_on_open(data: bytes) -> bool:
    """Whether the writer left its formulas for Excel to calculate (the saved 0s mean
    nothing)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("xl/workbook.xml") as book:
        return b'fullCalcOnLoad="1"' in book.read(1 << 20)


def read_sheet(reader: fastexcel.ExcelReader, name: str) -> pl.DataFrame:
    """One sheet, every cell as text, the header as the first row."""
    return reader.load_sheet(name, header_row=None, dtypes="string").to_polars()

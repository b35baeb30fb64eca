"""Blank export templates, generated from the record definitions: a CSV per record type, and
one workbook with a sheet per type and a sheet that says what every column accepts."""

from __future__ import annotations

import io
import zipfile
from functools import cache

import xlsxwriter

from ingest.cast import accepted
from records.columns import columns
from records.models import RECORD_TYPES


def template_csv(table: str) -> bytes:
    """The header line of one record type, in contract order."""
    return (",".join(c.name for c in columns(RECORD_TYPES[table])) + "\r\n").encode("utf-8")


@cache  # the same bytes every time: built once, not on every rerun of the upload page
def templates_zip() -> bytes:
    """Every blank CSV in one ZIP."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in RECORD_TYPES:
            archive.writestr(f"{table}.csv", template_csv(table))
    return out.getvalue()


def _column_notes(sheet, bold, table: str) -> None:
    for i, col in enumerate(columns(RECORD_TYPES[table])):
        sheet.write_string(0, i, col.name, bold)
        note = accepted(col) + (f"; refers to {col.ref}" if col.ref else "")
        sheet.write_comment(0, i, note, {"x_scale": 2})
        sheet.set_column(i, i, max(12, len(col.name) + 2), sheet.text_format)


@cache
def template_workbook() -> bytes:
    """A workbook with one blank sheet per record type (text cells, so ids keep their zeros)
    and a `columns` sheet listing what each column accepts."""
    out = io.BytesIO()
    with xlsxwriter.Workbook(out, {"in_memory": True}) as book:
        bold, text = book.add_format({"bold": True}), book.add_format({"num_format": "@"})
        for table in RECORD_TYPES:
            sheet = book.add_worksheet(table)
            sheet.text_format = text
            _column_notes(sheet, bold, table)
            sheet.freeze_panes(1, 0)
        about = book.add_worksheet("columns")
        for i, header in enumerate(("record type", "column", "accepts", "refers to")):
            about.write_string(0, i, header, bold)
        row = 1
        for table, model in RECORD_TYPES.items():
            for col in columns(model):
                about.write_row(row, 0, (table, col.name, accepted(col), col.ref or ""))
                row += 1
        about.set_column(0, 1, 20)
        about.set_column(2, 2, 90)
    return out.getvalue()

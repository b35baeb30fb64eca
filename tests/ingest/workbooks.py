"""XLSX workbooks written byte by byte, as other programs write them: a formula with no saved
result (openpyxl), a hidden sheet, a sheet of a million rows that packs into a few KB."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator

TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
         'package/2006/content-types"><Default Extension="rels" ContentType="application/'
         'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
         '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
         'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{sheets}</Types>')
SHEET_TYPE = ('<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
              'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
             'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
             '//schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
             'Target="xl/workbook.xml"/></Relationships>')
NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://'
      'schemas.openxmlformats.org/officeDocument/2006/relationships"')


def _cell(ref: str, value: str) -> str:
    if value.startswith("="):  # a formula with no saved result, as openpyxl writes it
        return f'<c r="{ref}"><f>{value[1:]}</f></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def sheet_rows(rows: Iterable[list[str]]) -> Iterator[str]:
    for i, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{chr(65 + j)}{i}", v) for j, v in enumerate(row))
        yield f'<row r="{i}">{cells}</row>'


def workbook(sheets: dict[str, Iterable[list[str]]], hidden: tuple[str, ...] = (),
             repeat: int = 1) -> bytes:
    """A workbook of sheets (name -> rows of text cells; '=...' a formula with no value); the
    last row of each sheet written `repeat` times (a bomb packs a million rows in a few KB)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        names = list(sheets)
        book.writestr("[Content_Types].xml", TYPES.format(sheets="".join(
            SHEET_TYPE.format(i=i) for i in range(1, len(names) + 1))))
        book.writestr("_rels/.rels", ROOT_RELS)
        state = ' state="hidden"'
        entries = "".join(f'<sheet name="{n}" sheetId="{i}"{state * (n in hidden)} r:id="rId{i}"/>'
                          for i, n in enumerate(names, start=1))
        book.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS}>'
                                         f"<sheets>{entries}</sheets></workbook>")
        rels = "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/'
                       'officeDocument/2006/relationships/worksheet" Target="worksheets/'
                       f'sheet{i}.xml"/>' for i in range(1, len(names) + 1))
        book.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?>'
                      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                      f'relationships">{rels}</Relationships>')
        for i, name in enumerate(names, start=1):
            with book.open(f"xl/worksheets/sheet{i}.xml", "w") as xml:
                xml.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>'
                          .encode())
                rows = [row.encode() for row in sheet_rows(sheets[name])]
                for row in rows[:-1]:
                    xml.write(row)
                for _ in range(repeat // 10_000):
                    xml.write(rows[-1] * 10_000)
                xml.write(rows[-1] * (repeat % 10_000))
                xml.write(b"</sheetData></worksheet>")
    return buffer.getvalue()

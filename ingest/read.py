"""Uploaded bytes -> one text frame per record type and source, and every file-level problem.

Nothing is inferred: every cell stays text until the checks cast it. Each frame carries
`_source` (file, or file › sheet) and `_row` (the spreadsheet line, the header being line 1).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

import fastexcel
import polars as pl
import pyarrow.parquet as pq

from ingest.headers import table_from_name
from ingest.limits import MB, Budget, Limits, Unreadable
from ingest.mapped import add_mapped
from ingest.mapping import Mapping, recognising
from ingest.parts import Reading, add_part
from ingest.redcap import combine, is_dictionary, read_dictionary
from ingest.text import read_delimited
from ingest.xlsx import Sheet, read_sheet, recalculated_on_open, scan
from records.models import RECORD_TYPES

TEXT_SUFFIXES = {".csv": None, ".txt": None, ".tsv": "\t", ".tab": "\t"}
SUFFIXES = (*TEXT_SUFFIXES, ".xlsx", ".parquet", ".zip")
_IGNORED = f"Sheet ignored: its name is not a record type ({', '.join(RECORD_TYPES)})."


def _which_table(name: str, chosen: str | None) -> str | None:
    return chosen or table_from_name(name)


def _mapping_of(reading: Reading, source: str, raw: pl.DataFrame) -> Mapping | None:
    """The mapping this file is read through: the one given for the upload, else a saved one
    whose `recognise` headers the file has (named in the reading's notes)."""
    if reading.mapping is not None or not reading.saved or raw.height == 0:
        return reading.mapping
    found = recognising(reading.saved, ["" if h is None else str(h) for h in raw.row(0)])
    if found is not None:
        reading.notes.append((source, f"Read through the saved mapping {found.name!r}: the "
                              "file has its headers " + ", ".join(map(repr, found.recognise))
                              + "."))
    return found


def _add(reading: Reading, source: str, table: str | None, raw: pl.DataFrame,
         first_row: int, serials: bool = False) -> bool:
    """The file's rows as parts: through a source mapping when it has one (which says their
    record types), else by its matched headers as the record type `table`. False when it has
    neither (nothing is added)."""
    if (mapping := _mapping_of(reading, source, raw)) is not None:
        add_mapped(reading, source, raw, first_row, mapping, serials)
    elif table is not None:
        add_part(reading, source, table, raw, first_row, serials)
    return mapping is not None or table is not None


def _add_or_say(reading: Reading, name: str, source: str, raw: pl.DataFrame,
                chosen: str | None) -> None:
    """A one-type file's rows, or a sentence saying its record type cannot be told."""
    if not _add(reading, source, _which_table(name, chosen), raw, 2):
        reading.errors.append((source, "The record type cannot be told from the name "
                                       f"{source!r}. Name it after the type (e.g. contacts.csv) "
                                       f"or choose one of: {', '.join(RECORD_TYPES)}."))


def _read_text(reading: Reading, name: str, source: str, data: bytes,
               chosen: str | None) -> None:
    raw, _ = read_delimited(data, TEXT_SUFFIXES[PurePath(name).suffix.lower()], reading.budget)
    _add_or_say(reading, name, source, raw, chosen)


def _sheet_refusal(sheet: Sheet, recalculated: bool) -> str | None:
    if sheet.uncalculated:
        cells = ", ".join(sheet.uncalculated[:5]) + (
            f" and {len(sheet.uncalculated) - 5:,} more" if len(sheet.uncalculated) > 5 else "")
        one = len(sheet.uncalculated) == 1
        return (f"Cell{'s' * (not one)} {cells} hold{'s' * one} a formula with no "
                "saved result. Open the workbook in Excel, let it calculate, save it and "
                "upload it again (or paste the values).")
    if sheet.formulas and recalculated:
        return ("Its formulas were never calculated (the program that wrote it left that to "
                "Excel). Open the workbook in Excel, save it and upload it again.")
    return None


def _read_xlsx(reading: Reading, name: str, source: str, data: bytes,
               chosen: str | None) -> None:
    sheets = scan(data, reading.budget)
    recalculated, reader = recalculated_on_open(data), fastexcel.read_excel(data)
    for sheet in sheets:
        where = f"{source} › {sheet.name}"
        table = table_from_name(sheet.name) or (
            _which_table(name, chosen) if len(sheets) == 1 else None)
        maybe_mapped = reading.mapping is not None or bool(reading.saved)
        if table is None and not maybe_mapped:
            reading.notes.append((where, _IGNORED))
        elif sheet.hidden and not reading.hidden_sheets:
            reading.notes.append((where, "Sheet not read: it is hidden in the workbook. To load "
                                  "it, choose to read hidden sheets (on the Upload page, or "
                                  "--hidden-sheets on the command line)."))
        elif why := _sheet_refusal(sheet, recalculated):
            reading.errors.append((where, why))
        elif not _add(reading, where, table, read_sheet(reader, sheet.name), 2, serials=True):
            reading.notes.append((where, _IGNORED))


def _read_parquet(reading: Reading, name: str, source: str, data: bytes,
                  chosen: str | None) -> None:
    meta = pq.ParquetFile(io.BytesIO(data)).metadata  # counted before a row is unpacked
    reading.budget.spend(rows=meta.num_rows, cells=meta.num_rows * meta.num_columns)
    frame = pl.read_parquet(io.BytesIO(data), n_rows=reading.budget.limits.rows + 1)
    header = pl.DataFrame([pl.Series(c, [c], pl.String) for c in frame.columns])
    text = frame.select(pl.all().cast(pl.String))
    reading.budget.spend(bytes=int(text.estimated_size()))
    _add_or_say(reading, name, source, pl.concat([header, text]), chosen)


def _read_zip(reading: Reading, name: str, data: bytes, chosen: str | None) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [m for m in archive.infolist() if not m.is_dir()
                   and not PurePath(m.filename).name.startswith((".", "__MACOSX"))
                   and "__MACOSX" not in m.filename]
        limit = reading.budget.limits.bytes
        if sum(m.file_size for m in members) > limit:  # a zip bomb, or just too big
            reading.errors.append((name, f"The ZIP holds more than {limit // MB:,} MB once "
                                   "unpacked, the upload limit (setting PEERDASH_UPLOAD_MAX_MB). "
                                   "Split it into smaller ZIPs and upload those."))
            return
        if not members:
            reading.errors.append((name, "The ZIP holds no files."))
        for member in members:
            inner = f"{name} › {member.filename}"
            if member.flag_bits & 0x1:
                reading.errors.append((inner, "It is encrypted (password-protected), so it "
                                       "cannot be read. Save the ZIP again without a password, "
                                       "or upload the files themselves."))
                continue
            if member.filename.lower().endswith(".zip"):
                reading.errors.append((inner, "A ZIP inside a ZIP is not read; unpack it."))
                continue
            with archive.open(member) as unpacking:  # its header's size may lie: count
                content = unpacking.read(reading.budget.room() + 1)
            if len(content) > reading.budget.room():
                reading.budget.spend(bytes=len(content))  # refuses, naming the limit
            read_file(reading, PurePath(member.filename).name, content, None, label=inner)


def read_file(reading: Reading, name: str, data: bytes, chosen: str | None = None,
              label: str | None = None) -> None:
    """Add one uploaded file's frames and problems to `reading`; `label` names a file inside
    a ZIP (`exports.zip › contacts.csv`)."""
    source, suffix = label or name, PurePath(name).suffix.lower()
    try:
        if not data:
            raise Unreadable("it is empty.")
        if len(data) > reading.budget.limits.bytes:
            raise Unreadable(f"it is larger than {reading.budget.limits.bytes // MB:,} MB, the "
                             "upload limit (setting PEERDASH_UPLOAD_MAX_MB). Split it into "
                             "smaller files and upload those.")
        if suffix not in SUFFIXES:
            raise Unreadable(f"{suffix or 'no extension'} is not a type of file this reads; "
                             "upload CSV, TSV, XLSX, Parquet, or a ZIP of them.")
        if suffix == ".zip" and label is None:
            _read_zip(reading, name, data, chosen)
        elif suffix == ".xlsx":
            _read_xlsx(reading, name, source, data, chosen)
        elif suffix == ".parquet":
            _read_parquet(reading, name, source, data, chosen)
        elif suffix != ".zip":
            _read_text(reading, name, source, data, chosen)
    except Unreadable as error:
        reading.errors.append((source, f"{PurePath(name).name} cannot be read: {error}"))
    except Exception as error:  # parsers of foreign formats raise kinds of their own
        kind = suffix.lstrip(".").upper() or "file"
        first = (str(error).splitlines() or [type(error).__name__])[0][:200]
        reading.errors.append((source, f"{PurePath(name).name} is not a readable {kind} file "
                                       f"({first})."))


def read_upload(files: list[tuple[str, bytes]], chosen: str | None = None,
                limits: Limits | None = None, hidden_sheets: bool = False,
                mapping: Mapping | None = None, saved: tuple[Mapping, ...] = ()) -> Reading:
    """Read every uploaded file; a chosen record type applies to files that hold one type,
    a source mapping to every file, and a saved mapping to each file it recognises."""
    reading = Reading(budget=Budget(limits or Limits()), hidden_sheets=hidden_sheets,
                      mapping=mapping, saved=saved)
    if not files:
        reading.errors.append(("upload", "No file was uploaded."))
    for name, data in _take_dictionaries(reading, files):
        read_file(reading, name, data, chosen)
    return reading


def _take_dictionaries(reading: Reading, files: list[tuple[str, bytes]]
                       ) -> list[tuple[str, bytes]]:
    """The files that are not a REDCap data dictionary; those that are are read first (every
    export of the upload is read through them) and named in the notes."""
    rest = []
    for name, data in files:
        if PurePath(name).suffix.lower() not in TEXT_SUFFIXES or not is_dictionary(data):
            rest.append((name, data))
            continue
        try:
            book = read_dictionary(name, data, reading.budget)
        except Unreadable as error:
            reading.errors.append((name, f"{PurePath(name).name} cannot be read: {error}"))
            continue
        reading.dictionary = combine(reading.dictionary, book)
        use = ("its choices read raw codes as their labels in the files read through a "
               "source mapping" if reading.mapping or reading.saved else
               "it is used only when the files are read through a source mapping, so it "
               "changed nothing")
        reading.notes.append((name, f"Read as a REDCap data dictionary ({book.fields.height:,} "
                                    f"fields, {book.choices['field'].n_unique():,} with choices), "
                                    f"not as records: {use}."))
    return rest

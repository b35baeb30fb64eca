"""Uploaded bytes -> one text frame per record type and source, and every file-level problem.

Nothing is inferred: every cell stays text until the checks cast it. Each frame carries
`_source` (file, or file › sheet) and `_row` (the spreadsheet line, the header being line 1).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

import polars as pl

from ingest.headers import match_headers, table_from_name
from ingest.text import Unreadable, read_delimited
from records.models import RECORD_TYPES

# Streamlit's default upload limit (server.maxUploadSize); a million contacts are 57 MB.
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
TEXT_SUFFIXES = {".csv": None, ".txt": None, ".tsv": "\t", ".tab": "\t"}
SUFFIXES = (*TEXT_SUFFIXES, ".xlsx", ".parquet", ".zip")


@dataclass
class Part:
    """The rows of one record type from one file or sheet, every cell text."""

    source: str
    table: str
    frame: pl.DataFrame
    headers: tuple[str, ...] = ()  # the header line as found, for a refusal to quote


@dataclass
class Reading:
    parts: list[Part] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (source, sentence): blocking
    notes: list[tuple[str, str]] = field(default_factory=list)  # (source, sentence): reported


def _blank_rows(raw: pl.DataFrame) -> pl.Series:
    """Rows whose every cell is empty or spaces (blank lines, trailing `,,,,` rows)."""
    return raw.select(pl.all_horizontal(
        pl.col(c).cast(pl.String).str.strip_chars().fill_null("") == "" for c in raw.columns)
    ).to_series()


def _lines(rows: pl.Series) -> str:
    shown = ", ".join(str(r) for r in rows.head(5).to_list())
    return shown + (f" and {rows.len() - 5:,} more" if rows.len() > 5 else "")


def _frame(reading: Reading, source: str, table: str, raw: pl.DataFrame, first_row: int) -> None:
    """Name the columns from the header row (raw row 0) and keep the contract's ones; blank
    rows are dropped and counted (their line numbers are kept by the others)."""
    if raw.height == 0 or raw.width == 0:
        reading.errors.append((source, "The file is empty: it has no header line."))
        return
    headers = [h if h is None else str(h) for h in raw.row(0)]
    matched, unknown, twice = match_headers(table, headers)
    if unknown:
        reading.notes.append((source, f"Columns ignored (not in the {table} record): "
                                      + ", ".join(repr(u) for u in unknown) + "."))
    if twice:
        reading.errors.append((source, "More than one column means the same field: "
                                       + ", ".join(repr(t) for t in twice) + "."))
    data = raw.slice(1)
    body = data.select([pl.col(raw.columns[i]).cast(pl.String).alias(name)
                        for i, name in matched.items()])
    body = body.with_columns(_source=pl.lit(source),
                             _row=pl.int_range(first_row, first_row + body.height,
                                               dtype=pl.Int64))
    blank = _blank_rows(data)
    if (n := blank.sum()) > 0:
        s = "s" * (n != 1)
        reading.notes.append((source, f"{n:,} blank row{s} ignored (line{s} "
                                      f"{_lines(body.filter(blank)['_row'])})."))
        body = body.filter(blank.not_())
    reading.parts.append(Part(source, table, body, tuple(h or "" for h in headers)))


def _which_table(name: str, chosen: str | None) -> str | None:
    return chosen or table_from_name(name)


def _table_or_say(reading: Reading, name: str, source: str, chosen: str | None) -> str | None:
    """The record type of a one-type file, or None after saying it cannot be told."""
    table = _which_table(name, chosen)
    if table is None:
        reading.errors.append((source, "The record type cannot be told from the name "
                                       f"{source!r}. Name it after the type (e.g. contacts.csv) "
                                       f"or choose one of: {', '.join(RECORD_TYPES)}."))
    return table


def _read_text(reading: Reading, name: str, source: str, data: bytes,
               chosen: str | None) -> None:
    if (table := _table_or_say(reading, name, source, chosen)) is None:
        return
    raw, _ = read_delimited(data, TEXT_SUFFIXES[PurePath(name).suffix.lower()])
    _frame(reading, source, table, raw, 2)


def _read_xlsx(reading: Reading, name: str, source: str, data: bytes,
               chosen: str | None) -> None:
    sheets = pl.read_excel(io.BytesIO(data), sheet_id=0, infer_schema_length=0,
                           has_header=False)
    for sheet, raw in sheets.items():
        table = table_from_name(sheet) or (_which_table(name, chosen)
                                           if len(sheets) == 1 else None)
        if table is None:
            reading.notes.append((f"{source} › {sheet}", "Sheet ignored: its name is not a "
                                  f"record type ({', '.join(RECORD_TYPES)})."))
            continue
        _frame(reading, f"{source} › {sheet}", table, raw, 2)


def _read_parquet(reading: Reading, name: str, source: str, data: bytes,
                  chosen: str | None) -> None:
    if (table := _table_or_say(reading, name, source, chosen)) is None:
        return
    frame = pl.read_parquet(io.BytesIO(data))
    header = pl.DataFrame([pl.Series(c, [c], pl.String) for c in frame.columns])
    text = frame.select(pl.all().cast(pl.String))
    _frame(reading, source, table, pl.concat([header, text]), 2)


def _read_zip(reading: Reading, name: str, data: bytes, chosen: str | None) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [m for m in archive.infolist() if not m.is_dir()
                   and not PurePath(m.filename).name.startswith((".", "__MACOSX"))
                   and "__MACOSX" not in m.filename]
        if sum(m.file_size for m in members) > MAX_UPLOAD_BYTES:  # a zip bomb, or just too big
            reading.errors.append((name, "The ZIP holds more than "
                                   f"{MAX_UPLOAD_BYTES // 2**20} MB once unpacked."))
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
            read_file(reading, PurePath(member.filename).name, archive.read(member), None,
                      label=inner)


def read_file(reading: Reading, name: str, data: bytes, chosen: str | None = None,
              label: str | None = None) -> None:
    """Add one uploaded file's frames and problems to `reading`; `label` names a file inside
    a ZIP (`exports.zip › contacts.csv`)."""
    source, suffix = label or name, PurePath(name).suffix.lower()
    try:
        if not data:
            raise Unreadable("it is empty.")
        if len(data) > MAX_UPLOAD_BYTES:
            raise Unreadable(f"it is larger than {MAX_UPLOAD_BYTES // 2**20} MB. Split it "
                             "into smaller files and upload those.")
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


def read_upload(files: list[tuple[str, bytes]], chosen: str | None = None) -> Reading:
    """Read every uploaded file; a chosen record type applies to files that hold one type."""
    reading = Reading()
    if not files:
        reading.errors.append(("upload", "No file was uploaded."))
    for name, data in files:
        read_file(reading, name, data, chosen)
    return reading

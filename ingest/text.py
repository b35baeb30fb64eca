"""Delimited text files: decode any accepted encoding, sniff the delimiter, read every cell as
text (so `0042` stays `0042`)."""

from __future__ import annotations

import codecs
import csv
import io
import re

import numpy as np
import polars as pl

from ingest.limits import MAX_CELL_BYTES, Budget, Unreadable, cell_too_long

DELIMITERS = (",", ";", "\t", "|")
SNIFF_CHARS = 8192  # enough of the start of a file to tell its encoding and delimiter
# A text export has tabs and line breaks, not other control characters; more than this share
# of them means the file is binary (an image, a PDF, a database) whatever its name says.
CONTROL_SHARE = 0.01


def decode(data: bytes) -> tuple[bytes, str]:
    """The file as UTF-8 bytes, and the name of the encoding it arrived in."""
    if data.startswith(codecs.BOM_UTF8):
        body, encoding = data[len(codecs.BOM_UTF8):], "UTF-8 with BOM"
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise Unreadable("it starts with a UTF-8 mark but is not UTF-8 text "
                             f"(byte {error.start + 3}). Save it again as UTF-8.") from error
        return body, encoding
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16").encode("utf-8"), "UTF-16"
        except UnicodeDecodeError as error:
            raise Unreadable("it starts with a UTF-16 mark but is not UTF-16 text. Save it "
                             "again as UTF-8.") from error
    if b"\x00" in data[:SNIFF_CHARS]:
        raise Unreadable("it is not a text file (it holds zero bytes); upload a CSV, TSV, "
                         "XLSX, Parquet or ZIP export.")
    try:
        data.decode("utf-8")
        return data, "UTF-8"
    except UnicodeDecodeError:
        pass
    _one_encoding(data)
    # Not UTF-8: Windows-1252, whose five unassigned bytes Latin-1 reads instead.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return text.encode("utf-8"), "Windows-1252"


def _some(lines: list[int]) -> str:
    return ", ".join(map(str, lines[:5])) + (f" and {len(lines) - 5:,} more" if len(lines) > 5
                                             else "")


def _one_encoding(data: bytes) -> None:
    """A file that is not UTF-8 but has UTF-8 lines among its others mixes two encodings:
    either reading would store some names wrongly ("Zoë" as "ZoÃ«"), so it is refused."""
    utf8, other = [], []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8.append(number)
        except UnicodeDecodeError:
            other.append(number)
    if utf8 and other:
        raise Unreadable(f"it mixes two text encodings: line{'s' * (len(utf8) > 1)} "
                         f"{_some(utf8)} {'are' if len(utf8) > 1 else 'is'} UTF-8, line"
                         f"{'s' * (len(other) > 1)} {_some(other)} Windows-1252 (or Latin-1). "
                         "Open it in a spreadsheet, check those names and save it again as "
                         "CSV (UTF-8).")


def looks_binary(body: bytes) -> bool:
    sample = body[:SNIFF_CHARS].decode("utf-8", errors="replace")
    control = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n") or ch == "\ufffd")
    return bool(sample) and control / len(sample) > CONTROL_SHARE


def sniff_delimiter(body: bytes, default: str | None = None) -> str:
    """The delimiter of the header line: the candidate it holds most of (outside quotes)."""
    if default:
        return default
    head = body[:SNIFF_CHARS].decode("utf-8", errors="replace").splitlines() or [""]
    line, quoted, counts = head[0], False, dict.fromkeys(DELIMITERS, 0)
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _ragged_line(body: bytes, delimiter: str) -> str:
    """Name the first line whose number of values differs from the header's."""
    text = body.decode("utf-8", errors="replace")
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        width = len(next(rows))
        for row in rows:
            if len(row) > width:
                title = (" If line 1 is a title, delete the lines above the header so that "
                         "the column names are the first line." if rows.line_num == 2 else "")
                return (f"line {rows.line_num} has {len(row)} values but the header has "
                        f"{width}.{title} Quote values that contain the delimiter "
                        f"{delimiter!r}.")
    except (csv.Error, StopIteration):
        pass
    return ("it is not well-formed delimited text. Open it in a spreadsheet and save it again "
            "as CSV (UTF-8).")


def _line_ends(body: bytes) -> bytes:
    """Old Mac (CR-only) and mixed line endings read as lines, like Windows' and Unix's."""
    if b"\r" not in body or not re.search(rb"\r(?!\n)", body):
        return body  # none, or Windows' only: the reader takes those as they are
    return body.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def _measure(body: bytes, sep: str, budget: Budget) -> None:
    """Rows, cells and the longest line, counted before the parser allocates anything."""
    ends = np.flatnonzero(np.frombuffer(body, dtype=np.uint8) == 10)
    lengths = np.diff(ends, prepend=-1, append=len(body))
    if lengths.max(initial=0) > MAX_CELL_BYTES:
        raise cell_too_long(f"line {int(np.argmax(lengths)) + 1}")
    width = body[: ends[0] if ends.size else len(body)].count(sep.encode()) + 1
    rows = int(ends.size) + (not body.endswith(b"\n"))
    budget.spend(bytes=len(body), rows=max(rows - 1, 0), cells=max(rows - 1, 0) * width)


def _longest_cell(frame: pl.DataFrame) -> None:
    """A quoted cell can span lines: measured once parsed, before any check copies it."""
    longest = frame.select(pl.all().str.len_bytes().max()).row(0) if frame.width else ()
    if any((n or 0) > MAX_CELL_BYTES for n in longest):
        raise cell_too_long("a cell")


def read_delimited(data: bytes, delimiter: str | None = None,
                   budget: Budget | None = None) -> tuple[pl.DataFrame, str]:
    """Every cell as text, with the header as the first row; and the encoding found."""
    body, encoding = decode(data)
    if looks_binary(body):
        raise Unreadable("it is not a text file (it holds binary data); upload a CSV, TSV, "
                         "XLSX, Parquet or ZIP export.")
    if not body or body.isspace():  # (strip() would copy a 200 MB file to find out)
        raise Unreadable("it is empty.")
    body = _line_ends(body)
    sep = sniff_delimiter(body, delimiter)
    _measure(body, sep, budget or Budget())
    try:
        frame = pl.read_csv(io.BytesIO(body), has_header=False, infer_schema=False,
                            separator=sep, raise_if_empty=False)
    except pl.exceptions.PolarsError as error:
        if "more fields" in str(error):
            raise Unreadable(_ragged_line(body, sep)) from error
        raise Unreadable(f"it could not be read as delimited text: "
                         f"{str(error).splitlines()[0]}") from error
    _longest_cell(frame)
    return frame, encoding

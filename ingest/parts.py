"""What reading an upload yields: one text frame per record type and source (its header
matched to the contract, blank rows dropped and counted), and the file-level problems."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from ingest.check import no_problems
from ingest.headers import match_headers
from ingest.limits import Budget
from ingest.mapping import EnrollmentOf, Lookup, Mapping
from ingest.redcap import Dictionary

CELLS = {"source": pl.String, "row": pl.Int64, "column": pl.String}


def no_cells() -> pl.DataFrame:
    return pl.DataFrame(schema=CELLS)


@dataclass
class Part:
    """The rows of one record type from one file or sheet, every cell text."""

    source: str
    table: str
    frame: pl.DataFrame
    headers: tuple[str, ...] = ()  # the header line as found, for a refusal to quote
    # A mapped file's columns still holding a name or a participant, found against the
    # database and the rest of the upload before the checks (ingest/lookups.py)
    pending: tuple[tuple[str, Lookup | EnrollmentOf], ...] = ()
    problems: pl.DataFrame = field(default_factory=no_problems)  # the mapping's, per cell
    # cells a problem of the whole file already tells of (a label with no code): the checks'
    # own problems of them would only repeat it, row by row
    told: pl.DataFrame = field(default_factory=no_cells)


@dataclass
class Reading:
    parts: list[Part] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (source, sentence): blocking
    notes: list[tuple[str, str]] = field(default_factory=list)  # (source, sentence): reported
    budget: Budget = field(default_factory=Budget)  # the upload's limits, spent as it is read
    hidden_sheets: bool = False  # read a workbook's hidden sheets too
    mapping: Mapping | None = None  # every file is read through this source mapping
    saved: tuple[Mapping, ...] = ()  # else: a file whose headers one of these recognises
    used: dict[str, Mapping] = field(default_factory=dict)  # by name: archived with the import
    dictionary: Dictionary | None = None  # a REDCap data dictionary given with the exports


def blank_rows(raw: pl.DataFrame) -> pl.Series:
    """Rows whose every cell is empty or spaces (blank lines, trailing `,,,,` rows)."""
    return raw.select(pl.all_horizontal(
        pl.col(c).cast(pl.String).str.strip_chars().fill_null("") == "" for c in raw.columns)
    ).to_series()


def _lines(rows: pl.Series) -> str:
    shown = ", ".join(str(r) for r in rows.head(5).to_list())
    return shown + (f" and {rows.len() - 5:,} more" if rows.len() > 5 else "")


def add_part(reading: Reading, source: str, table: str, raw: pl.DataFrame, first_row: int,
             serials: bool = False) -> None:
    """Name the columns from the header row (raw row 0) and keep the contract's ones; blank
    rows are dropped and counted (their line numbers are kept by the others). `serials`: a
    number in a date column is an Excel date (a workbook's cells, never a CSV's text)."""
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
    body = body.with_columns(_source=pl.lit(source), _serials=pl.lit(serials),
                             _row=pl.int_range(first_row, first_row + body.height,
                                               dtype=pl.Int64))
    blank = blank_rows(data)
    if (n := blank.sum()) > 0:
        s = "s" * (n != 1)
        reading.notes.append((source, f"{n:,} blank row{s} ignored (line{s} "
                                      f"{_lines(body.filter(blank)['_row'])})."))
        body = body.filter(blank.not_())
    reading.parts.append(Part(source, table, body, tuple(h or "" for h in headers)))

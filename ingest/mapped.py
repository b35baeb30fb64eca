"""One file read through a source mapping: per `[[records]]` entry, a text frame in the contract's
shape, as a contract-shaped file gives after its headers are matched (ingest/parts.py). Names
and enrollments still to be found stay pending for ingest/lookups.py, which needs the database.

Whole columns at a time (polars, and DuckDB for the keys' SHA-256), never a loop over rows.
"""

from __future__ import annotations

import duckdb
import polars as pl

from ingest.cast import EMPTY, SERIALS, SlashedDates, typed
from ingest.headers import norm
from ingest.mapping import (
    Constant,
    EnrollmentOf,
    FromHeader,
    Lookup,
    MadeKey,
    Mapping,
    RecordMapping,
    Way,
    label_text,
)
from ingest.parts import Part, Reading, blank_rows, no_cells
from ingest.redcap import label_cells
from records.columns import Column, columns
from records.models import RECORD_TYPES

KEY_LENGTH = 16  # hex digits of SHA-256: 64 bits, no clash in any one program's records
SEPARATOR = "\x1f"  # the unit separator: in no export's cells, so ("a b", "c") != ("a", "b c")
DAY = Column("on", "date", True)


class MissingHeader(Exception):
    """The mapping names a header the file does not have."""


def day_column(column: str) -> str:
    """The helper column holding the ISO day an enrollment is found on."""
    return f"_on_{column}"


class _File:
    """The file's cells by header (matched as ingest/headers.py matches them), and which
    headers a record used."""

    def __init__(self, headers: list[str], names: list[str], mapping: Mapping,
                 also: dict[str, str] | None = None) -> None:
        # `also`: other names of columns (a REDCap field's label or variable), after the headers
        self.by_norm = {**(also or {}),
                        **{norm(h): n for h, n in zip(headers, names, strict=True) if h.strip()}}
        self.headers, self.mapping, self.used = headers, mapping, set[str]()

    def cell(self, header: str) -> pl.Expr:
        name = self.by_norm.get(norm(header))
        if name is None:
            raise MissingHeader(f"The mapping {self.mapping.name!r} reads the header {header!r}, "
                                "which this file does not have (headers: "
                                + ", ".join(repr(h) for h in self.headers if h.strip())
                                + "). Check that it is this source's export, or correct the "
                                "mapping.")
        self.used.add(name)
        return pl.col(name).cast(pl.String).str.strip_chars()


def _iso(text: pl.Expr, order: SlashedDates, col: Column = DAY) -> pl.Expr:
    """Dates as YYYY-MM-DD where they read (slashed ones in the mapping's order); a cell that
    does not read stays as it was, for the checks to report."""
    day = typed(col, order, pl.when(text.is_in(EMPTY)).then(None).otherwise(text))
    return pl.coalesce(day.dt.to_string("%Y-%m-%d"), text)


def _once_each(cells: pl.Series, change: pl.Expr, serials: bool) -> pl.Series:
    """`change` (of pl.col("v")) worked out once per distinct cell, then put in every cell: a
    million rows hold a few thousand dates and a handful of labels."""
    distinct = cells.unique().drop_nulls()
    changed = pl.DataFrame({"v": distinct, SERIALS: [serials] * distinct.len()}
                           ).select(change).to_series()
    return cells.replace(distinct, changed)


def _made_keys(body: pl.DataFrame, file: _File, way: MadeKey) -> pl.Series:
    joined = body.select(pl.concat_str([file.cell(h).fill_null("") for h in way.headers],
                                       separator=SEPARATOR).alias("k"))
    with duckdb.connect() as con:  # in memory: SHA-256 over the whole column
        con.register("joined", joined)
        return con.sql(f"select left(sha256(k), {KEY_LENGTH}) as k from joined"
                       ).pl().get_column("k")


def _cells(body: pl.DataFrame, file: _File, column: str, way: Way) -> list[pl.Series]:
    """The column (and, for an enrollment, its day) as text, before labels and lookups."""
    order = file.mapping.dates
    match way:
        case FromHeader(header, default):
            text = file.cell(header)
            if default is not None:
                text = pl.when(text.is_null() | text.is_in(EMPTY)).then(pl.lit(default)
                                                                       ).otherwise(text)
            return [body.select(text.alias(column)).to_series()]
        case Constant(value):
            return [pl.Series(column, [value] * body.height, pl.String)]
        case MadeKey():
            return [_made_keys(body, file, way).alias(column)]
        case Lookup(header, _):
            return [body.select(file.cell(header).alias(column)).to_series()]
        case EnrollmentOf(participant, on):
            days = body.select(file.cell(on)).to_series()
            return [body.select(file.cell(participant).alias(column)).to_series(),
                    _once_each(days, _iso(pl.col("v"), order), _serials(body)
                               ).alias(day_column(column))]
    raise AssertionError(way)  # every Way is matched above


def _recode(frame: pl.DataFrame, record: RecordMapping, col: Column, source: str,
            reading: Reading, mapping: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Labels -> codes; a label with no code (and not a code itself) is one problem with its
    count of rows, and the upload does not load. Also: the cells that problem tells of."""
    codes = record.codes(col.name)
    if codes is None or col.name not in frame.columns:
        return frame, no_cells()
    text = pl.col(col.name)
    coded = label_text(text).replace_strict(codes, default=None, return_dtype=pl.String)
    labels = frame.group_by(col.name, maintain_order=True).len().drop_nulls().with_columns(
        _code=coded)
    gaps = labels.filter(pl.col("_code").is_null() & typed(col, None, text).is_null())
    unmapped = (gaps.group_by(label_text(text).alias("label"), maintain_order=True)
                .agg(pl.sum("len"), pl.first(col.name)).sort("len", descending=True))
    for _, count, label in unmapped.rows():
        s = "s" * (count != 1)
        reading.errors.append((source, f"The label {label!r} in {record.table}.{col.name} "
                               f"({count:,} row{s}) has no code in the mapping "
                               f"{mapping!r}. Add it under "
                               f"[records.values.{col.name}] as one of: "
                               f"{', '.join(col.choices) or 'the values the contract accepts'}."))
    known = labels.filter(pl.col("_code").is_not_null())
    told = frame.filter(text.is_in(gaps.get_column(col.name).implode())).select(
        source="_source", row="_row", column=pl.lit(col.name))
    return frame.with_columns(text.replace(known.get_column(col.name),
                                           known.get_column("_code"))), told


def _serials(body: pl.DataFrame) -> bool:
    """Whether the file's cells are a workbook's (a number in a date column is then a day)."""
    return bool(body.height and body.get_column(SERIALS)[0])


def _record_part(reading: Reading, source: str, body: pl.DataFrame, file: _File,
                 record: RecordMapping) -> Part:
    if record.rows is not None:
        header, wanted = record.rows
        body = body.filter(file.cell(header).is_in(list(wanted)))
    cols = {c.name: c for c in columns(RECORD_TYPES[record.table])}
    series = [s for column, way in record.ways for s in _cells(body, file, column, way)]
    frame = pl.concat([pl.DataFrame(series), body.select("_source", SERIALS, "_row")],
                      how="horizontal").with_columns(
        [_once_each(s, _iso(pl.col("v"), file.mapping.dates, cols[s.name]), _serials(body))
         for s in series if s.name in cols and cols[s.name].kind == "date"])
    told = [no_cells()]
    for col in cols.values():
        frame, cells = _recode(frame, record, col, source, reading, file.mapping.name)
        told.append(cells)
    pending = tuple((c, w) for c, w in record.ways if isinstance(w, Lookup | EnrollmentOf))
    return Part(source, record.table, frame, tuple(file.headers), pending,
                told=pl.concat(told))


def add_mapped(reading: Reading, source: str, raw: pl.DataFrame, first_row: int,
               mapping: Mapping, serials: bool = False) -> None:
    """One file (raw row 0 its header line) through `mapping`: a part per record."""
    reading.used[mapping.name] = mapping
    if raw.height == 0 or raw.width == 0:
        reading.errors.append((source, "The file is empty: it has no header line."))
        return
    headers = ["" if h is None else str(h) for h in raw.row(0)]
    data, also, joined = raw.slice(1), dict[str, str](), dict[str, str]()
    if reading.dictionary is not None:
        labelled = label_cells(reading.dictionary, headers, data)
        if labelled.problems:  # a wrong dictionary would mislabel every row: none is read
            reading.errors += [(source, p) for p in labelled.problems]
            return
        headers, data, also = labelled.headers, labelled.data, labelled.also
        joined = labelled.joined  # a checkbox column is used when its field's joined one is
    file = _File(headers, data.columns, mapping, also)
    body = data.with_columns(_source=pl.lit(source), _serials=pl.lit(serials),
                             _row=pl.int_range(first_row, first_row + data.height,
                                               dtype=pl.Int64)).filter(blank_rows(data).not_())
    try:
        parts = [_record_part(reading, source, body, file, r) for r in mapping.records]
    except MissingHeader as error:
        reading.errors.append((source, str(error)))
        return
    # A record whose `rows` no row of this file passes gives nothing, and that is no problem
    # (a month's export with no intakes); a file giving no record at all is one.
    reading.parts += [p for p in parts if p.frame.height]
    if not any(p.frame.height for p in parts):
        reading.errors.append((source, f"The file holds no row the mapping "
                               f"{mapping.name!r} reads: only a header line, or no row "
                               "has the values its `rows` ask for. Check that it is this "
                               "source's export."))
    if ignored := [h for h, n in zip(headers, data.columns, strict=True)
                   if h.strip() and n not in file.used and joined.get(n) not in file.used]:
        reading.notes.append((source, f"Columns ignored (no record of the mapping "
                                      f"{mapping.name!r} uses them): "
                                      + ", ".join(repr(h) for h in ignored) + "."))

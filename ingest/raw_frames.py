"""An upload's files as raw text frames (the header line as row 0, every cell text), for the
mapping step: whether a file fits the contract, and the cells its suggestions and preview read.
Read as ingest/read.py reads them, within the upload's limits; a file that cannot be read is
left out here, and the dry run names it with its reason.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

import fastexcel
import polars as pl

from ingest.headers import match_headers, table_from_name
from ingest.limits import Budget, Limits
from ingest.read import TEXT_SUFFIXES
from ingest.redcap import is_dictionary
from ingest.text import read_delimited
from ingest.xlsx import read_sheet, scan
from records.columns import columns
from records.models import RECORD_TYPES


def _frames(name: str, data: bytes, budget: Budget) -> list[tuple[str, pl.DataFrame]]:
    suffix = PurePath(name).suffix.lower()
    if suffix in TEXT_SUFFIXES and is_dictionary(data):
        return []  # a REDCap data dictionary explains an export: it is no export to map
    if suffix in TEXT_SUFFIXES:
        return [(name, read_delimited(data, TEXT_SUFFIXES[suffix], budget)[0])]
    if suffix == ".xlsx":
        reader = fastexcel.read_excel(data)
        return [(f"{name} › {s.name}", read_sheet(reader, s.name))
                for s in scan(data, budget) if not s.hidden]
    if suffix == ".parquet":
        frame = pl.read_parquet(io.BytesIO(data), n_rows=budget.limits.rows + 1)
        header = pl.DataFrame([pl.Series(c, [c], pl.String) for c in frame.columns])
        return [(name, pl.concat([header, frame.select(pl.all().cast(pl.String))]))]
    if suffix == ".zip":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()
                       and "__MACOSX" not in m.filename and m.file_size <= budget.room()]
            return [f for m in members for f in _frames(f"{name} › {m.filename}",
                                                       archive.read(m), budget)]
    return []


def raw_frames(files: list[tuple[str, bytes]], limits: Limits | None = None
               ) -> list[tuple[str, pl.DataFrame]]:
    """(source, raw frame) per readable file or visible sheet of the upload."""
    budget, found = Budget(limits or Limits()), []
    for name, data in files:
        try:
            found += _frames(name, data, budget)
        except Exception:  # the dry run reads it again, and says why it cannot
            continue
    return found


def _names_required(table: str, headers: list[str | None], told: bool) -> bool:
    """Whether the headers name the record's required columns; for a file whose type is not
    told, also most of its headers (a service log's `Client ID` alone is no participants file)."""
    matched = set(match_headers(table, headers)[0].values())
    return all(c.name in matched for c in columns(RECORD_TYPES[table]) if c.required) and (
        told or 2 * len(matched) >= len([h for h in headers if h]))


def fits_contract(source: str, raw: pl.DataFrame, chosen: str | None = None) -> bool:
    """Whether the file's headers name every required column of its record type (the chosen
    one, else the one its name says, else any that most of its headers name): then it needs
    no mapping."""
    if raw.height == 0:
        return True  # an empty file: the dry run says so, no mapping can help
    headers = [None if h is None else str(h) for h in raw.row(0)]
    table = chosen or table_from_name(PurePath(source.split(" › ")[-1]).name)
    return any(_names_required(t, headers, bool(table))
               for t in ([table] if table else RECORD_TYPES))

"""What an export's cells say a header holds, for ingest/suggest.py: dates, stored ids, the
names of workers or programs, an enum's labels. Judged on each header's distinct cells (at most
LOOKED_AT of them), so a million-row export is weighed as fast as a small one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from ingest.cast import EMPTY, SERIALS, typed
from ingest.headers import norm
from ingest.mapping import FromHeader, Lookup, Way, label_text
from ingest.suggest_labels import labelled
from records.columns import Column

MOSTLY = 0.5  # the share of a column's cells that must fit for its values to decide
FEW = 20  # distinct values of a column that tells kinds of rows apart (REDCap's events)
OPENING = re.compile(r"intake|baseline|admission|admit|enrol", re.IGNORECASE)
LOOKED_AT = 2_000  # distinct cells of a column weighed: enough to tell, bounded on big files


@dataclass(frozen=True)
class Known:
    """What the database holds that an export's cells may name."""

    program_names: tuple[str, ...] = ()
    worker_names: tuple[str, ...] = ()
    participant_ids: frozenset[str] = frozenset()
    enrollment_ids: frozenset[str] = frozenset()


def headed(raw: pl.DataFrame) -> pl.DataFrame:
    """A raw file frame (row 0 its header line, every cell text) named by its headers; a blank
    or repeated header is left out (no mapping can name it)."""
    if raw.height == 0:
        return pl.DataFrame()
    names: dict[str, str] = {}
    for col, header in zip(raw.columns, raw.row(0), strict=True):
        text = "" if header is None else str(header).strip()
        if text and norm(text) not in {norm(n) for n in names}:
            names[text] = col
    return raw.slice(1).select([pl.col(c).cast(pl.String).alias(h) for h, c in names.items()])


def cells_of(frame: pl.DataFrame, header: str) -> pl.Series:
    """The header's distinct non-empty cells, stripped (at most LOOKED_AT of them)."""
    text = frame.get_column(header).str.strip_chars()
    return text.filter(text.is_not_null() & ~text.is_in(EMPTY)).unique().head(LOOKED_AT)


def _share(cells: pl.Series, fits: pl.Series) -> float:
    return float(fits.sum()) / cells.len() if cells.len() else 0.0


def _dated(cells: pl.Series) -> float:
    """The share of cells that read as dates (ISO, or slashed in either order)."""
    frame = pl.DataFrame({"v": cells, SERIALS: [False] * cells.len()})
    dates = [frame.select(typed(Column("d", "date", True), o, pl.col("v"))).to_series()
             for o in ("mdy", "dmy")]
    return _share(cells, dates[0].is_not_null() | dates[1].is_not_null())


def _named(cells: pl.Series, names: Iterable[str]) -> float:
    wanted = pl.Series([str(n) for n in names], dtype=pl.String)
    spelled = pl.DataFrame({"v": wanted}).select(label_text(pl.col("v"))).to_series()
    return _share(cells, pl.DataFrame({"v": cells}).select(label_text(pl.col("v")))
                  .to_series().is_in(spelled.implode()))


def by_values(frame: pl.DataFrame, col: Column, free: list[str], known: Known) -> Way | None:
    """A way for `col` from what a not-yet-used header's cells hold, or None."""
    for header in free:
        cells = cells_of(frame, header)
        if not cells.len():
            continue
        if col.kind == "date" and _dated(cells) >= MOSTLY:
            return FromHeader(header)
        if col.kind == "enum" and labelled(frame, header, col) >= MOSTLY:
            return FromHeader(header)
        if col.kind == "text" and (way := reference(col, header, cells, known)):
            return way
    return None


def reference(col: Column, header: str, cells: pl.Series, known: Known) -> Way | None:
    """A key column from stored ids, or a lookup by the names of programs or workers."""
    ids = {"participant_id": known.participant_ids,
           "enrollment_id": known.enrollment_ids}.get(col.name, frozenset())
    if ids and _share(cells, cells.is_in(list(ids))) >= MOSTLY:
        return FromHeader(header)
    if col.ref == "workers" and known.worker_names and \
            _named(cells, known.worker_names) >= MOSTLY:
        return Lookup(header, "display_name")
    if col.ref == "programs" and known.program_names and \
            _named(cells, known.program_names) >= MOSTLY:
        return Lookup(header, "program_name")
    return None


def stored(frame: pl.DataFrame, header: str, ids: frozenset[str]) -> bool:
    """Whether most of the header's cells are these stored ids."""
    cells = cells_of(frame, header)
    return bool(ids) and _share(cells, cells.is_in(list(ids))) >= MOSTLY


def intake_rows(frame: pl.DataFrame) -> tuple[str, tuple[str, ...]] | None:
    """Where a file mixes kinds of rows (a REDCap export's events: `intake_arm_1` beside
    `6_month_arm_1`), the column telling them apart and the values of the rows that open an
    episode; None where no column does."""
    for header in frame.columns:
        values = cells_of(frame, header)
        if 1 < values.len() <= FEW:
            opening = tuple(sorted(v for v in values.to_list() if OPENING.search(v)))
            if opening and len(opening) < values.len():
                return header, opening
    return None

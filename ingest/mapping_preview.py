"""The first rows of a file as a mapping reads them (ingest/mapped.py), for the mapping step's
preview: the contract's columns per record type, labels as the codes they load as, before
names and enrollments are found in the database."""

from __future__ import annotations

import polars as pl

from ingest.cast import typed
from ingest.mapped import add_mapped
from ingest.mapping import Mapping
from ingest.parts import Reading
from records.columns import columns
from records.models import RECORD_TYPES

HIDDEN = ("_source", "_serials", "_row")  # the reader's own columns, not the record's


def _as_loaded(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    """An enum cell the contract reads itself (`In Person`) as its code; the reader's own
    columns and the days enrollments are found on left out."""
    enums = [c for c in columns(RECORD_TYPES[table]) if c.kind == "enum" and c.name in frame]
    shown = frame.with_columns(pl.coalesce(typed(c, None, pl.col(c.name)), pl.col(c.name))
                               .alias(c.name) for c in enums)
    return shown.drop([c for c in frame.columns if c in HIDDEN or c.startswith("_on_")])


def preview(mapping: Mapping, source: str, raw: pl.DataFrame, rows: int = 10
            ) -> tuple[list[tuple[str, pl.DataFrame]], list[str]]:
    """(record type, its first rows) per record the mapping gives from the file's first
    `rows` rows; and what stops the mapping reading them (a header the file lacks)."""
    reading = Reading(mapping=mapping)
    add_mapped(reading, source, raw.head(rows + 1), 2, mapping)
    return ([(p.table, _as_loaded(p.table, p.frame)) for p in reading.parts],
            [why for _, why in reading.errors])

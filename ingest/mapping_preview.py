"""The first rows of a file as a mapping reads them (ingest/mapped.py), for the mapping step's
preview: the contract's columns per record type, before names are found in the database."""

from __future__ import annotations

import polars as pl

from ingest.mapped import add_mapped
from ingest.mapping import Mapping
from ingest.parts import Reading

HIDDEN = ("_source", "_serials", "_row")  # the reader's own columns, not the record's


def preview(mapping: Mapping, source: str, raw: pl.DataFrame, rows: int = 10
            ) -> tuple[list[tuple[str, pl.DataFrame]], list[str]]:
    """(record type, its first rows) per record the mapping gives from the file's first
    `rows` rows; and what stops the mapping reading them (a header the file lacks)."""
    reading = Reading(mapping=mapping)
    add_mapped(reading, source, raw.head(rows + 1), 2, mapping)
    frames = [(p.table, p.frame.drop([c for c in p.frame.columns
                                      if c in HIDDEN or c.startswith("_on_")]))
              for p in reading.parts]
    return frames, [why for _, why in reading.errors]

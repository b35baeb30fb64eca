"""An enum column's labels in an export (`Peer Session`, `check-in  call`) and the contract
code each most likely means, for the mapping step's table of labels: counted as the mapping
counts them (ingest/mapping.label_text: case and spacing ignored), each with a suggestion only
when a code is close (a label like no code is left for the analyst, and flagged).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl
from rapidfuzz import fuzz, process

from ingest.cast import EMPTY
from ingest.mapping import label_text
from records.columns import Column

SIMILAR = 80  # rapidfuzz score (0-100) from which a header or label is offered as a match
MANY = 200  # distinct cells past which a column holds no enum's labels (ids, notes, dates)


@dataclass(frozen=True)
class LabelCount:
    """One distinct label of an enum column (case and spacing ignored), its rows, and the code
    suggested for it (None when no code is close)."""

    label: str
    rows: int
    code: str | None


def words(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def _closest(query: str, choices: Iterable[str]) -> str | None:
    """The choice a label is most like. WRatio weighs a shared word (`Peer Session` is like
    `engagement_session`, `Home Visit` like none), as labels differ by words, not letters."""
    found = process.extractOne(words(query), {c: words(c) for c in choices},
                               scorer=fuzz.WRatio, score_cutoff=SIMILAR)
    return None if found is None else found[2]


def as_code(label: str) -> str:
    """The label as the contract reads an enum cell: `In Person` -> in_person."""
    return re.sub(r"[\s\-]+", "_", label.strip().lower())


def code_for(label: str, col: Column) -> str | None:
    """The code of `col` a label means: itself as the contract reads enums, else the closest
    code by similarity, else None."""
    word = as_code(label)
    if word in col.choices:
        return word
    return _closest(label, col.choices)


def suggest_labels(frame: pl.DataFrame, header: str, col: Column) -> list[LabelCount]:
    """Each distinct label of the header (as `label_text` spells it, the file's first spelling
    shown), most rows first, with the code suggested for it."""
    text = frame.get_column(header).str.strip_chars()
    cells = pl.DataFrame({"v": text}).filter(pl.col("v").is_not_null() & ~pl.col("v").is_in(EMPTY))
    counted = (cells.group_by(label_text(pl.col("v")).alias("k"), maintain_order=True)
               .agg(pl.first("v"), pl.len()).sort("len", "k", descending=[True, False]))
    return [LabelCount(label, rows, code_for(label, col)) for _, label, rows in counted.rows()]


def labelled(frame: pl.DataFrame, header: str, col: Column) -> float:
    """The share of the header's rows whose label has a suggested code of `col` (none for a
    column of free text or ids: too many distinct cells to be an enum's labels)."""
    if frame.get_column(header).n_unique() > MANY:
        return 0.0
    labels = suggest_labels(frame, header, col)
    total = sum(label.rows for label in labels)
    return sum(label.rows for label in labels if label.code) / total if total else 0.0

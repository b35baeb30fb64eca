"""Column widths from a table's own text, so that no cell is cut off at 1280 px (issue 34).

A data grid sizes a column by its header and its first rows: a longer name further down ("Shawna
R." in a column sized for "Tom W.") or a worker's fourth chip was cut off at its edge. Here each
text, date and chip column is given the width its widest value needs, estimated from its
characters (Source Sans at 14 px, with a margin); the table scrolls sideways where the columns
are wider than the page, and the browser tests measure what the grid draws."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import polars as pl

from metrics.formats import day

CHAR_PX = 8.0  # a character of Source Sans at 14 px, with a margin (digits 7, a W 11)
HEADER_CHAR_PX = 8.0  # the header's, semi-bold (the header check measures it exactly)
PAD = 16  # a cell's padding, both sides
CHIP_PX = 16  # a chip's own padding and the gap after it
WIDEST = 640  # px: a column wider than this is cut rather than pushing the rest off the page


def text_width(values: Iterable[object]) -> int:
    """The width the longest of these texts needs in a cell."""
    return round(max((len(str(v)) for v in values if v is not None), default=0) * CHAR_PX) + PAD


def chips_width(rows: Iterable[Iterable[str] | None]) -> int:
    """The width the longest row of chips needs in a cell."""
    return max((round(sum(len(c) * CHAR_PX + CHIP_PX for c in chips)) + PAD
                for chips in rows if chips is not None), default=PAD)


def _needed(column: pl.Series) -> int | None:
    if column.dtype == pl.String:
        return text_width(column)
    if column.dtype == pl.Date:
        return text_width(day(d) for d in column if d is not None)
    if column.dtype == pl.List(pl.String):
        return chips_width(column)
    return None  # numbers: short, and sized by the grid


def fitted(table: pl.DataFrame, config: Mapping[str, Any]) -> dict[str, Any]:
    """`config` with a width for each text, date and chip column of `table` that has none set,
    the wider of its header and its widest value (never past WIDEST). A column renamed by
    its config (a label) is measured by that label."""
    out = dict(config)
    for name in table.columns:
        given = out.get(name)
        if isinstance(given, Mapping) and given.get("width") is not None:
            continue
        if (needed := _needed(table[name])) is None:
            continue
        label = given.get("label") if isinstance(given, Mapping) else None
        header = round(len(label or name) * HEADER_CHAR_PX) + PAD
        width = min(max(needed, header), WIDEST)
        out[name] = {**given, "width": width} if isinstance(given, Mapping) else {"width": width}
    return out

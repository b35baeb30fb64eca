"""Text cells -> typed values, as polars expressions generated from the column specs. A cell
that does not cast becomes null; the checks compare it with its raw text to report it."""

from __future__ import annotations

from datetime import date
from typing import Literal

import polars as pl

from records.columns import Column

SlashedDates = Literal["mdy", "dmy"] | None
_EMPTY = ("", "na", "n/a", "null", "none", "#n/a")  # case ignored
# Every casing spelled out: comparing is much cheaper than lower-casing a million cells.
EMPTY = tuple({f(w) for w in _EMPTY for f in (str.lower, str.upper, str.title)})
OPTIONAL_EMPTY = ("-9",)  # the missing-value code of many survey exports: optional only
TRUE, FALSE = ("true", "yes", "y", "1", "t"), ("false", "no", "n", "0", "f")
EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (after its 1900 leap-year bug)
SERIALS = "_serials"  # per row: whether it came from a workbook's cells
# Spreadsheet formulas (records/spreadsheet.py), HTML and invisible control characters have
# no place in an export: they are refused, never run or stored.
CONTROL = r"[\x{00}-\x{08}\x{0B}\x{0C}\x{0E}-\x{1F}\x{7F}\x{202A}-\x{202E}\x{2066}-\x{2069}]"
MARKUP = r"<\s*[A-Za-z!/?]"
# Markdown (`](`, `![`, `**`) is NOT refused: brackets and parentheses are ordinary in names and
# notes ("Harbor [North] (2024)", "met [Ana] (phone)"); refusing `](` alone would still let
# bare addresses and www. through, which GFM links as well; and the same names arrive by other
# roads than an import (a Parquet lake, a form's note, a sign-in claim, a database written
# before this check). So markdown is made harmless where it is drawn, once for all of them:
# metrics.text.as_markdown, held to by tests/pages/test_markup_everywhere.py. HTML stays
# refused: no export needs it, and it would be live in any HTML (the funder report) that forgot
# to escape it.


def cleaned(col: Column) -> pl.Expr:
    """The cell as text without surrounding spaces; null when it says 'empty'."""
    text = pl.col(col.name).str.strip_chars()
    empties = EMPTY if col.required else EMPTY + OPTIONAL_EMPTY
    return pl.when(text.is_in(empties)).then(None).otherwise(text)


SLASHED = r"^(\d{1,2})/(\d{1,2})/(\d{4})$"


def settled_order(cells: pl.Series) -> SlashedDates:
    """The one order a column's slashed dates fit (7/29/2024 is month first, 29/7/2024 day
    first), or None: no slashed dates, none over 12, or both kinds (the uploader must say)."""
    parts = cells.str.strip_chars().str.extract_groups(SLASHED)
    first = parts.struct.field("1").cast(pl.Int32, strict=False)
    second = parts.struct.field("2").cast(pl.Int32, strict=False)
    day_first, month_first = bool((first > 12).any()), bool((second > 12).any())
    if day_first != month_first:
        return "dmy" if day_first else "mdy"
    return None


def _date(text: pl.Expr, slashed: SlashedDates) -> pl.Expr:
    iso = text.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
    serial = text.cast(pl.Float64, strict=False).floor().cast(pl.Int64, strict=False)
    excel = pl.lit(EXCEL_EPOCH) + pl.duration(days=serial)
    # A number is an Excel date only in a workbook's cell: "2025" in a CSV is not 1905-07-17.
    parsed = (pl.when(text.str.contains(r"^\d{4}-\d{2}-\d{2}(?:[T ].*)?$")).then(iso)
              .when(pl.col(SERIALS) & text.str.contains(r"^\d{1,5}(?:\.\d+)?$")).then(excel))
    if slashed:
        parts = text.str.extract_groups(SLASHED)
        month, day = ("1", "2") if slashed == "mdy" else ("2", "1")
        iso_text = pl.format("{}-{}-{}", parts.struct.field("3"),
                             parts.struct.field(month).str.zfill(2),
                             parts.struct.field(day).str.zfill(2))
        parsed = parsed.when(text.str.contains("/")).then(
            iso_text.str.to_date("%Y-%m-%d", strict=False))
    return parsed.otherwise(None).cast(pl.Date)


def _number(text: pl.Expr, integer: bool) -> pl.Expr:
    if integer:
        return text.str.replace(r"\.0+$", "").cast(pl.Int64, strict=False).cast(
            pl.Int32, strict=False)
    # A decimal comma (0,5) from a semicolon-delimited European export.
    value = text.str.replace(r"^([+-]?\d*),(\d+)$", "$1.$2").cast(pl.Float64, strict=False)
    return pl.when(value.is_finite()).then(value)


def fast_typed(col: Column, text: pl.Expr) -> pl.Expr:
    """The cast for cells already in the canonical form (most cells of most exports)."""
    match col.kind:
        case "integer":
            return text.cast(pl.Int32, strict=False)
        case "date":
            return text.str.to_date("%Y-%m-%d", strict=False)
        case "enum":
            return pl.when(text.is_in(col.choices)).then(text)
        case _:
            return typed(col, None, text)


def typed(col: Column, slashed: SlashedDates, text: pl.Expr) -> pl.Expr:
    """The cleaned cell cast to the column's type; null where it does not cast."""
    match col.kind:
        case "integer" | "decimal":
            return _number(text, col.kind == "integer")
        case "date":
            return _date(text, slashed)
        case "boolean":
            lower = text.str.to_lowercase()
            return (pl.when(lower.is_in(TRUE)).then(True)
                    .when(lower.is_in(FALSE)).then(False).otherwise(None).cast(pl.Boolean))
        case "enum":
            word = text.str.to_lowercase().str.replace_all(r"[\s\-]+", "_")
            return pl.when(word.is_in(col.choices)).then(word)
        case _:
            return text


def _bounds(col: Column) -> str:
    parts = []
    if col.ge is not None:
        parts.append(f"at least {col.ge:g}")
    if col.gt is not None:
        parts.append(f"more than {col.gt:g}")
    if col.le is not None:
        parts.append(f"at most {col.le:g}")
    return " and ".join(parts)


def accepted(col: Column, slashed: SlashedDates = None) -> str:
    """What the column accepts, in words (shown beside every problem, and in the templates)."""
    match col.kind:
        case "integer" | "decimal":
            what = "a whole number" if col.kind == "integer" else "a number"
            what += f" {_bounds(col)}" if _bounds(col) else ""
        case "date":
            order = {"mdy": "M/D/YYYY", "dmy": "D/M/YYYY"}.get(slashed or "")
            what = ("a real date as YYYY-MM-DD, an ISO date-time or (in a workbook) an Excel date"
                    + (f", or {order}" if order else
                       " (for slashed dates, choose day/month order when uploading)"))
        case "boolean":
            what = "true/false, yes/no, y/n or 1/0"
        case "enum":
            what = "one of " + ", ".join(col.choices)
        case _:
            what = ("1 to 40 letters, digits, - or _" if col.pattern
                    else f"plain text of up to {col.max_length} characters (no formula, "
                    "HTML or control characters)")
    return ("required: " if col.required else "") + what

"""Spreadsheet-formula safety, defined once for the whole product: which text cells a
spreadsheet would evaluate (OWASP: CSV injection), refused at import and neutralised in every
CSV the product writes."""

from __future__ import annotations

import re

import polars as pl

# A spreadsheet evaluates a cell that starts with one of these (OWASP: CSV injection), also
# after leading spaces or quotes (`  =1`, `"=1`, `'-2+3`).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_LEADING = "[ \u00a0'\"]*"
FORMULA_PATTERN = "^" + _LEADING + "[" + re.escape("".join(FORMULA_STARTS)) + "]"
# A plain number ("-12", "+3.5") is read as a number, never run: harmless in a text column.
PLAIN_NUMBER = r"^\s*[+-]?\d+(?:[.,]\d+)?\s*$"
# What the spreadsheet is told: the cell is text.
NEUTRAL_PREFIX = "'"


def looks_like_formula(expr: pl.Expr) -> pl.Expr:
    """Whether a text cell would be evaluated by a spreadsheet (null stays null)."""
    return expr.str.contains(FORMULA_PATTERN)


def formula_payload(expr: pl.Expr) -> pl.Expr:
    """A text cell refused at import: it would be evaluated, and it is not a plain number."""
    return looks_like_formula(expr) & expr.str.contains(PLAIN_NUMBER).not_()


def neutralised(expr: pl.Expr) -> pl.Expr:
    """The text cell as a spreadsheet shows it, never runs it: a leading apostrophe if needed."""
    return (pl.when(looks_like_formula(expr))
            .then(pl.concat_str(pl.lit(NEUTRAL_PREFIX), expr)).otherwise(expr))


_TEXT_TYPES = (pl.String, pl.Categorical, pl.Enum)


def safe_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with every text cell neutralised (categoricals become text)."""
    text = [name for name, dtype in frame.schema.items() if isinstance(dtype, _TEXT_TYPES)
            or dtype == pl.String]
    return frame.with_columns(neutralised(pl.col(n).cast(pl.String)).alias(n) for n in text)


def safe_csv_bytes(frame: pl.DataFrame) -> bytes:
    """The frame as UTF-8 CSV with a BOM (so Excel reads accents), text cells that a
    spreadsheet would evaluate prefixed with an apostrophe and shown as text."""
    return safe_frame(frame).write_csv(include_bom=True).encode("utf-8")

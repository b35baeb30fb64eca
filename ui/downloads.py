"""Chart and table data as CSV, exactly as shown, safe to open in a spreadsheet."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ui.audit import download_args, downloaded

# A spreadsheet evaluates a cell that starts with one of these (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows above which a CSV is written when its button is clicked, not on every run of the page
# (600,000 weeks of contacts are half a second and 30 MB each time); smaller ones go with the
# page, so their download needs no second request.
DEFERRED_ROWS = 10_000


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """The frame as UTF-8 CSV (with BOM, so Excel reads accents); text cells that a spreadsheet
    would evaluate are prefixed with an apostrophe and shown as text."""
    text_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    safe = frame.with_columns(
        pl.when(pl.any_horizontal(pl.col(name).str.starts_with(s) for s in FORMULA_STARTS))
        .then(pl.concat_str(pl.lit("'"), pl.col(name)))
        .otherwise(pl.col(name))
        .alias(name)
        for name in text_columns
    )
    return safe.write_csv(include_bom=True).encode("utf-8")


def download_csv(frame: pl.DataFrame, name: str, key: str | None = None, *,
                 label: str = "Download CSV", what: str | None = None,
                 kind: str = "tertiary") -> None:
    """A download button for the frame, named <name>.csv; each download is audited (as `what`,
    or the file name). Every row goes into the file, however many the page shows."""
    data = (lambda: csv_bytes(frame)) if frame.height > DEFERRED_ROWS else csv_bytes(frame)
    st.download_button(label, data, file_name=f"{name}.csv", mime="text/csv",
                       key=key, icon=":material/download:", type=kind, on_click=downloaded,
                       args=download_args(what or f"{name}.csv"))

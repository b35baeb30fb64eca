"""Write a database's records as the export files an analyst uploads (format v1): a CSV per
record type and, where every table fits in a sheet, one XLSX workbook with a sheet per type."""

from __future__ import annotations

from pathlib import Path

import duckdb
import xlsxwriter

from records.columns import key_column
from records.models import RECORD_TYPES

EXCEL_MAX_ROWS = 1_048_575  # a worksheet's rows, less the header


def write_csvs(con: duckdb.DuckDBPyConnection, folder: Path) -> list[Path]:
    """One `<record type>.csv` per table: ISO dates, true/false, empty for missing."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table, model in RECORD_TYPES.items():
        path = folder / f"{table}.csv"
        target = str(path).replace("'", "''")
        with con.cursor() as cur:  # table names come from RECORD_TYPES, never from input
            cur.execute(f"copy (select * from {table} order by {key_column(model).name}) "
                        f"to '{target}' (header, delimiter ',')")
        written.append(path)
    return written


def write_workbook(con: duckdb.DuckDBPyConnection, path: Path) -> Path | None:
    """One workbook, a sheet per record type; None if a table is too long for a sheet."""
    with con.cursor() as cur:
        sizes = {t: cur.execute(f"select count(*) from {t}").fetchall()[0][0]
                 for t in RECORD_TYPES}
    if max(sizes.values()) > EXCEL_MAX_ROWS:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    with xlsxwriter.Workbook(path) as book:
        for table, model in RECORD_TYPES.items():
            with con.cursor() as cur:
                frame = cur.sql(f"select * from {table} "
                                f"order by {key_column(model).name}").pl()
            frame.write_excel(book, worksheet=table, autofit=True, dtype_formats={})
    return path

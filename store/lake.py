"""The database as a folder of Parquet files (one folder per table, records partitioned by
program), and a Database over that folder on which every named query runs unchanged: the
layout a deployment over hundreds of programs keeps in object storage (README: Running at
scale)."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from records.columns import columns
from records.models import RECORD_TYPES
from store.database import Database

# Records whose program is their parent's: the table holding it, and the key they join on.
# Participants have none (one person may enroll in several programs): one folder, unsplit.
PROGRAM_VIA = {"contacts": ("enrollments", "enrollment_id"),
               "appointments": ("enrollments", "enrollment_id"),
               "assessments": ("enrollments", "enrollment_id"),
               "events": ("enrollments", "enrollment_id"),
               "wellbeing": ("workers", "worker_id"),
               "supervision": ("workers", "worker_id"),
               "incidents": ("workers", "worker_id")}


def _literal(path: Path) -> str:
    """A path as a SQL string literal: COPY and read_parquet take no bound file names."""
    return "'" + str(path).replace("'", "''") + "'"


def lake_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The tables a lake holds: every table but the undo history of imports (a lake is
    written whole from the database and never has an import undone)."""
    with con.cursor() as cur:
        rows = cur.execute(
            "select table_name from information_schema.tables where table_schema = 'main' "
            "and table_type = 'BASE TABLE' and table_name not like '%\\_history' escape '\\' "
            "order by table_name").fetchall()
    return [name for (name,) in rows]


def _program_select(table: str) -> str | None:
    """The table's rows with the program_id they belong to, or None if they have none."""
    names = {c.name for c in columns(RECORD_TYPES[table])} if table in RECORD_TYPES else set()
    if "program_id" in names:
        return f"select * from {table}"
    if table in PROGRAM_VIA:
        parent, key = PROGRAM_VIA[table]
        # a left join: a row whose parent is missing still goes to the lake (program NULL)
        return (f"select t.*, p.program_id from {table} as t "
                f"left join {parent} as p on p.{key} = t.{key}")
    return None


def export_parquet(con: duckdb.DuckDBPyConnection, folder: Path) -> list[str]:
    """Write every lake table of the database to folder/<table>/, records split into
    program_id=<id>/ folders; the files keep program_id as a column too, so a reader needs no
    partition discovery (which would guess "007" to be the number 7). The summary tables go
    too, brought up to date first. Returns the tables."""
    Database(con, folder).ensure_summaries()
    tables = lake_tables(con)
    with con.cursor() as cur:
        for table in tables:
            target = folder / table
            target.mkdir(parents=True, exist_ok=True)
            query = _program_select(table)
            rows = cur.execute(f"select count(*) from {table}").fetchall()[0][0]
            if query is None or rows == 0:  # a split of no rows writes no file to read back
                cur.execute(f"copy (select * from {table}) to "
                            f"{_literal(target / 'data_0.parquet')} (format parquet)")
            else:
                cur.execute(f"copy ({query}) to {_literal(target)} (format parquet, "
                            "partition_by (program_id), write_partition_columns true)")
    return tables


def table_files(folder: Path, table: str) -> str:
    """The glob of one table's Parquet files in a lake."""
    return str(folder / table / "**" / "*.parquet")


def lake_tables_in(folder: Path) -> list[str]:
    """The tables of the lake in `folder`. Their names go into SQL unquoted, so only plain
    names (as export_parquet writes them) count."""
    return sorted(p.name for p in folder.iterdir()
                  if p.is_dir() and re.fullmatch(r"[a-z][a-z0-9_]*", p.name))


def lake_columns(table: str) -> str:
    """The select list of a lake table: a record table's own columns, cast to their types
    (its files may carry the program_id it was split by); any other table as written."""
    if table not in RECORD_TYPES:
        return "*"
    return ", ".join(f"cast({c.name} as {c.sql_type}) as {c.name}"
                     for c in columns(RECORD_TYPES[table]))


def lake_database(folder: Path, base: Path | None = None) -> Database:
    """An in-memory DuckDB with one view per table of the lake in `folder`, over its Parquet
    files: the named queries run on it as on the database file. The dashboard's own records
    are those beside the database `base` (by default, beside the folder)."""
    con = duckdb.connect(":memory:")
    with con.cursor() as cur:
        for table in lake_tables_in(folder):
            cur.execute(f"create view {table} as select {lake_columns(table)} from "
                        f"read_parquet({_literal(Path(table_files(folder, table)))}, "
                        "hive_partitioning = false)")
    return Database(con, base or folder, folder)

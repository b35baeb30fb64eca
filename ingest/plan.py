"""The dry run: which valid rows are new, which change a stored row, which are already there."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from records.columns import columns, key_column
from records.models import RECORD_TYPES


@dataclass
class Plan:
    """One record type: the counts a dry run shows, and the rows a load writes."""

    table: str
    read: int
    rejected: int
    new: int
    changed: int
    unchanged: int
    writes: pl.DataFrame  # new and changed rows, the table's columns only
    changed_keys: pl.DataFrame  # one column, `_key`: the stored rows the writes replace

    def counts(self) -> dict[str, int | str]:
        return {"record type": self.table, "read": self.read, "new": self.new,
                "changed": self.changed, "unchanged": self.unchanged,
                "rejected": self.rejected}


def _status_sql(table: str) -> str:
    """new / changed / unchanged for each incoming row (names from the record definition)."""
    cols = [c.name for c in columns(RECORD_TYPES[table])]
    key = key_column(RECORD_TYPES[table]).name
    same = " and ".join(f"t.{c} is not distinct from i.{c}" for c in cols)
    # Only rows already stored come back: a first load of a million rows returns none.
    return (f"select i.{key} as _key, case when {same} then 'unchanged' else 'changed' end "
            f"as _status from incoming as i inner join {table} as t on t.{key} = i.{key}")


def plan_table(cur: duckdb.DuckDBPyConnection, table: str, valid: pl.DataFrame, read: int,
               rejected: int) -> Plan:
    """Compare the valid rows of one record type with the stored ones, on this cursor."""
    cols = [c.name for c in columns(RECORD_TYPES[table])]
    incoming = valid.select(cols)
    cur.register("incoming", incoming)
    try:
        status = cur.sql(_status_sql(table)).pl()
    finally:
        cur.unregister("incoming")
    key = key_column(RECORD_TYPES[table]).name
    changed = status.filter(pl.col("_status") == "changed").select("_key")
    unchanged = status.height - changed.height
    writes = incoming if not unchanged else incoming.join(
        status.filter(pl.col("_status") == "unchanged"), left_on=key, right_on="_key",
        how="anti", maintain_order="left")
    return Plan(table, read, rejected, incoming.height - status.height, changed.height,
                unchanged, writes, changed)

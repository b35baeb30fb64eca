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

    def counts(self) -> dict[str, int | str]:
        return {"record type": self.table, "read": self.read, "new": self.new,
                "changed": self.changed, "unchanged": self.unchanged,
                "rejected": self.rejected}


def _status_sql(table: str) -> str:
    """new / changed / unchanged for each incoming row (names from the record definition)."""
    cols = [c.name for c in columns(RECORD_TYPES[table])]
    key = key_column(RECORD_TYPES[table]).name
    same = " and ".join(f"t.{c} is not distinct from i.{c}" for c in cols)
    return (f"select i.{key} as _key, case when t.{key} is null then 'new' "
            f"when {same} then 'unchanged' else 'changed' end as _status "
            f"from incoming as i left join {table} as t on t.{key} = i.{key}")


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
    counts = dict(status.group_by("_status").len().iter_rows())
    writes = incoming.join(status.filter(pl.col("_status") != "unchanged"), left_on=key,
                           right_on="_key", how="semi", maintain_order="left")
    return Plan(table, read, rejected, counts.get("new", 0), counts.get("changed", 0),
                counts.get("unchanged", 0), writes)

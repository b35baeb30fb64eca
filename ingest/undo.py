"""Undo an import: restore exactly the rows it replaced and remove the ones it added."""

from __future__ import annotations

import duckdb

from ingest.load import Audit, LoadRefused, transaction
from records.columns import columns, key_column
from records.models import RECORD_TYPES
from store.connection import Target
from store.summaries import refresh_summaries
from store.versions import record_data_change


def _later_import(cur: duckdb.DuckDBPyConnection, import_id: int) -> int | None:
    """The first still-loaded later import that touched a row this one touched."""
    later = []
    for table, model in RECORD_TYPES.items():
        key = key_column(model).name
        found = cur.execute(
            f"select min(l.import_id) from {table}_history as h "
            f"join {table}_history as l on l.{key} = h.{key} and l.import_id > h.import_id "
            "join imports as i on i.import_id = l.import_id and i.status = 'loaded' "
            "where h.import_id = $id", {"id": import_id}).fetchall()[0][0]
        if found is not None:
            later.append(found)
    return min(later, default=None)


def _restore(cur: duckdb.DuckDBPyConnection, import_id: int) -> None:
    for table, model in RECORD_TYPES.items():
        key = key_column(model).name
        cols = ", ".join(c.name for c in columns(model))
        params = {"id": import_id}
        cur.execute(f"delete from {table} where {key} in "
                    f"(select {key} from {table}_history where import_id = $id)", params)
        cur.execute(f"insert into {table} ({cols}) select {cols} from {table}_history "
                    "where import_id = $id and change = 'replaced'", params)


def _dangling(cur: duckdb.DuckDBPyConnection, import_id: int) -> str | None:
    """After a restore: a sentence if a stored row now refers to a record the undo removed."""
    for table, model in RECORD_TYPES.items():
        for col in columns(model):
            if col.ref is None:
                continue
            parent_key = key_column(RECORD_TYPES[col.ref]).name
            n = cur.execute(
                f"select count(*) from {table} where {col.name} in (select {parent_key} from "
                f"{col.ref}_history where import_id = $id and change = 'inserted') and "
                f"{col.name} not in (select {parent_key} from {col.ref})",
                {"id": import_id}).fetchall()[0][0]
            if n:
                return (f"Undoing import {import_id} would leave {n:,} {table} referring to "
                        f"{col.ref} that it added. Undo the later import of those {table} "
                        "first.")
    return None


def undo(target: Target, import_id: int, by: str, audit: Audit | None = None) -> None:
    """Undo one import in one transaction, or raise LoadRefused with a sentence; `audit(cursor,
    import_id)` writes the audit row in that same transaction."""
    with transaction(target, "The undo failed, so nothing changed") as cur:
        status = cur.execute("select status from imports where import_id = $id",
                             {"id": import_id}).fetchall()
        if not status:
            raise LoadRefused(f"There is no import {import_id}.")
        if status[0][0] == "undone":
            raise LoadRefused(f"Import {import_id} has already been undone.")
        if (later := _later_import(cur, import_id)) is not None:
            raise LoadRefused(f"Import {later} changed some of the same rows after import "
                              f"{import_id}. Undo import {later} first.")
        _restore(cur, import_id)
        if (dangling := _dangling(cur, import_id)) is not None:
            raise LoadRefused(dangling)
        cur.execute("update imports set status = 'undone', undone_at = current_timestamp, "
                    "undone_by = $by where import_id = $id", {"id": import_id, "by": by})
        record_data_change(cur, f"undo of import {import_id}")
        refresh_summaries(cur)
        if audit is not None:
            audit(cur, import_id)

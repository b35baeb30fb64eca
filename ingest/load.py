"""Load a checked upload in one transaction, keeping everything undo needs; and undo."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import duckdb
import polars as pl

from ingest.pipeline import Prepared
from ingest.plan import Plan
from records.columns import columns, key_column
from records.models import RECORD_TYPES
from store.connection import Target, connection_of
from store.summaries import refresh_summaries
from store.versions import data_version, record_data_change


class LoadRefused(RuntimeError):
    """Nothing was written; the message says why and what to do."""


def _write(cur: duckdb.DuckDBPyConnection, import_id: int, plan: Plan) -> None:
    """Upsert by key, keeping the prior version of every replaced row and every new key."""
    table, key = plan.table, key_column(RECORD_TYPES[plan.table]).name
    inserted = plan.writes.select(key).join(
        plan.changed_keys, left_on=key, right_on="_key", how="anti")
    cur.register("incoming", plan.writes)
    cur.register("changed", plan.changed_keys)
    cur.register("inserted", inserted)
    params = {"id": import_id}
    try:  # table and column names come from RECORD_TYPES, never from the upload
        cur.execute(f"insert into {table}_history select $id, 'replaced', t.* from {table} as t "
                    f"where t.{key} in (select _key from changed)", params)
        cur.execute(f"insert into {table}_history (import_id, change, {key}) "
                    f"select $id, 'inserted', {key} from inserted", params)
        cur.execute(f"delete from {table} where {key} in (select _key from changed)")
        cur.execute(f"insert into {table} by name select * from incoming")
    finally:
        for name in ("incoming", "changed", "inserted"):
            cur.unregister(name)


def _archive(cur: duckdb.DuckDBPyConnection, import_id: int, prepared: Prepared,
             uploader: str) -> None:
    cur.execute("insert into imports values ($id, current_timestamp, $who, $policy, 'loaded', "
                "null, null)", {"id": import_id, "who": uploader,
                                "policy": prepared.options.policy})
    seen: dict[str, int] = {}
    # each source mapping the files were read through, beside them: what was loaded can
    # always be read again the way it was
    used = [(f"{m.name}.mapping.toml", m.text.encode()) for m in prepared.reading.used.values()]
    for name, data in [*prepared.files, *used]:
        seen[name] = seen.get(name, 0) + 1
        stored = name if seen[name] == 1 else f"{name} ({seen[name]})"
        cur.execute("insert into import_files values (?, ?, ?, ?, ?)",
                    [import_id, stored, hashlib.sha256(data).hexdigest(), len(data), data])
    for plan in prepared.plans.values():
        cur.execute("insert into import_counts values (?, ?, ?, ?, ?, ?, ?)",
                    [import_id, plan.table, plan.read, plan.new, plan.changed, plan.unchanged,
                     plan.rejected])


def _quarantine(cur: duckdb.DuckDBPyConnection, import_id: int, prepared: Prepared) -> None:
    """Rejected rows, with their raw values and reasons, for download, fix and re-upload."""
    for table, checked in prepared.checked.items():
        reasons = checked.problems.filter(pl.col("row").is_not_null()).group_by(
            "source", "row").agg(problems=pl.format("{}: {}", "column", "problem").str.join("; "))
        if reasons.height == 0:
            continue
        raw_cols = [c.name for c in columns(RECORD_TYPES[table])]
        raw = checked.raw.select(source="_source", row="_row",
                                 raw_values=pl.struct(raw_cols).struct.json_encode())
        rows = raw.join(reasons, on=["source", "row"], how="inner").select(
            pl.lit(import_id).alias("import_id"), pl.lit(table).alias("table_name"),
            "source", pl.col("row").alias("row_number"), "raw_values", "problems")
        cur.register("quarantined", rows)
        try:
            cur.execute("insert into quarantine select * from quarantined")
        finally:
            cur.unregister("quarantined")


@contextmanager
def transaction(target: Target, failed: str
                ) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor in one transaction: committed if the block ends, rolled back if it raises
    (a database error becomes LoadRefused, starting with `failed`)."""
    with connection_of(target).cursor() as cur:
        cur.execute("begin transaction")
        try:
            yield cur
        except duckdb.Error as error:
            cur.execute("rollback")
            raise LoadRefused(f"{failed}: {str(error).splitlines()[0]}") from error
        except BaseException:
            cur.execute("rollback")
            raise
        cur.execute("commit")


Audit = Callable[[duckdb.DuckDBPyConnection, int], None]


def load(target: Target, prepared: Prepared, uploader: str,
         audit: Audit | None = None) -> int | None:
    """Load in one transaction; the new import's id, or None when nothing would change.
    `audit(cursor, import_id)` writes the audit row in that same transaction, so no import
    is ever committed without one."""
    if reason := prepared.refusal():
        raise LoadRefused(reason)
    with transaction(target, "The database refused the load, so nothing was loaded") as cur:
        if data_version(cur) != prepared.version:
            raise LoadRefused("The database changed after this upload was checked. Check it "
                              "again before loading.")
        # The data version has not moved, so the dry run's plans still hold.
        if not prepared.changes():
            return None
        import_id = cur.execute("select coalesce(max(import_id), 0) + 1 from imports"
                                ).fetchall()[0][0]
        for plan in prepared.plans.values():
            _write(cur, import_id, plan)
        _archive(cur, import_id, prepared, uploader)
        _quarantine(cur, import_id, prepared)
        record_data_change(cur, f"import {import_id}")
        refresh_summaries(cur)
        if audit is not None:
            audit(cur, import_id)
    return import_id

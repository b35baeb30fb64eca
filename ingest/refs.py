"""References, resolved against the database and the rest of the same upload together, and
the rules that compare a record with the one it refers to (a contact not before its
enrollment)."""

from __future__ import annotations

import duckdb
import polars as pl

from ingest.check import Checked, capped, problem_rows
from records.columns import columns, key_column
from records.models import RECORD_TYPES
from records.rules import NotBeforeParent


def _stored(cur: duckdb.DuckDBPyConnection, table: str, fields: list[str]) -> pl.DataFrame:
    # Table and column names come from RECORD_TYPES, never from the upload.
    return cur.sql(f"select {', '.join(fields)} from {table}").pl()


def known(cur: duckdb.DuckDBPyConnection, checked: dict[str, Checked], table: str,
          fields: list[str]) -> pl.DataFrame:
    """Keys (and `fields`) of `table`: this upload's rows without problems, then stored ones."""
    key = key_column(RECORD_TYPES[table]).name
    cols = [key, *[f for f in fields if f != key]]
    frames = [_stored(cur, table, cols)]
    if table in checked:
        frames.insert(0, checked[table].valid().select(cols))
    return pl.concat(frames).unique(key, keep="first", maintain_order=True)


def _parent_fields(table: str) -> dict[str, list[NotBeforeParent]]:
    by_parent: dict[str, list[NotBeforeParent]] = {}
    for rule in RECORD_TYPES[table].rules:
        if isinstance(rule, NotBeforeParent):
            by_parent.setdefault(rule.ref, []).append(rule)
    return by_parent


def check_references(cur: duckdb.DuckDBPyConnection, checked: dict[str, Checked],
                     table: str, max_problems: int | None = None) -> pl.DataFrame:
    """Problems of one record type's references (and its rules against the referred record)."""
    rows = checked[table].rows.lazy()
    rules = _parent_fields(table)
    found: list[pl.LazyFrame] = []
    for col in columns(RECORD_TYPES[table]):
        if col.ref is None:
            continue
        parent_key = key_column(RECORD_TYPES[col.ref]).name
        parent_rules = rules.get(col.ref, [])
        parents = known(cur, checked, col.ref, [r.parent_field for r in parent_rules])
        bad = pl.col(col.name).is_not_null() & pl.col(col.name).is_in(
            parents.get_column(parent_key).implode()).not_()
        found.append(problem_rows(
            rows, bad, col.name, pl.col(col.name),
            f"no such {col.ref[:-1]} in the database or in this upload",
            f"the {parent_key} of a {col.ref[:-1]} in the database or in this upload"))
        for rule in parent_rules:
            joined = rows.join(parents.lazy().select(
                pl.col(parent_key).alias(col.name), pl.col(rule.parent_field).alias("_parent")),
                on=col.name, how="left")
            late = pl.col(rule.field) < pl.col("_parent")
            found.append(problem_rows(
                joined, late, rule.field, pl.col(rule.field).cast(pl.String),
                pl.format(f"before the {col.ref[:-1]}'s {rule.parent_field} ({{}})",
                          pl.col("_parent").cast(pl.String)),
                f"a date on or after the {col.ref[:-1]}'s {rule.parent_field}"))
    problems, over = capped(found, max_problems)
    checked[table].capped = checked[table].capped or over
    return problems


def _children(parent: str) -> list[tuple[str, str, NotBeforeParent]]:
    """(child table, its column referring to `parent`, the rule) for every NotBeforeParent."""
    return [(table, col.name, rule) for table, model in RECORD_TYPES.items()
            for rule in model.rules if isinstance(rule, NotBeforeParent) and rule.ref == parent
            for col in columns(model) if col.ref == parent]


def _broken(cur: duckdb.DuckDBPyConnection, checked: dict[str, Checked], table: str,
            child: str, ref: str, rule: NotBeforeParent) -> pl.DataFrame:
    """Stored children of `table`'s upload rows dated before their parent's new date."""
    key, parent_key = key_column(RECORD_TYPES[child]).name, key_column(RECORD_TYPES[table]).name
    parents = checked[table].valid().select("_source", "_row", pl.col(parent_key).alias(ref),
                                            pl.col(rule.parent_field).alias("_new"))
    # Names come from RECORD_TYPES; the children in this upload are checked themselves.
    stored = cur.sql(f"select {key} as _child, {ref}, {rule.field} as _day from {child}").pl()
    if child in checked:
        stored = stored.join(checked[child].rows.select(pl.col(key).alias("_child")),
                             on="_child", how="anti")
    return stored.join(parents, on=ref).filter(pl.col("_day") < pl.col("_new"))


def check_stored_children(cur: duckdb.DuckDBPyConnection, checked: dict[str, Checked],
                          table: str) -> pl.DataFrame:
    """The contract on the database as it will be after the load: an upload row that moves a
    parent's date (an enrollment's enrolled_on) past the dates of its stored children (its
    contacts, its interviews) is a problem of that row, naming the children it would break."""
    found: list[pl.DataFrame] = []
    for child, ref, rule in _children(table):
        broken = _broken(cur, checked, table, child, ref, rule)
        if broken.is_empty():
            continue
        some = pl.format("{} on {}", "_child", pl.col("_day").cast(pl.String)).head(3)
        found.append(broken.sort("_day").group_by("_source", "_row", maintain_order=True).agg(
            pl.col("_new").first(), n=pl.len(), some=some.str.join(", ")).select(
            source=pl.col("_source"), row=pl.col("_row"), column=pl.lit(rule.parent_field),
            value=pl.col("_new").cast(pl.String),
            problem=pl.format(f"{{}} stored {child} would be dated before it ({{}})", "n", "some"),
            accepted=pl.lit(f"a {rule.parent_field} on or before the dates of the "
                            f"{table[:-1]}'s stored {child}, or those {child} corrected in the "
                            "same upload")))
    return pl.concat(found) if found else checked[table].problems.clear()


def after_leaving(cur: duckdb.DuckDBPyConnection, checked: dict[str, Checked]) -> str | None:
    """Contacts dated after their worker's left_on: the contract does not forbid them (a
    contact may be entered by another), so they load, and the dry run flags them."""
    if "contacts" not in checked:
        return None
    workers = known(cur, checked, "workers", ["left_on"]).filter(pl.col("left_on").is_not_null())
    late = checked["contacts"].valid().join(workers, on="worker_id").filter(
        pl.col("contact_on") > pl.col("left_on"))
    if late.is_empty():
        return None
    some = ", ".join(f"{c} on {d} ({w} left on {left})" for c, d, w, left in late.select(
        "contact_id", "contact_on", "worker_id", "left_on").head(3).rows())
    return (f"{late.height:,} contacts are dated after their worker's left_on ({some}). They "
            "load, as the contract allows; check the worker's dates if they should not.")

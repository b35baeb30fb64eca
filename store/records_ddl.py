"""The record tables' DDL, generated from the record models (never written by hand).

References (`Ref`) are not FOREIGN KEYs: the upload checks resolve them against the database and
the rest of the upload together and report every bad row, where a foreign key would stop the
load at its first bad row without saying which; and the same tables must also live as Parquet.
"""

from __future__ import annotations

from records.columns import Column, columns
from records.models import RECORD_TYPES, Record


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _column_checks(col: Column) -> list[str]:
    checks = []
    if col.choices:
        checks.append(f"{col.name} in ({', '.join(_quote(c) for c in col.choices)})")
    for op, bound in ((">=", col.ge), (">", col.gt), ("<=", col.le)):
        if bound is not None:
            checks.append(f"{col.name} {op} {bound}")
    if col.pattern:
        checks.append(f"regexp_full_match({col.name}, {_quote(col.pattern)})")
    if col.min_length:
        checks.append(f"length({col.name}) >= {col.min_length}")
    return checks


def create_table_sql(model: type[Record]) -> str:
    """CREATE TABLE for one record type: key, NOT NULL, and every rule a CHECK can hold."""
    lines = []
    for col in columns(model):
        line = f"    {col.name} {col.sql_type}"
        if col.key:
            line += " PRIMARY KEY"
        elif col.required or col.default is not None:
            line += " NOT NULL"
        if col.default is not None:
            line += f" DEFAULT {_quote(col.default)}"
        lines.append(line)
    checks = [c for col in columns(model) for c in _column_checks(col)]
    checks += [sql for rule in model.rules if (sql := rule.sql_check())]
    lines += [f"    CHECK ({check})" for check in checks]
    return f"CREATE TABLE IF NOT EXISTS {model.table} (\n" + ",\n".join(lines) + "\n)"


def schema_sql() -> list[str]:
    """One CREATE TABLE statement per record type, in load order."""
    return [create_table_sql(model) for model in RECORD_TYPES.values()]


def added_columns_sql(suffix: str = "") -> list[str]:
    """Columns added to the format since v1 (each has a default, so old files still load),
    added to a database made before them; `suffix` "_history" for the history tables."""
    return [f"ALTER TABLE {model.table}{suffix} ADD COLUMN IF NOT EXISTS {col.name} "
            f"{col.sql_type} DEFAULT {_quote(col.default)}"
            for model in RECORD_TYPES.values() for col in columns(model)
            if col.default is not None]

"""The named queries on Apache Spark SQL over a Parquet lake (store/lake.py), for the heavy
aggregation of a deployment over hundreds of programs. The SQL is the same file the app runs
on DuckDB: `translate` is the one step that turns it into Spark's dialect. Needs the `spark`
extra (pyspark, and a Java runtime)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
import sqlglot
from sqlglot import exp

from records.columns import columns
from records.models import RECORD_TYPES
from store.database import sql_text
from store.lake import lake_tables_in
from store.sql import bound

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

POLARS_TYPES = {"string": pl.String(), "int": pl.Int32(), "bigint": pl.Int64(),
                "double": pl.Float64(), "date": pl.Date(), "boolean": pl.Boolean(),
                "timestamp": pl.Datetime("us")}


def _array(name: str, values: list[Any] | None) -> tuple[exp.Expression, dict[str, Any]]:
    """A list parameter as Spark can take it: Spark binds scalars only, so a list becomes
    array(:name_0, :name_1, ...) of bound scalars, and a null list a typed null array."""
    if values is None:
        return exp.cast(exp.null(), "ARRAY<STRING>", dialect="spark"), {}
    bound = {f"{name}_{i}": v for i, v in enumerate(values)}
    return exp.Array(expressions=[exp.Placeholder(this=k) for k in bound]), bound


def translate(sql: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """A DuckDB statement and its parameters as a Spark SQL statement and the scalars to bind
    (`spark.sql(sql, args=...)`, markers `:name`). Only the parameters the statement names are
    bound; lists are spread into arrays of bound scalars (`_array`); dates stay dates."""
    used = bound(sql, params)
    tree = sqlglot.parse_one(sql, read="duckdb")
    args: dict[str, Any] = {}

    def bind(node: exp.Expression) -> exp.Expression:
        if not isinstance(node, exp.Placeholder) or node.name not in used:
            return node
        value = used[node.name]
        if isinstance(value, list | tuple) or (value is None and _in_list_test(node)):
            array, bound = _array(node.name, None if value is None else list(value))
            args.update(bound)
            return array
        if value is None:  # Spark cannot bind a null of no type; a NULL literal is no value
            return exp.null()
        args[node.name] = value
        return node

    return tree.transform(bind).sql("spark"), args


def _in_list_test(node: exp.Expression) -> bool:
    """Is a null parameter a list (the list of list_contains, or tested beside one)?"""
    tree = node.root()
    return any(isinstance(p.this, exp.Placeholder) and p.this.name == node.name
               for p in tree.find_all(exp.ArrayContains))


def register_lake(spark: SparkSession, folder: Path) -> None:
    """One temp view per table of the lake, as lake_database does for DuckDB: a record table's
    own columns (its files may carry the program_id it was split by), others as written."""
    for table in lake_tables_in(folder):
        # the files carry every column: no partition discovery, which would type the folders
        frame = spark.read.option("recursiveFileLookup", "true").parquet(str(folder / table))
        if table in RECORD_TYPES:
            frame = frame.select(*(c.name for c in columns(RECORD_TYPES[table])))
        frame.createOrReplaceTempView(table)


def _polars(rows: list[Any], schema: list[tuple[str, str]]) -> pl.DataFrame:
    """Spark's rows as a polars frame typed from Spark's column types (decimals as floats)."""
    types = {name: POLARS_TYPES.get(kind, pl.Float64() if kind.startswith("decimal") else None)
             for name, kind in schema}
    data = {name: [row[i] for row in rows] for i, (name, _) in enumerate(schema)}
    return pl.DataFrame({n: pl.Series(n, v, dtype=types[n], strict=False)
                         for n, v in data.items()})


class SparkDatabase:
    """Runs named queries on Spark over a lake registered with register_lake, returning
    polars frames like store.database.Database (so the funder tables can be built on it)."""

    def __init__(self, spark: SparkSession, folder: Path) -> None:
        self.spark, self.path = spark, folder

    def frame(self, name: str, **params: Any) -> pl.DataFrame:
        """The named query's result, as Database.frame gives it on DuckDB."""
        sql, args = translate(sql_text(name), params)
        result = self.spark.sql(sql, args=args or None)
        return _polars(result.collect(), result.dtypes)


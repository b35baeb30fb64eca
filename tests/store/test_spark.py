"""The funder report's SQL runs on Apache Spark SQL (local mode) over the Parquet lake, through
the one translation step, and gives the DuckDB file's answers; so do the funder tables built
on it. The Spark tests are the `spark` group (`pytest -m spark`; `make test` runs it)."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from queries.funder import funder_period, tables
from queries.scope import Every, Scope, program_params
from store.database import Database, sql_text
from store.spark import SparkDatabase, register_lake, translate
from tests.queries.compare import same

# The named queries queries/funder_cells.py builds the funder report from.
FUNDER_QUERIES = ("programs", "workers", "enrollment_engagement", "discharges",
                  "followup_by_month", "six_month_interviews", "abstinence_by_month",
                  "recurrence_times", "acute_care_by_quarter", "worker_checkins")
spark = pytest.mark.spark


def _missing() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install -e '.[spark]', or make test)"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "no Java runtime (Spark needs Java 17): apt-get install openjdk-17-jre-headless"
    return None


@pytest.fixture(scope="session")
def spark_db(lake_folder: Path) -> SparkDatabase:
    """Spark in local mode with the lake's tables as views."""
    if (missing := _missing()) is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"The Spark tests cannot run in CI: {missing}")
        pytest.skip(missing)
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("peerdash-tests")
               .config("spark.sql.shuffle.partitions", "4")
               # the test data is tiny: re-planning between stages and generating code for
               # every query would take longer than running it
               .config("spark.sql.adaptive.enabled", "false")
               .config("spark.sql.codegen.wholeStage", "false")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.session.timeZone", "UTC")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    register_lake(session, lake_folder)
    yield SparkDatabase(session, lake_folder)
    session.stop()


@pytest.fixture(scope="session")
def period(last_day: date) -> tuple[date, date]:
    """The funder report's whole quarters of the sample's last two years."""
    return funder_period(Scope(Every.ALL, date(2024, 10, 1), last_day), last_day)


def funder_params(file_db: Database, period: tuple[date, date],
                  last_day: date) -> dict[str, object]:
    """As funder_cells binds them: every program by id, no workers, whole quarters (the
    funder tables below run them for each program alone too)."""
    ids = file_db.frame("programs")["program_id"].to_list()
    return {**Scope(tuple(ids), *period).params(), "last_day": last_day}


def test_a_list_becomes_an_array_of_bound_scalars_and_no_programs_an_empty_typed_array():
    sql, args = translate(sql_text("workers"), {**program_params(("p1", "007")), "start": 1})
    assert "ARRAY_CONTAINS(CAST(ARRAY(:programs_0, :programs_1) AS ARRAY<STRING>), program_id)" \
        in sql
    # bound, never in the text; workers reads scope_programs alone: only its parameters
    assert args == {"every_program": False, "programs_0": "p1", "programs_1": "007"}
    sql, args = translate(sql_text("workers"), program_params(()))
    assert "ARRAY_CONTAINS(CAST(ARRAY() AS ARRAY<STRING>), program_id)" in sql
    assert args == {"every_program": False}


def test_dates_stay_bound_and_duckdb_only_forms_are_rewritten():
    day = date(2026, 3, 31)
    sql, args = translate(sql_text("acute_care_by_quarter"),
                          {**program_params(Every.ALL), "start": day, "end": day,
                           "last_day": day})
    assert args == {"every_program": True, "every_worker": True, "start": day, "end": day,
                    "last_day": day}
    assert "EXPLODE(SEQUENCE(" in sql and "generate_series" not in sql.lower()
    assert "LIST_CONTAINS" not in sql
    sql, _ = translate(sql_text("recurrence_times"), {"last_day": day})
    assert "DATEDIFF(" in sql and "date_diff" not in sql.lower()


@spark
@pytest.mark.parametrize("name", FUNDER_QUERIES)
def test_each_funder_query_gives_the_same_rows_on_spark(name, spark_db, file_db, period,
                                                        last_day):
    params = funder_params(file_db, period, last_day)
    expected = file_db.frame(name, **params)
    assert expected.height > 0, f"{name}: nothing to compare"
    same(name, expected, spark_db.frame(name, **params))


@spark
def test_the_funder_tables_built_on_spark_are_the_duckdb_files(spark_db, file_db, period,
                                                               last_day):
    on_duckdb = tables(file_db, period, last_day)
    on_spark = tables(spark_db, period, last_day)
    assert on_duckdb.keys() == on_spark.keys()
    for key in on_duckdb:
        same(key, on_duckdb[key], on_spark[key])
    counted = pl.concat([t.select("numerator") for t in on_spark.values()])["numerator"]
    assert counted.sum() > 1000  # the sample's quarters, not empty tables

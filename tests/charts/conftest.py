"""Chart fixtures: the page frames of a database with hundreds of workers and dozens of
programs, read by the real queries."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from queries.attention import Thresholds
from queries.funder import funder_figures
from queries.scope import Every, Scope
from queries.workforce import WorkforceFigures, workforce_frames
from store.database import Database
from tests.charts.large import large_database
from tests.conftest import AS_OF

START = date(2025, 12, 1)  # the default view: the last twelve months


@pytest.fixture(scope="session")
def large_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return large_database(tmp_path_factory)


@pytest.fixture(scope="session")
def large_db(large_path: Path) -> Database:
    con = duckdb.connect(str(large_path), read_only=True)
    yield Database(con, large_path)
    con.close()


@pytest.fixture(scope="session")
def large_workforce(large_db: Database) -> WorkforceFigures:
    """The Workforce page's frames over every program, as the page gets them."""
    return workforce_frames(large_db, Scope(Every.ALL, START, AS_OF), Thresholds())


@pytest.fixture(scope="session")
def large_funder(large_db: Database) -> dict[str, pl.DataFrame]:
    """The funder report's suppressed frames over every program, as a funder gets them."""
    return funder_figures(large_db, Scope(Every.ALL, date(2025, 10, 1), date(2026, 9, 30)), AS_OF,
                          "funder")

"""AppTest fixtures for every page: a read-write copy of the sample for the app to open, which
demo mode (no sign-in) may open because the tests say so."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def app_db(sample_path: Path, tmp_path_factory) -> Path:
    """A copy of the sample for the app to open read-write (tests read the original)."""
    copy = tmp_path_factory.mktemp("app") / "app.duckdb"
    shutil.copy(sample_path, copy)
    return copy


@pytest.fixture(autouse=True)
def demo_any_database(monkeypatch) -> None:
    """Demo mode opens only the sample unless this setting allows otherwise."""
    monkeypatch.setenv("PEERDASH_DEMO_ANY_DATABASE", "true")


@pytest.fixture(scope="module")
def large_app_db(tmp_path_factory) -> Path:
    """A copy of the large generated database (hundreds of workers, 40 programs) for the app."""
    from tests.charts.large import large_database

    copy = tmp_path_factory.mktemp("large-app") / "app.duckdb"
    shutil.copy(large_database(tmp_path_factory), copy)
    return copy


@pytest.fixture
def own_db(sample_path: Path, tmp_path: Path) -> Path:
    """A copy of the sample of the test's own, for a test that writes (a form, an import)."""
    copy = tmp_path / "app.duckdb"
    shutil.copy(sample_path, copy)
    return copy


@pytest.fixture(scope="module")
def harbor_worker(sample) -> tuple[str, str]:
    """A peer specialist of Harbor on staff at the sample's end: id and name."""
    return sample.execute(
        "select worker_id, display_name from workers where program_id = 'harbor' and role = "
        "'peer_specialist' and left_on is null order by worker_id limit 1").fetchone()

"""AppTest fixtures for every page: a read-write copy of the sample for the app to open."""

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

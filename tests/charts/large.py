"""A generated database larger than the sample: more workers than charts.crowd.MANY and more
programs than charts.funder_crowd.MANY_PROGRAMS, so that the charts draw what they draw for a
state. Built once per test session and shared by the chart and page tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from sample_data.generate import Scale, generate
from tests.conftest import AS_OF, SEED

LARGE = 20_000  # enrollments: about 580 workers in 40 programs (the sample: 87 in 6)


def large_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The large database's path, generated on first use in the session's temporary folder."""
    path = tmp_path_factory.getbasetemp() / "large" / "large.duckdb"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        generate(path, Scale(seed=SEED, enrollments=LARGE, as_of=AS_OF))
    return path

"""The cached page queries cut the scope to the viewer's programs themselves, and refuse
identified rows to roles that see only suppressed figures."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from access.viewer import NotAllowed, Viewer
from metrics.instruments import ROUNDING, SPREAD
from queries.attention import thresholds
from queries.scope import Every, Scope
from settings import Settings
from tests.conftest import AS_OF, scalar
from ui import data as cached

HARBOR = Viewer("s@example.org", "supervisor", ("harbor",), signed_in=True)


@pytest.fixture(scope="module")
def copy(sample_path: Path, tmp_path_factory) -> str:
    """A copy for the store's read-write connection (the `sample` fixture reads the original)."""
    path = tmp_path_factory.mktemp("store") / "store.duckdb"
    shutil.copy(sample_path, path)
    return str(path)


def test_a_scope_naming_another_program_yields_nothing_of_it(copy, sample):
    path, version = copy, 1
    mesa = Scope(("mesa",), AS_OF.replace(month=1, day=1), AS_OF)
    shown = cached.overview(path, version, mesa, AS_OF, 25.0, HARBOR)["active"]
    assert shown["numerator"].sum() == 0
    everyone = cached.overview(path, version, mesa, AS_OF, 25.0, Viewer("a", "analyst"))
    assert everyone["active"]["numerator"].max() == scalar(
        sample, "select count(*) from enrollments where program_id = 'mesa' and enrolled_on "
                "<= $d and (discharged_on is null or discharged_on > $d)", d=AS_OF)
    roster = cached.workforce(path, version, Scope(Every.ALL, mesa.start, AS_OF),
                             thresholds(Settings()), HARBOR).roster
    assert set(roster["program_name"]) == {"Harbor Recovery Community Center"}


@pytest.mark.parametrize("role", ["funder", "admin"])
def test_identified_queries_refuse_other_roles(copy, role):
    scope = Scope(Every.ALL, AS_OF.replace(day=1), AS_OF)
    with pytest.raises(NotAllowed):
        cached.engagement(copy, 1, scope, AS_OF, Viewer("f", role))


def test_a_funder_limited_to_programs_sees_only_them_and_never_a_month(copy, sample):
    # A funder of Harbor gets Harbor's rows of the one release, whatever they ask, and no
    # monthly series; its All programs row is every program's (the one release's total).
    funder = Viewer("f@example.org", "funder", ("harbor",), signed_in=True)
    asked = Scope(("mesa",), AS_OF.replace(month=1, day=1), AS_OF)
    with pytest.raises(NotAllowed):
        cached.overview(copy, 1, asked, AS_OF, 25.0, funder)
    e7 = cached.funder(copy, 1, date(2025, 10, 1), AS_OF, AS_OF, funder)["E7"]
    assert set(e7["program_id"].drop_nulls()) == {"harbor"}
    shown = e7.filter(pl.col("is_total") & ~pl.col("suppressed") & ~pl.col("window_open"))
    assert shown.height
    for quarter, discharges in shown.select("quarter", "denominator").iter_rows():
        exact = scalar(sample, "select count(*) from enrollments where "
                               "date_trunc('quarter', discharged_on) = $q", q=quarter)
        # shown rounded, up or down, to a multiple of ROUNDING (release/rounding.py)
        assert discharges % ROUNDING == 0 and abs(discharges - exact) <= SPREAD, (quarter, exact)

"""The funder release on the sample: it passes its audit, the audit catches the leaks the
secondary suppression closes, every hidden row says why, and every view is cut from it."""

from __future__ import annotations

import re
import shutil
from datetime import date

import polars as pl
import pytest

from queries.db import Database
from queries.disclosure import audit
from queries.funder import funder_figures, ready_truth, release_truth
from queries.release import DERIVED, build_release, main, release_cells, unit
from queries.scope import Every, Scope


@pytest.fixture(scope="module")
def db(sample, sample_path) -> Database:
    return Database(sample, sample_path)


@pytest.fixture(scope="module")
def truth(db):
    """The sample's tables before suppression, cut to the quarters that may be released."""
    return ready_truth(release_truth(db, db.frame("data_span").row(0)[1]))


@pytest.fixture(scope="module")
def release(truth):
    """The protection of those quarters, as funder_release builds it when it first
    releases them (and keeps it from then on)."""
    return build_release(truth)


def test_the_sample_release_passes_and_never_says_why_a_row_is_hidden(release):
    assert release.passed and release.verdicts
    assert release.primary and release.secondary
    assert not release.primary & release.secondary
    for table in release.tables.values():
        hidden = table.filter("suppressed")
        assert hidden["value"].null_count() == hidden.height  # nothing of a hidden row shows
        assert "hidden_because" not in table.columns  # small or protecting: never told apart


def test_without_the_secondary_suppression_the_audit_finds_the_deaths_and_jailings(truth,
                                                                                release):
    """Hiding only the rows with small counts leaves, for one, E7's discharges minus A1's
    eligible discharges: the deceased and incarcerated, pinned exactly."""
    cells, atoms = release_cells(truth)
    derived = {c.unit for c in cells if c.unit.startswith(DERIVED)}
    exposed = [v for v in audit(cells, atoms, set(release.primary) | derived) if not v.safe]
    assert any(v.quantity.startswith("discharges/0/0|") and v.low == v.high == v.true
               for v in exposed)
    assert not [v for v in audit(cells, atoms, release.primary | release.secondary | derived)
                if not v.safe]


def test_two_spans_are_cut_from_one_release_and_agree_on_every_quarter_they_share(db):
    last = db.frame("data_span").row(0)[1]
    year = funder_figures(db, Scope(Every.ALL, date(2025, 10, 1), last), last, "funder")
    half = funder_figures(db, Scope(Every.ALL, date(2026, 4, 1), last), last, "funder")
    for key, frame in half.items():
        shared = year[key].filter(pl.col("quarter") >= date(2026, 4, 1))
        assert shared.equals(frame), key


def test_every_hidden_unit_is_a_row_of_the_tables(release):
    rows = {unit(k, (p, q)) for k, t in release.tables.items()
            for p, q in t.select("program_id", "quarter").iter_rows()}
    assert release.primary | release.secondary <= rows


def test_the_audit_runs_from_the_command_line(sample_path, capsys, tmp_path):
    assert main(["--db", str(sample_path)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1].startswith("PASS: ")
    assert "\tsafe\t" not in out and out.count("safe\t") > 100
    assert main(["--db", str(tmp_path / "none.duckdb")]) == 2


def test_keep_releases_the_quarters_now_due_once_so_no_funder_waits(sample_path, capsys,
                                                                    tmp_path):
    copy = tmp_path / "sample.duckdb"  # its own records start empty
    shutil.copyfile(sample_path, copy)
    assert main(["--db", str(copy), "--keep"]) == 0
    first = capsys.readouterr().out.splitlines()[-1]
    assert first.startswith("PASS: ") and "The quarters released now" in first
    assert int(re.search(r"served ([\d,]+) metric-quarters", first).group(1)) > 0
    assert main(["--db", str(copy), "--keep"]) == 0  # nothing new: nothing audited again
    again = capsys.readouterr().out.splitlines()[-1]
    assert again.startswith("PASS: 0 counts of 1 to 10 checked")

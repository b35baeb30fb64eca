"""The funder release on the sample: it passes its audit, rounding closes the leaks exact
counts would leave, no hidden row says why, and every view is cut from it."""

from __future__ import annotations

import re
import shutil
from datetime import date

import duckdb
import polars as pl
import pytest

from metrics.funder import FUNDER_METRICS
from queries.funder import funder_figures, funder_release, ready_truth, release_truth
from queries.scope import Every, Scope
from release import build as release_module
from release.__main__ import main
from release.build import DERIVED, build_release, release_cells, unit
from release.disclosure import audit, primary
from release.kept import kept_counts
from store.database import Database
from store.own import own_path
from tests.attack.versions import late_import


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
    assert release.primary and not release.primary & release.secondary
    for table in release.tables.values():
        hidden = table.filter("suppressed")
        assert hidden["value"].null_count() == hidden.height  # nothing of a hidden row shows
        assert "hidden_because" not in table.columns  # small or protecting: never told apart


def test_exact_counts_would_give_the_deaths_and_jailings_away_rounded_ones_do_not(truth,
                                                                                 release):
    """Hiding only the rows with small counts, exact counts leave, for one, E7's discharges
    minus A1's eligible discharges: the deceased and incarcerated, pinned exactly. The same
    rows hidden with every count rounded to 5 at random pass: each such difference now spans
    more than 10 values."""
    cells, atoms = release_cells(truth)
    derived = {c.unit for c in cells if c.unit.startswith(DERIVED)}
    exposed = [v for v in audit(cells, atoms, set(release.primary) | derived) if not v.safe]
    assert any(v.quantity.startswith("discharges/0/0|") and v.low == v.high == v.true
               for v in exposed)
    rounded, _ = release_cells(truth, b"a key")
    verdicts = audit(rounded, atoms, set(primary(rounded, atoms)) | derived, exact=True)
    assert verdicts and all(v.safe for v in verdicts)
    deaths = [v for v in verdicts if v.quantity.startswith("discharges/0/0|") and v.hidden]
    assert deaths and all(v.high - v.low > 10 or v.low <= 0 for v in deaths)


def test_every_shown_count_is_a_multiple_of_5_near_its_count_and_rates_are_of_those(truth,
                                                                                    release):
    for key, table in release.tables.items():
        exact = truth[key]
        shown = table.filter(~pl.col("suppressed")).join(
            exact, on=["quarter", "program_id"], nulls_equal=True, suffix="_true")
        for field in ("numerator", "denominator"):
            pair = shown.select(field, f"{field}_true").drop_nulls()
            assert (pair[field] % 5 == 0).all(), key
            assert ((pair[field] - pair[f"{field}_true"]).abs() <= 4).all(), key
        if FUNDER_METRICS[key].kind == "proportion":
            rated = shown.filter(pl.col("denominator") > 0)
            assert (rated["value"] - rated["numerator"] / rated["denominator"]).abs().max() < 1e-12


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


def _year_sums(counts: pl.DataFrame, year: int) -> dict[str, int]:
    rows = counts.filter(~pl.col("is_total"), pl.col("quarter").dt.year() == year)
    return dict(rows.group_by("program_id").agg(pl.col("numerator").sum()).iter_rows())


def test_a_whole_year_is_its_quarters_as_kept_rounded_not_as_corrected_later(sample_path,
                                                                              tmp_path,
                                                                              monkeypatch):
    """Each program's 2025 overdoses: the four quarters' counts as they were kept, rounded;
    a program hidden in a quarter is shown over its year. Rebuilt after a late import of 20
    events into 2025 Q2, the year is still the quarters as kept (as the quarters are). One
    key for both builds: a fresh one draws the rounding again, and may hide the year."""
    monkeypatch.setattr(release_module, "new_key", lambda: b"one key for both builds")
    copy = tmp_path / "sample.duckdb"
    shutil.copyfile(sample_path, copy)
    con = duckdb.connect(str(copy))
    try:
        db = Database(con, copy)
        last_day = db.frame("data_span").row(0)[1]
        release = funder_release(db, last_day)
        sums = _year_sums(kept_counts(db)["R9"], 2025)
        names = dict(db.frame("programs").select("program_id", "program_name").iter_rows())
    finally:
        con.close()
    assert release.passed and "E6" not in release.years  # a median is no sum of quarters'
    years = release.years["R9"].filter(pl.col("year") == 2025, ~pl.col("suppressed"))
    assert years.height >= 3
    for program, shown in years.select("program_id", "numerator").iter_rows():
        assert shown % 5 == 0 and abs(shown - sums[program]) <= 4 and shown >= 15
    quarters = release.tables["R9"].filter(~pl.col("is_total"), pl.col("suppressed"),
                                           pl.col("quarter").dt.year() == 2025)
    assert set(quarters["program_id"]) & set(years["program_id"])  # hidden, then shown whole
    program = years["program_id"][0]
    with duckdb.connect(str(own_path(copy))) as own:
        own.execute("delete from released_years")  # as if 2025 Q4 were released only now
    later = late_import(copy, tmp_path / "later.duckdb", names[program], date(2025, 4, 1), 20)
    con = duckdb.connect(str(later))
    try:
        db = Database(con, later)
        again = funder_release(db, last_day)
        truth = _year_sums(release_truth(db, last_day)["R9"], 2025)
    finally:
        con.close()
    shown = again.years["R9"].filter(pl.col("program_id") == program)["numerator"].item()
    assert truth[program] == sums[program] + 20
    assert abs(shown - sums[program]) <= 4 and again.tables["R9"].equals(release.tables["R9"])

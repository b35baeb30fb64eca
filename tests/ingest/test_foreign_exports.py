"""The sample's foreign-shaped exports (python -m sample_data --foreign-exports): a month after
a small sample's records, as a case-management service log and a REDCap enrollments export,
load through their packaged mappings into the figures a person would check, once; and into the
same records as their contract-shaped equivalent loaded into a second copy of the database."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest

from ingest.__main__ import main as ingest
from sample_data.__main__ import main as sample_data

ENROLLMENTS = 300  # small: the month still holds a few hundred services and a few new episodes

# One row per episode that is new in the database, in words: who, where, with whom, when
EPISODES = """
select participant_id, program_id, worker_id, pathway, referral_source,
    cast(enrolled_on as varchar), cast(discharged_on as varchar), discharge_reason
from enrollments where enrollment_id not in (select enrollment_id from base.enrollments)
order by 1, 2, 3, 4, 5, 6, 7, 8
"""
# One row per service of the month, its episode named by its person and first day
SERVICES = """
select e.participant_id, cast(e.enrolled_on as varchar), c.worker_id,
    cast(c.contact_on as varchar), c.contact_type, c.mode, c.minutes
from contacts c join enrollments e using (enrollment_id)
where c.contact_id not in (select contact_id from base.contacts)
order by 1, 2, 3, 4, 5, 6, 7
"""


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A small sample (its records ending 30 days before today) and its foreign exports."""
    folder = tmp_path_factory.mktemp("foreign")
    db, exports = folder / "sample.duckdb", folder / "exports"
    assert sample_data(["--out", str(db), "--enrollments", str(ENROLLMENTS),
                        "--foreign-exports", str(exports)]) == 0
    return db, exports


@pytest.fixture
def copies(exported: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path, Path]:
    """Two copies of the sample to load into, and the untouched original."""
    base = exported[0]
    first, second = tmp_path / "foreign.duckdb", tmp_path / "contract.duckdb"
    shutil.copy(base, first)
    shutil.copy(base, second)
    return first, second, base


def _load_foreign(db: Path, exports: Path) -> None:
    assert ingest(["--db", str(db), "--mapping", str(exports / "redcap_enrollments.toml"),
                   str(exports / "redcap_enrollments.csv"),
                   str(exports / "redcap_data_dictionary.csv")]) == 0
    assert ingest(["--db", str(db), "--mapping", str(exports / "case_management.toml"),
                   str(exports / "service_log.csv")]) == 0


def _rows(db: Path, base: Path, sql: str, *params: object) -> list[tuple]:
    """`sql` on `db`, with the sample before any load attached as `base`."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        con.execute(f"attach '{base}' as base (read_only)")  # a test's own path
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_the_foreign_exports_load_through_their_mappings_once(exported, copies, capsys):
    _, exports = exported
    db, _, base = copies
    log = pl.read_csv(exports / "service_log.csv", infer_schema=False)
    redcap = pl.read_csv(exports / "redcap_enrollments.csv", infer_schema=False)
    assert log.height > 100 and redcap.height >= 3
    _load_foreign(db, exports)
    out = capsys.readouterr().out
    assert "Read as a REDCap data dictionary" in out and "'County'" in out
    # the busiest staff name of the log: their services of the month in the database are
    # exactly the log's rows naming them
    staff, rows = log.group_by("Staff Name").len().sort("len", "Staff Name",
                                                        descending=True).row(0)
    assert _rows(db, base, "select count(*) from contacts c join workers w using (worker_id) "
                 "where w.display_name = ? and c.contact_id not in "
                 "(select contact_id from base.contacts)", staff) == [(rows,)]
    assert len(_rows(db, base, SERVICES)) == log.height
    assert len(_rows(db, base, EPISODES)) == redcap.height
    # every service of the month falls in it: from the day after the sample's last to today
    first_day = pl.col("Date of Service").str.to_date("%m/%d/%Y").min()
    assert _rows(db, base, "select cast(min(contact_on) as varchar) from contacts where "
                 "contact_id not in (select contact_id from base.contacts)") == [
        (str(log.select(first_day).item()),)]
    _load_foreign(db, exports)  # the same exports again: the same keys, nothing new
    again = capsys.readouterr().out
    assert again.count("Nothing to load: every row is already in the database") == 2


def test_the_foreign_exports_give_the_records_of_their_contract_shaped_equivalent(exported,
                                                                                 copies):
    _, exports = exported
    foreign, contract, base = copies
    _load_foreign(foreign, exports)
    same = exports / "contract_shape"
    assert ingest(["--db", str(contract), str(same / "enrollments.csv"),
                   str(same / "contacts.csv")]) == 0
    for sql in (EPISODES, SERVICES):  # keys differ (made from cells vs the generator's)
        shown = _rows(contract, base, sql)
        assert shown and _rows(foreign, base, sql) == shown


def test_a_month_that_would_reach_past_today_is_refused_with_the_day_to_give(tmp_path, capsys):
    with pytest.raises(SystemExit) as refused:
        sample_data(["--out", str(tmp_path / "s.duckdb"), "--as-of", date.today().isoformat(),
                     "--foreign-exports", str(tmp_path / "exports")])
    assert refused.value.code == 2
    err = capsys.readouterr().err
    assert f"give --as-of {date.today() - timedelta(days=30)} or earlier" in err
    assert not (tmp_path / "s.duckdb").exists()

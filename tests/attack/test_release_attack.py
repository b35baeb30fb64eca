"""The attacker on the real release of the sample (issue 29's "done when"): what a funder of all
programs, two funders of overlapping programs, and a funder who kept the version before a late
import are served; no count of 1 to 10 may be pinned narrower than the 1 to 10 a "fewer than
11" note says. Marked `attack`: it runs only with `pytest -m attack tests/attack`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.attack.attack import Attack, attack
from tests.attack.parse import TOTAL, View, read
from tests.attack.served import served
from tests.attack.truth import Truth
from tests.attack.versions import late_import

pytestmark = pytest.mark.attack


def _view(path: Path, programs: tuple[str, ...] | None, version: int = 0) -> View:
    shown = served(path, programs)
    assert shown is not None
    return read(shown.csvs, shown.html, version)


def _said(found: Attack) -> str:
    narrow = [f for f in found.leaks if (f.low, f.high) != (1, 10)]
    lines = [f"{f.target.family} {f.target.quarter} v{f.target.versions} {f.target.kind} "
             f"{f.target.programs}: {f.target.quantity.name} in [{f.low:g}, {f.high:g}], "
             f"true {f.true}" for f in narrow[:20]]
    lines += [f"mean of {f.target.programs} (n = {f.true}): {m:.2f}" for f, m in found.means]
    return f"{len(narrow)} pinned, {len(found.means)} means:\n" + "\n".join(lines)


def _clean(found: Attack) -> bool:
    return not found.wrong and not found.means and all(
        (f.low, f.high) == (1, 10) for f in found.leaks)


@pytest.fixture(scope="module")
def ids(sample_path: Path) -> list[str]:
    con = duckdb.connect(str(sample_path), read_only=True)
    try:
        return [r[0] for r in con.execute("select program_id from programs order by 1").fetchall()]
    finally:
        con.close()


def test_a_funder_of_all_programs_can_work_out_no_small_count(sample_path):
    found = attack([_view(sample_path, None)], Truth({0: sample_path}))
    assert not found.infeasible
    assert _clean(found), _said(found)


def test_two_funders_of_overlapping_programs_together_work_out_none(sample_path, ids):
    views = [_view(sample_path, tuple(ids[:4])), _view(sample_path, tuple(ids[2:5]))]
    found = attack(views, Truth({0: sample_path}))
    assert _clean(found), _said(found)


def test_a_late_import_against_the_version_before_it_gives_nothing_away(sample_path,
                                                                         tmp_path):
    before = _view(sample_path, None)
    small = [(p, q) for (k, q, p), r in before.rows.items()
             if k == "R9" and p != TOTAL and r.hidden is not None]
    program, quarter = small[-1]
    year, q = quarter.split(" Q")
    later = late_import(sample_path, tmp_path / "late.duckdb", program,
                        date(int(year), 3 * int(q) - 2, 1))
    found = attack([before, _view(later, None, 1)], Truth({0: sample_path, 1: later}))
    assert _clean(found), _said(found)

"""The audit trail as an admin reads it at 1280x720: a download's long filters wrap in their
cell, its row chosen shows them whole below the table, the table keeps inside the page, and the
trail's CSV holds the filters in words with the JSON as kept beside them."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import Page, expect

from tests.browser.auth import TIMEOUT
from tests.browser.conftest import ARTIFACTS, running_app
from tests.browser.grids import grid_script
from tests.browser.waits import settle

pytestmark = pytest.mark.browser

PROGRAMS = {"harbor": "Harbor Recovery Community Center",
            "northside": "Northside Peer Recovery Services"}
LONG = {"page": "workforce", "programs": list(PROGRAMS), "start": "2025-12-01",
        "end": "2026-11-20", "workers": None}
IN_WORDS = (f"Programs: {PROGRAMS['harbor']}, {PROGRAMS['northside']}; 1 Dec 2025 to "
            "20 Nov 2026; page Workforce")
SIZED = grid_script("""
  const g = GRIDS()[0], p = g && gridProps(g);
  if (!p || !p.columns.every(c => typeof c.width === 'number')) return false;
  const now = JSON.stringify([g.getBoundingClientRect().width, p.columns.map(c => c.width)]);
  const same = window.peerdashGridWidths === now;
  window.peerdashGridWidths = now;
  return same;""")
WIDTHS = grid_script("return gridProps(GRIDS()[0]).columns.map(c => [c.title, c.width]);")


@pytest.fixture
def trail_app(sample_path: Path, tmp_path: Path):
    """The sample with one sign-in and one download, whose filters name two programs."""
    path = tmp_path / "trail.duckdb"
    shutil.copy(sample_path, path)
    with duckdb.connect(str(path)) as con:
        names = dict(con.execute("select program_id, program_name from programs").fetchall())
        assert {k: names[k] for k in PROGRAMS} == PROGRAMS
        con.execute("delete from audit_log")
        con.execute("insert into audit_log (happened_at, who, role, action, what, filters) "
                    "values (timestamp '2026-11-02 09:15:00', 'ana@example.org', 'analyst', "
                    "'download', 'workforce: caseload.csv', $f), "
                    "(timestamp '2026-11-01 08:00:00', 'ana@example.org', 'analyst', "
                    "'sign_in', 'signed in as analyst', null)", {"f": json.dumps(LONG)})
    with running_app(path, tmp_path / "streamlit.log") as url:
        yield url


def test_long_filters_wrap_read_whole_and_download_in_words(trail_app: str, page: Page,
                                                            tmp_path: Path):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{trail_app}/audit?role=admin")
    grid = page.locator('[data-testid="stDataFrame"]')
    expect(grid).to_be_visible(timeout=TIMEOUT)
    settle(page)
    # the grid sizes its columns to its width once drawn: the same sizes at two looks 100 ms
    # apart
    page.wait_for_function(SIZED, polling=100, timeout=TIMEOUT)
    # the table inside the page: its columns, Filters last, add up to no more than it is wide
    widths = page.evaluate(WIDTHS)
    box = grid.bounding_box()
    assert widths[-1][0] == "Filters" and sum(w for _, w in widths) <= box["width"], widths
    page.mouse.click(box["x"] + 16, box["y"] + 36 + 88 / 2)  # the first row's tick box
    expect(page.get_by_text(f"workforce: caseload.csv (2 Nov 2026): {IN_WORDS}."))\
        .to_be_visible(timeout=TIMEOUT)
    page.screenshot(path=ARTIFACTS / "audit-trail-filters.png", full_page=True)

    with page.expect_download(timeout=TIMEOUT) as download:
        page.get_by_role("button", name="Download CSV").click()
    saved = tmp_path / "audit.csv"
    download.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert [(r["what"], r["filters"]) for r in rows] == [
        ("workforce: caseload.csv", IN_WORDS), ("signed in as analyst", "")]
    assert json.loads(rows[0]["filters_json"]) == LONG  # as kept, ids and ISO days

"""The app tried as an attacker would, in a real browser, over the sample with hostile names: a
program named with a markdown image and workers named with spreadsheet formulas (the OWASP
list; the import refuses them now, an older database may hold them). Every page of every role
asks nothing of any host but the app's own, shows the names as text, offers no unaudited
download (no dataframe toolbar CSV, no plotly png); every download button clicked is one row of
the audit trail, and every CSV holds the formulas as text."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

import duckdb
import pytest
from playwright.sync_api import Page, expect

from access.roles import ROLES
from charts.common import quarter_label
from metrics.text import JOINER
from records.spreadsheet import FORMULA_PATTERN
from store.versions import bump_data_version
from tests.browser.conftest import ARTIFACTS, running_app
from tests.browser.grids import wait_for_cell
from tests.browser.test_overview_browser import TIMEOUT, settle
from tests.pages.apptest import every_section
from ui.access import pages_for

pytestmark = pytest.mark.browser

OUTSIDE = "127.0.0.1:8609"  # nothing listens there: a request to it is the only tell
EVIL = f"Evil ![p](http://{OUTSIDE}/x.png)"
SHOWN = EVIL.replace("http:", f"http{JOINER}:")  # the same to the eye; GFM sees no link in it
# OWASP's CSV-injection starts, also after leading spaces or quotes.
PAYLOADS = ("=1+2", "+1+2", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)", "\t=1+2", "\r=1+2",
            "  =1+2", '"=1+2')
DOWNLOADS = '[data-testid="stDownloadButton"] button'


@pytest.fixture(scope="module")
def hostile(sample_path: Path, tmp_path_factory) -> Iterator[str]:
    """The app over a copy of the sample whose Harbor program and busiest workers carry
    hostile names."""
    folder = tmp_path_factory.mktemp("hostile")
    db = folder / "served.duckdb"
    shutil.copy(sample_path, db)
    con = duckdb.connect(str(db))
    con.execute("update programs set program_name = $n where program_id = 'harbor'",
                {"n": EVIL})
    busiest = [r[0] for r in con.execute(
        "select worker_id from enrollments where discharged_on >= date '2026-10-01' "
        "group by worker_id order by count(*) desc, worker_id limit $k",
        {"k": len(PAYLOADS)}).fetchall()]
    for worker, name in zip(busiest, PAYLOADS, strict=True):
        con.execute("update workers set display_name = $n where worker_id = $w",
                    {"n": name, "w": worker})
    bump_data_version(con, "hostile names")
    con.close()
    with running_app(db, folder / "streamlit.log") as url:
        yield url


def open_page(page: Page, base: str, role: str, key: str, first: bool, query: str = "") -> None:
    """A role's page by its address, as a typed or shared link opens it (the first page of a
    role is its start page, at /); every section open (the Funder report's metrics, …)."""
    opened = "" if first else every_section(key)
    page.goto(f"{base}/{'' if first else key}?role={role}{opened}{query}")
    expect(page.locator("h1").first).to_be_visible(timeout=TIMEOUT)
    done(page)


def done(page: Page) -> None:
    """settle, patient: the funder release (once per data version) and the PDF report take
    minutes on a busy machine."""
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=5 * TIMEOUT)
    settle(page)


def reveal(button) -> None:
    """Open the expander a button is folded into (the Upload page's blank templates)."""
    folded = button.locator("xpath=ancestor::details[1]/summary")
    if not button.is_visible() and folded.count():
        folded.click()
    button.scroll_into_view_if_needed(timeout=TIMEOUT)


def toolbar_offers(page: Page) -> set[str]:
    """The dataframe toolbar buttons offered on hovering each table."""
    offered = set()
    for frame in page.locator('[data-testid="stDataFrame"]').all():
        frame.hover()
        toolbar = page.locator('[data-testid="stElementToolbar"] button')
        offered |= {b.get_attribute("aria-label") or "" for b in toolbar.all()}
    return offered


def test_no_page_of_any_role_asks_another_host_or_offers_an_unaudited_download(
        hostile: str, page: Page):
    asked: list[tuple[str, str, str]] = []
    where = {"page": ""}
    page.on("request", lambda r: asked.append((where["page"], r.method, r.url)))
    toolbars, modebars, opened = set(), set(), []
    for role in ROLES:
        for i, spec in enumerate(pages_for(role)):
            where["page"] = f"{role}:{spec.key}"
            open_page(page, hostile, role, spec.key, i == 0)
            toolbars |= toolbar_offers(page)
            for chart in page.locator('[data-testid="stPlotlyChart"]').all()[:3]:
                chart.hover()
                modebars |= {b.get_attribute("data-title") or "" for b in
                             chart.locator(".modebar-btn").all()}
            opened.append(where["page"])
    assert len(opened) == sum(len(pages_for(r)) for r in ROLES)
    outside = [a for a in asked if not a[2].startswith((hostile, "data:", "blob:"))]
    assert not outside, outside[:10]
    assert len(asked) > 50  # the pages loaded their scripts, styles and fonts from the app
    assert "Search" in toolbars and "Download as CSV" not in toolbars  # the toolbar, minus CSV
    assert "Download plot as a png" not in modebars


def test_names_from_the_data_are_shown_as_text_and_fetch_nothing(hostile: str, page: Page):
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    open_page(page, hostile, "analyst", "overview", True, "&programs=" + quote(EVIL))
    expect(page.get_by_text(f"{SHOWN} · 1 Dec 2025 to 20 Nov 2026")).to_be_visible()
    open_page(page, hostile, "analyst", "engagement", False)
    reading = page.get_by_text(re.compile(re.escape(f"lowest: {SHOWN} at ")))
    expect(reading.first).to_be_visible(timeout=TIMEOUT)
    ARTIFACTS.mkdir(exist_ok=True)
    reading.first.scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / "hostile-names-engagement.png")
    main = page.locator('[data-testid="stMain"]')
    assert main.locator(f'img[src*="{OUTSIDE}"], a[href*="{OUTSIDE}"]').count() == 0
    open_page(page, hostile, "supervisor", "aftercare", False, "&programs=" + quote(EVIL))
    wait_for_cell(page, PAYLOADS[0], TIMEOUT)  # the call list's worker, as text
    assert not [u for u in asked if OUTSIDE in u]


def click_every_download(page: Page, folder: Path, some: bool) -> list[tuple[str, Path]]:
    """Click each download button of the page once; the files, as (suggested name, path). On a
    page that has `some`, wait for the first (the Funder report's come after its release)."""
    got = []
    if some:
        expect(page.locator(DOWNLOADS).first).to_be_attached(timeout=5 * TIMEOUT)
    while len(got) < page.locator(DOWNLOADS).count():  # counted again after each rerun
        button = page.locator(DOWNLOADS).nth(len(got))
        reveal(button)
        with page.expect_download(timeout=5 * TIMEOUT) as download:
            button.click()
        # No pause: the audit row is written as the file is served (ui.audit.audited), so a
        # click followed at once by another, or by leaving the page, keeps its row.
        saved = folder / f"{len(got)}-{download.value.suggested_filename}"
        download.value.save_as(saved)
        got.append((download.value.suggested_filename, saved))
        done(page)
    return got


def rows_of(path: Path) -> list[list[str]]:
    """A CSV's rows as written: a carriage return inside a cell stays one (read_text would
    turn it into a new line)."""
    with open(path, encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))


def formula_cells(path: Path) -> list[str]:
    """Cells of a CSV that a spreadsheet would evaluate: starting (after spaces or quotes)
    with = + - @ tab or CR, not neutralised by a leading apostrophe, and not a plain number."""
    return [cell for row in rows_of(path) for cell in row if re.match(FORMULA_PATTERN, cell)
            and not cell.startswith("'") and not re.fullmatch(r"-?\d+(\.\d+)?(e-?\d+)?", cell)]


def audit_trail(page: Page, base: str, folder: Path) -> list[dict[str, str]]:
    """The audit trail as an admin downloads it from the Audit trail page."""
    open_page(page, base, "admin", "audit", False)
    with page.expect_download(timeout=TIMEOUT) as download:
        page.get_by_role("button", name="Download CSV").click()
    saved = folder / "audit.csv"
    download.value.save_as(saved)
    return list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))


def test_every_download_a_role_has_is_one_audit_row_and_holds_formulas_as_text(
        hostile: str, page: Page, tmp_path: Path):
    files: list[tuple[str, str, Path]] = []  # (role:page, file name, path)
    some = {"analyst:engagement", "analyst:aftercare", "analyst:workforce", "analyst:outcomes",
            "analyst:funder", "analyst:upload", "funder:funder"}
    for role in ("analyst", "funder"):
        for i, spec in enumerate(pages_for(role)):
            open_page(page, hostile, role, spec.key, i == 0)
            where = f"{role}:{spec.key}"
            files += [(where, name, path)
                      for name, path in click_every_download(page, tmp_path, where in some)]
    assert some <= {w for w, _, _ in files}
    trail = audit_trail(page, hostile, tmp_path)
    downloads = [r for r in trail if r["action"] == "download" and r["who"] != "demo admin"]
    assert len(downloads) == len(files)  # one row per click, none skipped, none doubled
    assert sorted(r["what"].split(" ")[0] for r in downloads) == sorted(n for _, n, _ in files)
    assert {r["who"] for r in downloads} == {"demo analyst", "demo funder"}
    for row in downloads:  # the Funder report's rows: the quarters it covers, not the sidebar's
        filters = json.loads(row["filters_json"])  # the trail file's raw column
        if filters["page"] == "funder":
            start, end = date.fromisoformat(filters["start"]), date.fromisoformat(filters["end"])
            after = end + timedelta(days=1)
            assert (start.day, after.day, start.month % 3, after.month % 3) == (1, 1, 1, 1)
            assert filters["quarters"] == f"{quarter_label(start)} to {quarter_label(end)}"
            assert filters["start"] != "2025-12-01"  # the sidebar's first day is not a quarter's
        else:
            assert filters.get("quarters") is None
    csvs = [(w, n, p) for w, n, p in files if n.endswith(".csv")]
    assert {(w, n): formula_cells(p) for w, n, p in csvs if formula_cells(p)} == {}
    cells = {c for _, _, p in csvs for row in rows_of(p) for c in row}
    assert {"'" + payload for payload in PAYLOADS} <= cells  # each name, as text

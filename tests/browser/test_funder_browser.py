"""The Funder report in a real browser: a funder opens it from the menu, sees the summary and
the programs compared with no chart, opens a metric to see its charts, and downloads the report,
whose HTML carries a chart for every metric and works offline, and the board pack, whose PDF
(read back with poppler's pdftotext and pdftoppm) opens with the summary, holds every reading
in at most 10 pages, has no toolbar and no page that is only a heading."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import polars as pl
import pytest
from playwright.sync_api import Page, expect

from charts.funder import compares
from metrics.funder import FUNDER_METRICS
from queries.funder import funder_release
from store.database import Database
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_overview_browser import CHART, TIMEOUT, choose, settle
from tests.browser.waits import drawn

pytestmark = pytest.mark.browser


def open_as_funder(server: str, page: Page) -> None:
    page.goto(server)
    expect(page.locator(CHART).first).to_be_visible(timeout=TIMEOUT)
    settle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    choose(sidebar.locator('[data-testid="stSelectbox"] input'), "Funder")
    settle(page)
    sidebar.get_by_role("link", name="Funder report").click()
    expect(page.get_by_role("heading", name="Funder report")).to_be_visible(timeout=TIMEOUT)
    settle(page)


# The Funder report's address with every metric's section open, as a link to them opens it:
# every chart, table and CSV a funder can get, for the tests that look at all of them.
EVERY_SECTION = "".join(f"&open_{key}=true" for key in FUNDER_METRICS)


def open_metric(page: Page, title: str) -> None:
    """Open a metric's section by its label, as a funder clicks it; wait for its charts."""
    section = page.locator('[data-testid="stExpander"]').filter(
        has=page.locator("summary", has_text=title)).first
    section.locator("summary").click()
    settle(page)
    expect(section.locator('[data-testid="stDataFrame"]').first).to_be_visible(timeout=TIMEOUT)
    drawn(page)


def open_every_metric(page: Page) -> None:
    """Every metric's section opened, in turn: all the charts, tables and CSVs a funder gets."""
    for metric in FUNDER_METRICS.values():
        open_metric(page, metric.title)


def test_a_funder_reads_the_summary_then_opens_a_metric(server: str, page: Page, tmp_path):
    open_as_funder(server, page)
    expect(page.get_by_text("All 6 programs · 2025 Q1 to 2026 Q3")).to_be_visible()
    expect(page.get_by_role("heading", name="Summary")).to_be_visible()
    expect(page.get_by_role("heading", name="Programs compared")).to_be_visible()
    expect(page.get_by_role("heading", name="Is anyone better off?")).to_be_visible()
    charts = page.locator('[data-testid="stPlotlyChart"]')
    expect(charts).to_have_count(0)  # nothing drawn until a metric is opened
    open_metric(page, FUNDER_METRICS["R1"].title)
    expect(charts).to_have_count(2)  # its trend and its funnel
    expect(page.locator('[data-testid="stPlotlyChart"] .main-svg').first).to_be_visible()
    assert "open_R1=true" in page.url  # a link that opens it again
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "funder.png", full_page=True)

    with page.expect_download(timeout=TIMEOUT) as download:
        page.get_by_role("button", name=re.compile("Download the report \\(HTML\\)")).click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "funder_report_2025Q1_2026Q3.html"
    html = saved.read_text(encoding="utf-8")
    assert html.count("plotly.js v") == 1  # embedded: the file needs no network
    for key in FUNDER_METRICS:
        assert f'id="chart-{key}-trend"' in html, key
    assert "* Hidden: fewer than 11" in html

    # The downloaded file draws its charts on its own, offline.
    page.goto(saved.as_uri())
    expect(page.locator("#chart-E4-trend .main-svg").first).to_be_visible(timeout=TIMEOUT)
    compared = [m for m in FUNDER_METRICS.values() if compares(m)]
    assert page.locator(".js-plotly-plot").count() == len(FUNDER_METRICS) + len(compared)
    assert page.locator("#chart-R2-trend .scatterlayer .trace").count() >= 2
    page.screenshot(path=ARTIFACTS / "funder-report.png", full_page=False)


def _readings(html: str) -> list[str]:
    """Every reading of the report (summary sentences, trend and funnel readings) as text."""
    return [unescape(m) for m in re.findall(r'<p class="reading">([^<]*)</p>', html)]


def _words(text: str) -> str:
    """Text as words, hyphens left out: a word the PDF breaks at its hyphen at a line's end
    ("Over-" / "dispersion") comes back from pdftotext without it."""
    return " ".join(text.replace("-", "").split())


def _pdf_pages(pdf: Path, folder: Path) -> list[str]:
    """Each page's text (pdftotext); the pages as PNGs beside it (pdftoppm), to look at."""
    if not (shutil.which("pdftotext") and shutil.which("pdftoppm")):
        pytest.fail("poppler-utils is not installed (apt-get install poppler-utils; "
                    "`make chromium` installs it)")
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(folder / "page")], check=True)
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True,  # in reading order
                          capture_output=True, text=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def test_the_board_pack_opens_with_the_summary_and_holds_every_reading(server: str, page: Page,
                                                                 tmp_path, sample, sample_path):
    db = Database(sample, sample_path)
    release = funder_release(db, db.frame("data_span").row(0)[1])
    open_as_funder(server, page)
    with page.expect_download(timeout=TIMEOUT) as download:
        page.get_by_role("button", name=re.compile("Download the report \\(HTML\\)")).click()
    html = Path(download.value.path()).read_text(encoding="utf-8")
    with page.expect_download(timeout=TIMEOUT) as download:
        page.get_by_role("button", name=re.compile("Download the board pack \\(PDF\\)")).click()
    saved = tmp_path / "report.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    ARTIFACTS.mkdir(exist_ok=True)
    pngs = ARTIFACTS / "funder-pdf"
    shutil.rmtree(pngs, ignore_errors=True)
    pngs.mkdir()
    pages = _pdf_pages(saved, pngs)
    assert len(list(pngs.glob("page-*.png"))) == len(pages) and 3 <= len(pages) <= 10

    first = _words(pages[0])
    assert first.startswith("Funder report: 2025 Q1 to 2026 Q3") and "Summary" in first
    assert "Quarter before" in first and "Year before" in first and "Target" in first
    assert "* Hidden: fewer than 11" in first  # the legend, on the page a board reads
    whole = _words(" ".join(pages))
    readings = _readings(html)
    assert len(readings) >= len(FUNDER_METRICS) * 2  # a summary sentence and a reading each
    missing = [r for r in readings if _words(r) not in whole]
    assert not missing, missing[:3]
    # "No data" only where there was truly nothing to count (and in the legend's one
    # sentence): every cell whose window has not closed says so
    open_cells = sum(t.filter("no_data", "window_open").height for t in release.tables.values())
    nothing = sum(t.filter("no_data", ~pl.col("window_open")).height
                  for t in release.tables.values())
    assert open_cells > 20 and whole.count("window not yet closed") >= open_cells
    assert whole.count("No data") <= nothing * 2 + 1  # a rate's cell and its interval's
    headings = {"How much did we do?", "How well did we do it?", "Is anyone better off?",
                "Summary", "Programs compared", "Appendix: the tables",
                *(m.title for m in FUNDER_METRICS.values())}
    for number, text in enumerate(pages, 1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert lines, f"page {number} is empty"
        assert not set(lines) <= headings, f"page {number} is only a heading: {lines}"
        assert lines[-1] not in headings, f"page {number} ends on a heading: {lines[-1]}"
    for toolbar in ("Download plot as a png", "Zoom in", "Autoscale", "Reset axes",
                    "Produced with Plotly"):
        assert toolbar not in whole
    assert 'class="modebar' not in html and '"displayModeBar": false' in html

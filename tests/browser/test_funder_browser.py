"""The Funder report in a real browser: a funder opens it from the menu, sees its charts, and
downloads the report, whose HTML carries a chart for every metric and works offline."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from charts.funder import compares
from metrics.funder import FUNDER_METRICS
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_overview_browser import CHART, TIMEOUT, choose, settle

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


def test_a_funder_downloads_the_report_with_its_charts(server: str, page: Page, tmp_path):
    open_as_funder(server, page)
    expect(page.get_by_text("All 6 programs · 2025 Q4 to 2026 Q3")).to_be_visible()
    expect(page.get_by_role("heading", name="Is anyone better off?")).to_be_visible()
    charts = page.locator('[data-testid="stPlotlyChart"] .main-svg')
    expect(charts.first).to_be_visible(timeout=TIMEOUT)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "funder.png", full_page=True)

    with page.expect_download(timeout=TIMEOUT) as download:
        page.get_by_role("button", name=re.compile("Download the report \\(HTML\\)")).click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "funder_report_2025Q4_2026Q3.html"
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


def test_the_pdf_is_printed_on_the_server(server: str, page: Page, tmp_path):
    open_as_funder(server, page)
    with page.expect_download(timeout=TIMEOUT) as download:
        page.get_by_role("button", name=re.compile("Download the report \\(PDF\\)")).click()
    saved = tmp_path / "report.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    assert saved.stat().st_size > 100_000  # a dozen charts, not an empty page

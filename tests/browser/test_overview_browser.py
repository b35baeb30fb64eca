"""The Overview in a real browser: it renders its chart, and the sidebar filters and the demo
role picker work as a user would use them. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.waits import TIMEOUT, settle  # the other browser tests import them from here

pytestmark = pytest.mark.browser

TRENDS = '.st-key-overview_trends [data-testid="stPlotlyChart"]'
CHART = f"{TRENDS} .main-svg"
FUNDER_VIEW = "all your programs together, quarter by quarter, from the funder release"


def choose(box, text: str) -> None:
    """Pick an option the way a keyboard user does: type, then Enter."""
    box.click()
    box.fill(text)
    box.page.keyboard.press("Enter")


def test_overview_renders_a_plotly_chart(server: str, page: Page):
    page.goto(server)
    expect(page.locator(CHART).first).to_be_visible(timeout=TIMEOUT)
    settle(page)
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(5)
    expect(page.get_by_text("Active enrollments").first).to_be_visible()
    # A chart that says something: the panels carry their titles and drawn points.
    expect(page.get_by_text("Follow-up within 30 days (% of discharges)")).to_be_visible()
    assert page.locator(f"{CHART} .scatterlayer .point").count() > 20
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "overview.png", full_page=True)


def test_filters_narrow_the_page_and_the_funder_view_is_whole(server: str, page: Page):
    page.goto(server)
    expect(page.locator(CHART).first).to_be_visible(timeout=TIMEOUT)
    settle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    choose(sidebar.locator('[data-testid="stMultiSelect"] input'), "Pine Ridge")
    page.keyboard.press("Escape")
    expect(page.get_by_text("Pine Ridge Rural Outreach · 1 Dec 2025")).to_be_visible(
        timeout=TIMEOUT)
    settle(page)
    expect(page).to_have_url(re.compile(r"programs=Pine\+Ridge"))
    # The chart follows the filter: the small program never has 100 active enrollments.
    expect(page.locator(".st-key-overview_trends")).not_to_contain_text("1,000", timeout=TIMEOUT)
    # A funder gets the release: all programs together, in whole quarters, whatever the
    # filter said, and no monthly chart of their own.
    choose(sidebar.locator('[data-testid="stSelectbox"] input'), "Funder")
    expect(page.get_by_text(f"2025 Q4 to 2026 Q3 · {FUNDER_VIEW}")).to_be_visible(
        timeout=TIMEOUT)
    settle(page)
    expect(sidebar.get_by_text("Funder figures are not split by program")).to_be_visible()
    expect(sidebar.locator('[data-testid="stMultiSelect"]')).to_have_count(0)
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(5)
    expect(page.locator(CHART)).to_have_count(0)
    expect(page.get_by_text("* Hidden: fewer than 11 people").first).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "overview-funder.png", full_page=True)


def test_a_shared_link_opens_the_same_view(server: str, page: Page):
    page.goto(f"{server}/overview?programs=Mesa+Recovery+Coaching"
              "&dates=2026-01-01&dates=2026-06-30")
    expect(page.get_by_text("Mesa Recovery Coaching · 1 Jan 2026 to 30 Jun 2026")).to_be_visible(
        timeout=TIMEOUT)


def test_first_request_to_a_fresh_server_gets_the_whole_app(fresh_server_either_way: str,
                                                            page: Page):
    """The pages/ folder is also Streamlit's legacy auto-discovery folder: without care, the
    first request after a start runs the page alone, and the first change made is lost.
    serve.py leaves that mode as the server starts; app.py alone, in its first run."""
    page.goto(f"{fresh_server_either_way}/overview")
    expect(page.locator(CHART).first).to_be_visible(timeout=TIMEOUT)
    settle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.locator('[data-testid="stSelectbox"]')).to_have_count(1)
    choose(sidebar.locator('[data-testid="stSelectbox"] input'), "Funder")
    expect(page.get_by_text(FUNDER_VIEW)).to_be_visible(timeout=TIMEOUT)

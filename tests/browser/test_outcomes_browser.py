"""The Outcomes page in a real browser: its charts draw, the survival chart carries its
numbers at risk, and clicking a quarter narrows the page. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_overview_browser import TIMEOUT, settle
from tests.pages.apptest import every_section

pytestmark = pytest.mark.browser
CHART = '[data-testid="stPlotlyChart"] .main-svg'


def open_outcomes(page: Page, server: str, query: str = "") -> None:
    """The page with every section open (their links: ?open_acute_care=true, …)."""
    page.set_viewport_size({"width": 1500, "height": 6200})  # the whole page in one shot
    page.goto(f"{server}/outcomes?{every_section('outcomes').lstrip('&')}{query}")
    expect(page.locator(CHART).first).to_be_visible(timeout=TIMEOUT)
    settle(page)


def test_the_outcomes_page_draws_its_charts(server: str, page: Page):
    open_outcomes(page, server)
    expect(page.get_by_role("heading", name="Follow-up interviews")).to_be_visible()
    charts = page.locator('[data-testid="stPlotlyChart"]')
    expect(charts).to_have_count(10, timeout=TIMEOUT)
    survival = page.locator('[class*="st-key-time_to_recurrence"] [data-testid="stPlotlyChart"]')
    # The numbers at risk under the curves: the whole cohort's count on day 0, as text.
    expect(survival.locator(".textpoint").first).to_be_visible(timeout=TIMEOUT)
    assert survival.locator(".textpoint").count() >= 5 * 7 - 5  # 5 groups, every 60 days
    expect(page.get_by_text("Who to interview this month")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "outcomes.png", full_page=True)


QUARTER_BANNER = re.compile(r"^Narrowed to \d{4} Q[1-4]: ")  # "Narrowed to 2026 Q1: …"


def test_clicking_a_quarter_narrows_the_page(server: str, page: Page):
    open_outcomes(page, server)
    bars = page.locator('[class*="st-key-overdoses"] [data-testid="stPlotlyChart"] .bars path')
    expect(bars.first).to_be_visible(timeout=TIMEOUT)
    box = bars.nth(2).bounding_box()  # plotly's drag layer takes the click, as for a user
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] - 5)
    expect(page.get_by_text(QUARTER_BANNER)).to_be_visible(timeout=TIMEOUT)
    settle(page)
    page.screenshot(path=ARTIFACTS / "outcomes-quarter.png", full_page=True)
    page.get_by_role("button", name="Show all again").click()
    expect(page.get_by_text(QUARTER_BANNER)).to_have_count(0, timeout=TIMEOUT)

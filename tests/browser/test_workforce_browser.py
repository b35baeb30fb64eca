"""The Workforce page in a real browser: selecting a worker in the needs-attention list opens
their detail, and "Show all again" widens the page back. Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_overview_browser import TIMEOUT, settle

pytestmark = pytest.mark.browser
LIST = '.st-key-attention-all [data-testid="stDataFrame"]'


def test_selecting_a_worker_in_the_list_opens_their_detail(server: str, page: Page):
    page.set_viewport_size({"width": 1500, "height": 5200})  # the whole page in a screenshot
    page.goto(f"{server}/workforce")  # as a supervisor, the demo's first role
    expect(page.get_by_text("Needs attention", exact=True)).to_be_visible(timeout=TIMEOUT)
    settle(page)
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=TIMEOUT)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "workforce.png", full_page=True)
    grid = page.locator(LIST)
    box = grid.bounding_box()
    # The row-selection checkbox of the first row: left edge, one header plus half a row down
    # (rows are 78 px, three lines of flags: pages/workforce.py ROW).
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 39)
    expect(page.get_by_text("Narrowed to worker")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    expect(page.get_by_text("Check-in history")).to_be_visible()
    expect(page.get_by_text("Contacts made each week", exact=True)).to_be_visible()
    page.screenshot(path=ARTIFACTS / "workforce-worker.png", full_page=True)
    page.get_by_role("button", name="Show all again").click()
    expect(page.get_by_text("Narrowed to worker")).to_have_count(0, timeout=TIMEOUT)
    settle(page)
    expect(page.locator(LIST)).to_be_visible()

"""The worklists in a real browser: a worker chosen on the Workforce page and a row chosen on
the Aftercare call list live in the URL, so a reload or the same link in a new tab opens the
same view; a recorded attempt shows on the list. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_overview_browser import TIMEOUT, settle

pytestmark = pytest.mark.browser
ATTENTION = '.st-key-attention-all [data-testid="stDataFrame"]'
CALLS = '.st-key-call-0 [data-testid="stDataFrame"]'


def _select_first_row(page: Page, grid: str) -> None:
    """The first row's selection checkbox: left edge, one header plus half a row down."""
    box = page.locator(grid).bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)


def test_a_chosen_worker_is_in_the_url_and_a_reload_or_a_link_opens_them(fresh_server: str,
                                                                          page: Page):
    page.goto(f"{fresh_server}/workforce")
    expect(page.locator(ATTENTION)).to_be_visible(timeout=TIMEOUT)
    settle(page)
    _select_first_row(page, ATTENTION)
    expect(page.get_by_text("Narrowed to worker")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    expect(page).to_have_url(re.compile(r"focus=worker%3AW\d+%3A"))
    link = page.url
    page.reload()
    expect(page.get_by_text("Narrowed to worker")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    expect(page.get_by_text("Check-in history")).to_be_visible()
    context = page.context.browser.new_context()  # the link shared: a new session
    other = context.new_page()
    other.goto(link)
    expect(other.get_by_text("Narrowed to worker")).to_be_visible(timeout=TIMEOUT)
    expect(other.get_by_role("button", name="Acknowledge")).to_be_visible()
    context.close()
    page.get_by_role("button", name="Show all again").click()
    expect(page.get_by_text("Narrowed to worker")).to_have_count(0, timeout=TIMEOUT)
    expect(page).not_to_have_url(re.compile("focus="))


def test_a_chosen_call_is_in_the_url_and_its_attempt_shows_after_a_reload(fresh_server: str,
                                                                           page: Page):
    page.set_viewport_size({"width": 1500, "height": 1600})
    page.goto(f"{fresh_server}/aftercare")
    expect(page.locator(CALLS)).to_be_visible(timeout=TIMEOUT)
    settle(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "aftercare-calls.png")
    _select_first_row(page, CALLS)
    expect(page.get_by_text("Record the attempt")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    enrollment = re.search(r"call=(\w+)", page.url)[1]
    page.get_by_text("No answer").first.click()
    page.get_by_label("Note (optional)").fill("Rang at 10:00")
    page.get_by_role("button", name="Record the attempt").click()
    settle(page)
    page.reload()
    expect(page.get_by_text(f"(enrollment {enrollment})")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    expect(page.get_by_text(re.compile(r"last attempt: No answer, \d+ \w+ \d{4}"))
           ).to_be_visible()
    # the note is in the attempts' grid, drawn on a canvas: its cell exists, hidden
    expect(page.locator('[role="gridcell"]', has_text="Rang at 10:00")).to_have_count(1)
    page.screenshot(path=ARTIFACTS / "aftercare-attempt.png")
    page.get_by_role("button", name="Close").click()
    expect(page.get_by_text("Record the attempt")).to_have_count(0, timeout=TIMEOUT)
    expect(page).not_to_have_url(re.compile("call="))

"""The Engagement and Aftercare pages in a real browser: clicking a bar narrows the page, and
the button clears it. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_overview_browser import TIMEOUT, settle

pytestmark = pytest.mark.browser
COMPLETION_BARS = "[class*=\"st-key-completion_by_program-\"] .bars .point path"  # any generation


def test_clicking_a_program_bar_narrows_the_page(server: str, page: Page):
    page.set_viewport_size({"width": 1400, "height": 3200})
    page.goto(f"{server}/engagement?open_staying_and_leaving=true")  # its section opened
    expect(page.locator(COMPLETION_BARS).first).to_be_visible(timeout=TIMEOUT)
    settle(page)
    expect(page.locator(COMPLETION_BARS)).to_have_count(6)  # one bar per program
    # plotly draws a drag layer over the bars: click where the bar is, as a mouse would
    page.locator(COMPLETION_BARS).nth(2).click(force=True)  # by name: Harbor, Lakeshore, Mesa
    narrowed = page.get_by_text("Narrowed to program Mesa Recovery Coaching")
    expect(narrowed).to_be_visible(timeout=TIMEOUT)
    settle(page)
    # The rest of the page follows: one program's bar, and its reading.
    expect(page.locator(COMPLETION_BARS)).to_have_count(1)
    expect(page.get_by_text(re.compile(r"^Mesa Recovery Coaching: \d+% of"))).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "engagement-narrowed.png", full_page=True)
    page.get_by_role("button", name="Show all again").click()
    expect(narrowed).to_have_count(0, timeout=TIMEOUT)
    settle(page)
    expect(page.locator(COMPLETION_BARS)).to_have_count(6, timeout=TIMEOUT)


def test_aftercare_shows_who_to_call_and_the_targets(server: str, page: Page):
    page.set_viewport_size({"width": 1400, "height": 2600})
    page.goto(f"{server}/aftercare")
    chart = page.locator(".st-key-followup-0 .main-svg").first
    expect(chart).to_be_visible(timeout=TIMEOUT)
    settle(page)
    expect(page.get_by_text("have not attended a follow-up yet")).to_be_visible()
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(1)
    expect(page.locator(".st-key-followup-0")).to_contain_text("target 59%")
    expect(page.locator(".st-key-followup-0")).to_contain_text("target 80%")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "aftercare.png", full_page=True)

"""Narrowing by keyboard alone: Tab to a chart's "Narrow to" box, open it with the arrow keys,
choose with Enter, and the page is narrowed as a click narrows it (the banner, the ?focus=
address); its "Show all" widens it again. No mouse anywhere."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.browser.auth import TIMEOUT
from tests.browser.test_overview_browser import settle

pytestmark = pytest.mark.browser

BANNER = '[data-testid="stAlert"]'
FOCUSED = "() => document.activeElement.getAttribute('aria-label')"
# the option the arrow keys are on, as a screen reader is told it (aria-activedescendant)
HIGHLIGHTED = """() => document.getElementById(
  document.activeElement.getAttribute('aria-activedescendant') || '-')?.textContent"""


def tab_to(page: Page, name: str, presses: int = 150) -> None:
    """Press Tab until the element named `name` has the keyboard's focus."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED) == name:
            return
    pytest.fail(f"{presses} presses of Tab never reached {name!r}")


def options(page: Page) -> list[str]:
    """The open list's choices, in order."""
    expect(page.get_by_role("option").first).to_be_visible(timeout=TIMEOUT)
    return page.get_by_role("option").all_inner_texts()


def open_list(page: Page, name: str) -> None:
    """Down arrow on the box `name` until its list is open: a late run of the page may redraw
    the box between the Tab and the key and take the focus with it (a clean-clone CI run on
    7 Dec 2026 saw the list never open), so the box is focused again and the key pressed
    again, each time waiting on the list."""
    listed = page.get_by_role("option")
    for _ in range(3):
        if page.evaluate(FOCUSED) != name:
            settle(page)
            tab_to(page, name)
        page.keyboard.press("ArrowDown")
        try:
            expect(listed.first).to_be_visible(timeout=TIMEOUT // 3)
            return
        except AssertionError:
            if listed.count():  # opened just now: pressing again would move the highlight
                return
    pytest.fail(f"the list of {name!r} never opened")


def focus_in_url(page: Page) -> str | None:
    return parse_qs(urlparse(page.url).query).get("focus", [None])[0]


def opened(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("h1").first).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_label("Narrow to a month").or_(page.get_by_label("Narrow to a worker"))
           .first).to_be_visible(timeout=TIMEOUT)
    settle(page)  # the page's later charts: until its run ends, a rerun may take the focus


def test_aftercare_narrowed_to_a_month_and_back_by_keyboard(server: str, page: Page):
    opened(page, f"{server}/aftercare?role=analyst")
    tab_to(page, "Narrow to a month")
    open_list(page, "Narrow to a month")  # on the choice after "Show all"
    # the months the follow-up chart's points offer a click: the scope's, December 2025 on
    assert options(page)[:3] == ["Show all", "December 2025", "January 2026"]
    assert page.evaluate(HIGHLIGHTED) == "December 2025"
    page.keyboard.press("ArrowDown")
    assert page.evaluate(HIGHLIGHTED) == "January 2026"
    page.keyboard.press("Enter")
    expect(page.locator(BANNER).filter(has_text="Narrowed to January 2026")).to_be_visible(
        timeout=TIMEOUT)
    settle(page)  # the narrowed page's run: until it ends, the old box is still there too
    assert focus_in_url(page) == "month:2026-01-01:2026-01-01"

    tab_to(page, "Narrow to a month")  # the box now says what the page is narrowed to
    expect(page.get_by_label("Narrow to a month")).to_have_value("January 2026")
    page.keyboard.press("ArrowDown")
    page.keyboard.type("Show all")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Narrowed to")).to_have_count(0, timeout=TIMEOUT)
    assert focus_in_url(page) is None


def test_workforce_narrowed_to_a_worker_by_keyboard(server: str, page: Page):
    opened(page, f"{server}/workforce?role=analyst")
    tab_to(page, "Narrow to a worker")
    page.keyboard.press("ArrowDown")
    listed = options(page)
    assert listed[0] == "Show all" and len(listed) > 5, listed
    assert listed[1:] == sorted(listed[1:], key=str.casefold)  # by name, to find one by typing
    name = listed[1]
    page.keyboard.type(name)
    page.keyboard.press("Enter")
    expect(page.locator(BANNER).filter(has_text=f"Narrowed to worker {name}")).to_be_visible(
        timeout=TIMEOUT)
    settle(page)
    dimension, worker_id, label = focus_in_url(page).split(":", 2)
    assert (dimension, label) == ("worker", name) and worker_id.startswith("W"), worker_id
    page.screenshot(path="test-artifacts/workforce-narrowed-by-keyboard.png", full_page=True)

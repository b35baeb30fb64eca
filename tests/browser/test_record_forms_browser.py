"""The supervision form on a worker's detail, by keyboard alone in Chromium: Tab into its
fields, type, submit with Enter; the page says it was saved and Import history lists it as the
form's import. Screenshots of the detail with the forms at 1280 and 390 px: test-artifacts/."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_overview_browser import TIMEOUT, choose, settle

pytestmark = pytest.mark.browser
FORM = '[data-testid="stForm"]'
FOCUSED = "() => (document.activeElement.getAttribute('aria-label') || '') + '|' + " \
          "(document.activeElement.innerText || '')"


def tab_until(page: Page, text: str, presses: int = 30) -> None:
    """Press Tab until the focused element's label or text holds `text`."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if text in page.evaluate(FOCUSED):
            return
    pytest.fail(f"{presses} presses of Tab never reached {text!r}")


def open_form(server: str, page: Page, sample, title: str) -> Locator:
    """The form `title` on the detail of Harbor's first peer specialist on staff, at 1280 px."""
    worker, name = sample.execute(
        "select worker_id, display_name from workers where program_id = 'harbor' and role = "
        "'peer_specialist' and left_on is null order by worker_id limit 1").fetchone()
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{server}/workforce?focus=worker:{worker}:{name}")
    form = page.locator(FORM).filter(has_text=title)
    expect(form.get_by_text(title)).to_be_visible(timeout=TIMEOUT)
    settle(page)
    return form


def test_a_supervision_session_logged_by_keyboard_is_saved_and_listed(fresh_server: str,
                                                                        page: Page, sample):
    form = open_form(fresh_server, page, sample, "Log a supervision session")
    ARTIFACTS.mkdir(exist_ok=True)
    form.scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / "worker-forms-1280.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    settle(page)
    form.scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / "worker-forms-390.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 1000})
    settle(page)

    form.get_by_role("spinbutton", name="year, Day").focus()  # the keyboard from here on
    page.keyboard.type("2026")  # each part of the date moves on to the next when complete
    page.keyboard.type("11")
    page.keyboard.type("18")
    for part, value in (("year", "2026"), ("month", "11"), ("day", "18")):
        expect(form.get_by_role("spinbutton", name=f"{part}, Day")).to_have_text(value)
    tab_until(page, "Minutes")
    page.keyboard.press("Control+A")
    page.keyboard.type("40")
    tab_until(page, "Log supervision session")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Saved the supervision session as import 1")).to_be_visible(
        timeout=TIMEOUT)
    settle(page)
    expect(form.get_by_label("Minutes")).to_have_value("60")  # the next entry afresh
    page.screenshot(path=ARTIFACTS / "worker-forms-saved.png", full_page=True)

    page.goto(f"{fresh_server}/import_history?role=analyst")
    expect(page.locator("h1").filter(has_text="Import history")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("form supervision session.csv ·")).to_be_visible(timeout=TIMEOUT)


def test_a_critical_incident_logged_is_saved_and_listed(fresh_server: str, page: Page,
                                                         sample):
    """The incident form in Chromium: a day, the kind chosen from its list, the debrief
    ticked, saved; the worker's incident list then shows it as logged and debriefed."""
    form = open_form(fresh_server, page, sample, "Log a critical incident")
    form.get_by_role("spinbutton", name="year, Day").focus()
    page.keyboard.type("2026")
    page.keyboard.type("11")
    page.keyboard.type("18")
    expect(form.get_by_role("spinbutton", name="day, Day")).to_have_text("18")
    choose(form.locator('[data-testid="stSelectbox"] input'), "Violence")
    expect(form.locator('[data-testid="stSelectbox"] input')).to_have_value("Violence")
    form.get_by_text("A debrief was held with the worker").click()
    form.get_by_role("button", name="Log critical incident").click()
    expect(page.get_by_text("Saved the critical incident as import 1")).to_be_visible(
        timeout=TIMEOUT)
    # the incident list is a data grid: its cells are read from its accessible table
    expect(page.get_by_text("Violence (logged, debriefed)")).to_be_attached(timeout=TIMEOUT)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "incident-form-saved.png", full_page=True)

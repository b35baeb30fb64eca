"""The ProQOL 5 check-in on a worker's detail, in Chromium: open the form, answer the 30 items
(the first by keyboard), save; the page says the three sums with their bands and W3's reading
under the ProQOL chart says the saved check-in. Screenshots in test-artifacts/: the form on a
phone (390 px), filled in at 1280 px, and the page after the save."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from metrics.proqol import ANSWERS, ITEMS, REVERSED, SECONDARY_TRAUMATIC_STRESS
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_overview_browser import TIMEOUT

pytestmark = pytest.mark.browser
TITLE = "Record a ProQOL 5 check-in with the worker"
# CS items rarely (2), burnout's plain items very often (5), its reversed ones never (1 -> 5),
# STS items often (4): compassion satisfaction 20, burnout 50, STS 40 (tests/metrics)
BURNING_OUT = [5 if n in (8, 10, 19, 21, 26) else 1 if n in REVERSED
               else 4 if n in SECONDARY_TRAUMATIC_STRESS else 2 for n in range(1, 31)]


def test_a_checkin_filled_in_is_saved_scored_and_shown(fresh_server: str, page: Page, sample):
    worker, name = sample.execute(
        "select worker_id, display_name from workers where program_id = 'harbor' and role = "
        "'peer_specialist' and left_on is null order by worker_id limit 1").fetchone()
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{fresh_server}/workforce?focus=worker:{worker}:{name}")
    opener = page.get_by_text(TITLE)
    expect(opener).to_be_visible(timeout=TIMEOUT)
    opener.click()
    form = page.locator('[data-testid="stForm"]').filter(has_text=ITEMS[0])
    groups = form.locator('[data-testid="stRadio"]')
    expect(groups).to_have_count(len(ITEMS), timeout=TIMEOUT)
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    groups.nth(0).scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / "checkin-form-390.png")
    page.set_viewport_size({"width": 1280, "height": 1000})

    form.get_by_role("spinbutton", name="year, Day of the check-in").focus()
    page.keyboard.type("2026")  # each part of the date moves on to the next when complete
    page.keyboard.type("11")
    page.keyboard.type("18")
    for part, value in (("year", "2026"), ("month", "11"), ("day", "18")):
        expect(form.get_by_role("spinbutton", name=f"{part}, Day of the check-in")
               ).to_have_text(value)
    first = groups.nth(0).get_by_role("radio")
    first.nth(0).focus()  # item 1 by keyboard: Space picks "1 Never"
    page.keyboard.press("Space")
    expect(first.nth(0)).to_be_checked()
    for n, given in enumerate(BURNING_OUT[1:], 2):
        groups.nth(n - 1).get_by_text(f"{given} {ANSWERS[given]}", exact=True).click()
    for n, given in enumerate(BURNING_OUT, 1):
        expect(groups.nth(n - 1).get_by_role("radio").nth(given - 1)).to_be_checked()
    form.get_by_label("Hours worked a week", exact=False).fill("44.5")
    # the app scrolls inside its own pane, so a page as tall as the form shows it whole
    page.set_viewport_size({"width": 1280, "height": 3600})
    form.scroll_into_view_if_needed()
    form.screenshot(path=ARTIFACTS / "checkin-form-1280.png")
    page.set_viewport_size({"width": 1280, "height": 1000})

    form.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_text(
        "Saved the wellbeing check-in as import 1", exact=False)).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("burnout 50 (high), secondary traumatic stress 40 (moderate), "
                            "compassion satisfaction 20 (low)", exact=False)).to_be_visible()
    expect(page.get_by_role("paragraph").filter(  # W3's reading under the chart
        has_text=f"At {name}'s latest check-in, on 18 Nov 2026: burnout 50 (high)")
    ).to_be_visible(timeout=TIMEOUT)
    page.screenshot(path=ARTIFACTS / "checkin-form-saved.png", full_page=True)


def test_a_peer_worker_fills_in_their_own_checkin(fresh_server: str, page: Page, sample):
    """The demo's peer worker (the sample's first peer specialist on staff) opens on My
    check-ins, answers the 30 items and saves; the sums said and listed are the manual's for
    those answers (compassion satisfaction 20, burnout 50, STS 40: tests/metrics)."""
    worker = sample.execute("select min(worker_id) from workers where role = 'peer_specialist' "
                            "and left_on is null").fetchone()[0]
    before = sample.execute("select count(*) from wellbeing where worker_id = $w",
                            {"w": worker}).fetchone()[0]
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: where a worker fills it in
    page.goto(f"{fresh_server}/?role=peer_worker")
    expect(page.locator("h1").filter(has_text="My check-ins")).to_be_visible(timeout=TIMEOUT)
    form = page.locator('[data-testid="stForm"]').filter(has_text=ITEMS[0])
    groups = form.locator('[data-testid="stRadio"]')
    expect(groups).to_have_count(len(ITEMS), timeout=TIMEOUT)  # open: the page is the form
    for n, given in enumerate(BURNING_OUT, 1):
        groups.nth(n - 1).get_by_text(f"{given} {ANSWERS[given]}", exact=True).click()
    form.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_text("burnout 50 (high), secondary traumatic stress 40 (moderate), "
                            "compassion satisfaction 20 (low)", exact=False)).to_be_visible(
        timeout=TIMEOUT)
    table = page.locator('[data-testid="stDataFrame"]')
    expect(table).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Latest, on ", exact=False)).to_contain_text(
        "compassion satisfaction 20 (low), burnout 50 (high), secondary traumatic stress 40 "
        "(moderate)")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "my-checkins-390.png", full_page=True)
    assert before > 0, "the demo worker had check-ins before this one"

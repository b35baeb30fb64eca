"""Every page has an address, the role's first page included, and a link to it opens the same
view even when six arrive at once at a server that has answered nothing yet (each a session of
its own, racing through Streamlit's legacy pages/ mode and the first imports of pandas)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.auth import TIMEOUT
from tests.browser.waits import settle

pytestmark = pytest.mark.browser

FILTERS = "programs=Mesa+Recovery+Coaching&dates=2026-01-01&dates=2026-06-30"
DATES = "1 Jan 2026 to 30 Jun 2026"  # every page says its dates beside its title
# An analyst's pages, the first one (Overview) among them, each with its title.
LINKS = {"overview": "Overview", "engagement": "Engagement", "aftercare": "Aftercare",
         "workforce": "Workforce", "outcomes": "Outcomes", "funder": "Funder report"}
REFUSALS = ("Page not found", "Open the dashboard from its start page", "partially initialized",
            "Traceback")


def opened(tab: Page, title: str) -> None:
    """The page's own title and the link's filters show, and nothing went wrong on the way
    (the Funder report reads whole quarters, so its dates are not the link's)."""
    expect(tab.locator("h1").filter(has_text=title).first).to_be_visible(timeout=TIMEOUT)
    if title != "Funder report":
        expect(tab.get_by_text(DATES).first).to_be_visible(timeout=TIMEOUT)
    expect(tab.locator('[data-testid="stSidebar"]')).to_contain_text("Mesa Recovery Coaching",
                                                                     timeout=TIMEOUT)
    settle(tab)  # the page's run is over: an error would come last
    expect(tab.locator('[data-testid="stException"]')).to_have_count(0)
    body = tab.locator("body").inner_text()
    assert not [r for r in REFUSALS if r in body], (tab.url, body[:400])


def test_six_links_at_once_on_a_cold_server_each_open_their_view(fresh_server_either_way: str,
                                                                  page: Page):
    browser = page.context.browser
    tabs = [page, *(browser.new_page(viewport=page.viewport_size) for _ in range(len(LINKS) - 1))]
    for tab, key in zip(tabs, LINKS, strict=True):  # none waits for another to load
        tab.goto(f"{fresh_server_either_way}/{key}?role=analyst&{FILTERS}", wait_until="commit")
    for tab, (key, title) in zip(tabs, LINKS.items(), strict=True):
        opened(tab, title)
        assert f"/{key}?" in tab.url, tab.url  # the address stays the page's own


def test_the_first_page_and_the_admins_users_page_have_addresses(server: str, page: Page):
    page.goto(f"{server}/overview?role=supervisor&{FILTERS}")
    opened(page, "Overview")
    page.goto(f"{server}/users?role=admin")
    expect(page.locator("h1").filter(has_text="Users").first).to_be_visible(timeout=TIMEOUT)
    assert "Page not found" not in page.locator("body").inner_text()
    page.goto(f"{server}/?role=analyst&{FILTERS}")  # the root still opens the first page
    opened(page, "Overview")

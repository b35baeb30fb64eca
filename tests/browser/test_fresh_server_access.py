"""Every page's URL opened directly, on a freshly started server, signed out and as each role:
refused wherever the role has no access (the pages it may open are those its menu lists, and
AppTest renders each of them). (The pages/ folder is also Streamlit's legacy
auto-discovery folder: the first request after a start can run a page before st.navigation
hides it, so the very first request here is a signed-out one straight to the Upload page.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.auth import TIMEOUT, sign_in, signing_in_app
from ui.access import PAGES

pytestmark = pytest.mark.browser

TITLES = {"overview": "Overview", "engagement": "Engagement", "aftercare": "Aftercare",
          "workforce": "Workforce", "outcomes": "Outcomes", "upload": "Upload program exports",
          "import_history": "Import history", "users": "Users", "audit": "Audit trail",
          "funder": "Funder report"}
OPEN = {
    "supervisor@example.org": {"overview", "engagement", "aftercare", "workforce", "outcomes"},
    "funder@example.org": {"overview", "funder"},
    "analyst@example.org": {"overview", "engagement", "aftercare", "workforce", "outcomes",
                            "funder", "upload", "import_history"},
    "admin@example.org": {"users", "audit"},
}


def headings(page: Page, url: str) -> list[str]:
    """The h1 headings at `url` once one shows. Enough to judge: a page's title is its first
    element after the guard, and a refused page draws nothing, so the first heading is either
    the page's own or another page's."""
    page.goto(url)
    expect(page.locator("h1").first).to_be_visible(timeout=TIMEOUT)
    return page.locator("h1").all_inner_texts()


def test_every_page_url_as_each_role_and_signed_out(sample_path: Path, tmp_path: Path,
                                                    page: Page):
    shutil.copy(sample_path, tmp_path / "served.duckdb")
    with signing_in_app(tmp_path / "served.duckdb", tmp_path) as app:
        for key in ["upload", *[k for k in TITLES if k != "upload"]]:  # Upload first of all
            shown = headings(page, f"{app}/{key}")
            assert shown == ["Peer Recovery Dashboard"], (key, shown)
            expect(page.get_by_text("sign in to see this dashboard")).to_be_visible()
            expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(0)
        for email, allowed in OPEN.items():
            page.context.clear_cookies()
            sign_in(page, app, email)
            links = page.locator('[data-testid="stSidebarNav"] a')
            expect(links.first).to_be_visible(timeout=TIMEOUT)
            menu = {text.split("\n")[-1] for text in links.all_inner_texts()}  # after the icon
            assert menu & {PAGES[k].title for k in TITLES} == {PAGES[k].title for k in allowed}
            for key in TITLES.keys() - allowed:  # not in the menu, yet typed as a URL
                shown = headings(page, f"{app}/{key}")
                assert TITLES[key] not in shown, (email, key, shown)

"""The real sign-in: the app asks to sign in, the local OIDC provider's form signs a person in,
and the app shows what their role and programs allow; signing out ends it. A person without a
role claim is refused with a sentence until an admin adds them on the Users page; the audit
trail lists it all."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from playwright.sync_api import Page, expect

from tests.browser.auth import TIMEOUT, sign_in, signing_in_app
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_overview_browser import choose, settle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app(sample_path: Path, tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("login")
    shutil.copy(sample_path, folder / "served.duckdb")
    with signing_in_app(folder / "served.duckdb", folder) as url:
        yield url


def test_a_supervisor_signs_in_and_sees_their_program(app: str, page: Page):
    page.goto(app)
    expect(page.get_by_text("sign in to see this dashboard")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)
    sign_in(page, app, "supervisor@example.org")
    expect(page.get_by_text("Harbor Recovery Community Center · 1 Dec 2025")).to_be_visible(
        timeout=TIMEOUT)
    settle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("Signed in as supervisor@example.org · supervisor")).to_be_visible()
    expect(sidebar.get_by_text("Demo: no sign-in")).to_have_count(0)
    expect(sidebar.get_by_role("link", name="Upload")).to_have_count(0)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "signed-in-supervisor.png", full_page=True)
    # Signing out ends the provider's session too, and the app asks to sign in again.
    sidebar.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="End Session")).to_be_visible(timeout=TIMEOUT)
    page.goto(f"{app}/engagement")
    expect(page.get_by_text("sign in to see this dashboard")).to_be_visible(timeout=TIMEOUT)


def download(page: Page, button) -> str:
    with page.expect_download(timeout=TIMEOUT) as caught:
        button.click()
    return Path(caught.value.path()).read_text(encoding="utf-8-sig")


def trail_as_admin(app: str, page: Page, *, screenshot: bool = False) -> pl.DataFrame:
    """Signed in afresh as the admin, the audit trail as its page downloads it."""
    page.context.clear_cookies()
    sign_in(page, app, "admin@example.org")
    page.goto(f"{app}/audit")
    expect(page.locator('[data-testid="stDataFrame"]')).to_be_visible(timeout=TIMEOUT)
    settle(page)
    if screenshot:
        page.screenshot(path=ARTIFACTS / "audit-trail.png", full_page=True)
    return pl.read_csv(io.StringIO(download(page, page.get_by_role("button",
                                                                  name="Download CSV"))))


def test_an_admin_gives_a_newcomer_a_role_and_reads_the_trail(app: str, page: Page):
    sign_in(page, app, "supervisor@example.org")
    page.goto(f"{app}/engagement?open_staying_and_leaving=true")  # the section, as linked
    buttons = page.get_by_role("button", name="Download CSV")
    expect(buttons.first).to_be_visible(timeout=TIMEOUT)
    settle(page)
    completion = download(page, buttons.nth(-2))  # completion by program: theirs alone
    assert "Harbor Recovery Community Center" in completion and "Mesa" not in completion
    page.context.clear_cookies()
    sign_in(page, app, "newcomer@example.org")
    expect(page.get_by_text("You are signed in as newcomer@example.org, but no role is set up "
                            "for you. Ask an admin.")).to_be_visible()
    page.context.clear_cookies()
    sign_in(page, app, "admin@example.org")
    expect(page.get_by_role("heading", name="Users")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    page.get_by_label("E-mail").fill("Newcomer@example.org")
    choose(page.locator('[data-testid="stSelectbox"] input').first, "Analyst")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved newcomer@example.org as analyst.")).to_be_visible(
        timeout=TIMEOUT)
    page.context.clear_cookies()
    sign_in(page, app, "newcomer@example.org")
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("Signed in as newcomer@example.org · analyst")).to_be_visible()
    expect(sidebar.get_by_role("link", name="Upload")).to_be_visible()
    trail = trail_as_admin(app, page, screenshot=True)
    events = list(zip(trail["who"], trail["action"], trail["what"], strict=True))
    assert ("admin@example.org", "users",
            "added newcomer@example.org: analyst, programs all") in events
    assert ("newcomer@example.org", "sign_in", "refused: no role is set up") in events
    assert ("newcomer@example.org", "sign_in", "signed in as analyst, programs all") in events
    # One row per sign-in, not per page opened: the admin signed in twice, then opened the
    # audit trail by its URL.
    sign_ins = trail.filter(pl.col("action") == "sign_in")["who"].to_list()
    assert sign_ins.count("admin@example.org") == 2
    assert sign_ins.count("newcomer@example.org") == 2  # refused, then as an analyst
    downloads = trail.filter(pl.col("action") == "download")
    assert downloads["who"].to_list() == ["supervisor@example.org"]
    filters = json.loads(downloads["filters_json"][0])  # the trail file's raw column
    assert filters["page"] == "engagement" and filters["programs"] == ["harbor"]


@pytest.mark.parametrize(("email", "sentence", "reason"), [
    ("unverified@example.org", "your identity provider says that address is not verified",
     "refused: the identity provider has not verified the e-mail"),
    ("root@example.org", "but the role 'root' is not one this dashboard knows",
     "refused: The role 'root' is not one this dashboard knows"),
])
def test_a_refused_sign_in_says_why_and_the_trail_keeps_the_reason(app: str, page: Page, email,
                                                                   sentence, reason):
    sign_in(page, app, email)
    expect(page.get_by_text(sentence)).to_be_visible(timeout=TIMEOUT)
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    trail = trail_as_admin(app, page)
    mine = trail.filter(pl.col("who") == email)
    assert mine["action"].to_list() == ["sign_in"]  # refused once, and nothing else
    assert mine["what"][0].startswith(reason)


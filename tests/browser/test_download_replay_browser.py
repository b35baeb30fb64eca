"""A download is served to the session that asked for it, once, audited: its /media address,
replayed afterwards by a plain HTTP client with no cookies, gets nothing; a second click makes
the file again, with its own audit row."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_hardening_browser import DOWNLOADS, audit_trail, open_page
from tests.browser.test_overview_browser import TIMEOUT

pytestmark = pytest.mark.browser


def fetch(url: str) -> tuple[int, bytes]:
    """GET with a plain client: no cookies, no session, no websocket."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def click_download(page: Page, folder: Path, n: int) -> tuple[str, bytes]:
    """Click the page's first download button; the file's address and bytes."""
    button = page.locator(DOWNLOADS).first
    expect(button).to_be_visible(timeout=TIMEOUT)
    with page.expect_download(timeout=TIMEOUT) as download:
        button.click()
    saved = folder / f"{n}.csv"
    download.value.save_as(saved)
    return download.value.url, saved.read_bytes()


def test_a_downloads_address_replayed_without_the_session_finds_nothing(
        fresh_server: str, page: Page, tmp_path: Path):
    open_page(page, fresh_server, "analyst", "completeness", False)
    url, first = click_download(page, tmp_path, 1)
    assert "/media/" in url and first.count(b"\n") > 10  # the table, as a CSV
    assert fetch(url) == (404, b"")  # the address again, by anyone: gone
    page.context.close()  # the browser gone too, as in the report: still nothing
    assert fetch(url) == (404, b"")


def test_each_click_is_one_file_and_one_audit_row(fresh_server: str, page: Page,
                                                  tmp_path: Path):
    open_page(page, fresh_server, "analyst", "completeness", False)
    url, first = click_download(page, tmp_path, 1)
    again, second = click_download(page, tmp_path, 2)  # the same bytes: the same address
    assert again == url and second == first and fetch(again)[0] == 404
    trail = audit_trail(page, fresh_server, tmp_path)
    rows = [r for r in trail if r["action"] == "download" and r["who"] != "demo admin"]
    assert [r["what"] for r in rows] == ["completeness.csv", "completeness.csv"]

"""Uploading in a real browser: an analyst drops a CSV, sees the dry run and its problems,
loads the valid rows, and finds the import in Import history. Screenshots: test-artifacts/."""

from __future__ import annotations

import polars as pl
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_overview_browser import TIMEOUT, choose, settle

pytestmark = pytest.mark.browser

CSV = ("contact_id,enrollment_id,worker_id,contact_on,contact_type,mode,minutes\n"
       "C900000001,E0000001,W0061,2025-01-07,check_in,In Person,12\n"
       "C900000002,E0000001,W9999,2025-01-08,check_in,phone,<b>20</b>\n")


def test_an_analyst_uploads_checks_loads_and_sees_the_history(fresh_server: str, page: Page,
                                                              tmp_path):
    page.goto(fresh_server)
    settle(page)
    choose(page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"] input'),
           "Analyst")
    settle(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Upload").click()
    expect(page.get_by_text("Upload program exports")).to_be_visible(timeout=TIMEOUT)
    page.get_by_text("Load the valid rows; keep the rejected ones in quarantine").click()
    settle(page)
    upload = tmp_path / "contacts.csv"
    upload.write_text(CSV)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
    expect(page.get_by_text("Dry run")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("2 problems")).to_be_visible(timeout=TIMEOUT)
    load = page.get_by_role("button", name="Load 1 new or changed row")
    expect(load).to_be_visible(timeout=TIMEOUT)
    settle(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "upload-dry-run.png", full_page=True)
    load.click()
    expect(page.get_by_text("Loaded as import 1.")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Import history").click()
    expect(page.get_by_role("button", name="Undo import 1")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text(f"contacts.csv · {len(CSV)} bytes · SHA-256")).to_be_visible()
    expect(page.get_by_text("1 rejected row, with raw values")).to_be_visible()
    settle(page)
    page.screenshot(path=ARTIFACTS / "import-history.png", full_page=True)
    expect(page.get_by_role("button", name="Undo import 1")).to_be_disabled()  # asked first
    page.get_by_text("Yes, undo import 1").click()
    page.get_by_role("button", name="Undo import 1").click()
    expect(page.get_by_text("Import 1 is undone")).to_be_visible(timeout=TIMEOUT)
    # The audit trail, read by a (demo) admin: the import and the undo, in the analyst's name.
    page.goto(f"{fresh_server}/audit?role=Admin")
    button = page.get_by_role("button", name="Download CSV")
    expect(button).to_be_visible(timeout=TIMEOUT)
    settle(page)
    with page.expect_download(timeout=TIMEOUT) as caught:
        button.click()
    trail = pl.read_csv(caught.value.path())
    assert trail.select("who", "action", "what").rows() == [
        ("demo analyst", "undo", "import 1 undone"),
        ("demo analyst", "import", "import 1: contacts.csv, 1 new or changed row, valid_rows")]

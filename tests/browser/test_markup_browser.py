"""Text is text in the browser: over records whose every text field holds markdown and HTML
(tests/pages/hostile.py), every page of every role, a worker's detail opened by its address and
the gone-quiet sentences ask nothing of any host but the app's, and draw no image or link to
the data's host."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from access.roles import ROLES
from tests.browser.conftest import running_app
from tests.browser.test_hardening_browser import open_page
from tests.browser.test_overview_browser import TIMEOUT
from tests.pages.hostile import EVIL_HOST, hostile_database, quiet_worker
from ui.access import pages_for

pytestmark = pytest.mark.browser
DRAWN = f'img[src*="{EVIL_HOST}"], a[href*="{EVIL_HOST}"]'


@pytest.fixture(scope="module")
def served(sample_path: Path, tmp_path_factory) -> Iterator[tuple[str, str]]:
    """The app over the hostile database, and the worker whose id carries an image."""
    folder = tmp_path_factory.mktemp("markup")
    db = hostile_database(sample_path, folder)
    worker = quiet_worker(db)
    with running_app(db, folder / "streamlit.log") as url:
        yield url, worker


def outside(asked: list[str], base: str) -> list[str]:
    return [u for u in asked if not u.startswith((base, "data:", "blob:"))]


def test_no_page_of_any_role_asks_another_host_over_hostile_text(served, page: Page):
    base, _ = served
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    drawn = {}
    for role in ROLES:
        for i, spec in enumerate(pages_for(role)):
            open_page(page, base, role, spec.key, i == 0)
            drawn[f"{role}:{spec.key}"] = page.locator(DRAWN).count()
    assert len(drawn) == sum(len(pages_for(r)) for r in ROLES)
    assert outside(asked, base) == []
    assert {k: n for k, n in drawn.items() if n} == {}
    assert len(asked) > 50  # the pages did load: scripts, styles and fonts, from the app


def test_a_worker_detail_and_the_gone_quiet_sentences_fetch_nothing(served, page: Page):
    base, worker = served
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    for role in ("supervisor", "analyst"):
        open_page(page, base, role, "workforce", False,
                  "&focus=" + quote(f"worker:{worker}:{worker}"))
        heading = page.get_by_role("heading").filter(has_text=f"({worker})")
        expect(heading.first).to_be_visible(timeout=TIMEOUT)  # the id, as its characters
    for key, first in (("overview", True), ("completeness", False)):
        open_page(page, base, "analyst", key, first)
        quiet = page.get_by_text("has sent no contacts since")
        expect(quiet.first).to_be_visible(timeout=TIMEOUT)
        expect(quiet.first).to_contain_text(f"![i](http\u2060://{EVIL_HOST}/i.png)")
    assert page.locator(DRAWN).count() == 0
    assert outside(asked, base) == []

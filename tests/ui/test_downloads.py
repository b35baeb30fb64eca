"""Downloaded CSV opens in a spreadsheet as the text that was shown, never as a formula."""

import io

import polars as pl

from ui.downloads import csv_bytes


def test_formula_cells_are_escaped_and_numbers_are_not() -> None:
    frame = pl.DataFrame({
        "name": ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "Ana", None],
        "change": [-1, 2, -3, 4, 5, 6],
    })
    text = csv_bytes(frame).decode("utf-8-sig")
    back = pl.read_csv(io.StringIO(text))
    assert back["name"].to_list() == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2+3", "'@SUM(A1)",
                                      "Ana", None]
    assert back["change"].to_list() == [-1, 2, -3, 4, 5, 6]


def test_starts_with_a_bom_so_excel_reads_utf8() -> None:
    assert csv_bytes(pl.DataFrame({"program": ["Peña"]})).startswith(b"\xef\xbb\xbf")

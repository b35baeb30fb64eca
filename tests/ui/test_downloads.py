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


def _page(rows: int) -> None:
    import polars as pl

    from ui.downloads import download_csv

    download_csv(pl.DataFrame({"n": range(rows)}), "numbers", key="csv")


def test_a_large_csv_is_written_when_clicked_and_a_small_one_goes_with_the_page() -> None:
    from streamlit.testing.v1 import AppTest

    from ui.downloads import DEFERRED_ROWS

    for rows, deferred in ((DEFERRED_ROWS, False), (DEFERRED_ROWS + 1, True)):
        at = AppTest.from_function(_page, args=(rows,)).run()
        assert not at.exception
        button = at.get("download_button")[0].proto
        assert button.HasField("deferred_file_id") == deferred
        assert bool(button.url) != deferred

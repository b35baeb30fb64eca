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


SERVED: list = []  # the page's deferred downloads, for the test to fetch as a browser would


def _page(db_path: str) -> None:
    import polars as pl

    from access.viewer import Viewer
    from tests.ui.test_downloads import SERVED
    from ui.audit import audited, remember_viewer
    from ui.downloads import download_csv

    remember_viewer(Viewer("ana@example.org", "supervisor", ("P1",)), db_path, "workforce")
    download_csv(pl.DataFrame({"n": range(3)}), "numbers", key="csv")
    SERVED.append(audited("numbers.csv", lambda: b"n\n0\n"))


def _audit_rows(path) -> list[tuple]:
    """Read as the page reads them: the own records beside the served version."""
    from tests.conftest import own_rows
    from ui.data import database

    return own_rows(database(str(path)), "select who, role, action, what from audit_log")


def test_every_download_is_written_when_fetched_and_audited_as_it_is_served(tmp_path) -> None:
    """The audit row comes with the file, not with the click's rerun (which a second click
    or leaving the page could lose): one row per file served, none for a page shown."""
    import duckdb
    from streamlit.testing.v1 import AppTest

    from store.schema import create_schema

    path = tmp_path / "audit.duckdb"
    with duckdb.connect(str(path)) as con:
        create_schema(con)
    SERVED.clear()
    at = AppTest.from_function(_page, args=(str(path),)).run()
    assert not at.exception
    button = at.get("download_button")[0].proto
    assert button.HasField("deferred_file_id") and not button.url  # fetched when clicked
    assert _audit_rows(path) == []  # showing the page downloads nothing
    assert [serve() for serve in SERVED * 2] == [b"n\n0\n"] * 2  # two fetches, outside the run
    assert _audit_rows(path) == [("ana@example.org", "supervisor", "download",
                                  "numbers.csv")] * 2

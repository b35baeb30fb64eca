"""The one definition of spreadsheet-formula safety: what a spreadsheet would run, and the CSV
that shows it as text."""

import io

import polars as pl
import pytest

from records.spreadsheet import (
    FORMULA_STARTS,
    formula_payload,
    looks_like_formula,
    safe_csv_bytes,
)

# The OWASP CSV-injection list, each also after leading spaces or quotes.
PAYLOADS = ["=1+1", "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A9)", "\t=1", "\r=1",
            "  =HYPERLINK(\"http://x\",\"y\")", "'=cmd|' /C calc'!A0", "\"@SUM(1)",
            " ' -1+1"]
HARMLESS = ["Anne-Marie", "O'Brien", "Zoë", "x=1", "a@b.org", "2024-01-01", None]


def test_the_owasp_starts_are_the_whole_list() -> None:
    assert set(FORMULA_STARTS) == {"=", "+", "-", "@", "\t", "\r"}


@pytest.mark.parametrize("cell", PAYLOADS)
def test_a_cell_a_spreadsheet_would_run_looks_like_a_formula(cell: str) -> None:
    frame = pl.DataFrame({"v": [cell]})
    assert frame.select(looks_like_formula(pl.col("v"))).item() is True
    assert frame.select(formula_payload(pl.col("v"))).item() is True


@pytest.mark.parametrize("cell", HARMLESS)
def test_names_and_plain_text_are_not_formulas(cell: str | None) -> None:
    frame = pl.DataFrame({"v": [cell]}, schema={"v": pl.String})
    assert frame.select(looks_like_formula(pl.col("v"))).item() in (False, None)


@pytest.mark.parametrize("cell", ["-12", "+3.5", " -0,5 "])
def test_a_plain_number_is_neutralised_on_export_but_not_refused_at_import(cell: str) -> None:
    frame = pl.DataFrame({"v": [cell]})
    assert frame.select(looks_like_formula(pl.col("v"))).item() is True
    assert frame.select(formula_payload(pl.col("v"))).item() is False


def test_the_csv_shows_every_payload_as_text_and_leaves_numbers_alone() -> None:
    frame = pl.DataFrame({"name": [*PAYLOADS, "Anne-Marie", None],
                          "change": list(range(-5, len(PAYLOADS) - 3))})
    data = safe_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pl.read_csv(io.BytesIO(data[3:]), schema=frame.schema)
    assert back["name"].to_list() == [*("'" + p for p in PAYLOADS), "Anne-Marie", None]
    assert back["change"].to_list() == frame["change"].to_list()


def test_categorical_text_is_neutralised_too() -> None:
    frame = pl.DataFrame({"program": ["=evil()", "Harbor"]}, schema={"program": pl.Categorical})
    back = pl.read_csv(io.BytesIO(safe_csv_bytes(frame)[3:]))
    assert back["program"].to_list() == ["'=evil()", "Harbor"]

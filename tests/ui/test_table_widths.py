"""Column widths from a table's own text (ui/table_widths.py): the widest value or the header,
whichever needs more; chips summed; a width given by the page kept; numbers left to the grid."""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from ui.table_widths import CHAR_PX, CHIP_PX, HEADER_CHAR_PX, PAD, WIDEST, fitted


def test_each_text_date_and_chip_column_gets_the_width_its_widest_value_needs():
    table = pl.DataFrame({
        "Worker": ["Tom W.", "Shawna R."],  # the longer name second: a grid sized by its first
        "Intake": [date(2026, 5, 1), date(2026, 5, 11)],  # "1 May 2026", "11 May 2026"
        "Flags": [["1 incident"], ["3 incidents", "Supervision 33 min"]],
        "Severity": [5, 18]})
    config = fitted(table, {"Intake": st.column_config.DateColumn("Intake day")})
    assert config["Worker"] == {"width": round(9 * CHAR_PX) + PAD}
    assert config["Intake"]["width"] == max(round(11 * CHAR_PX), round(10 * HEADER_CHAR_PX)) + PAD
    assert config["Intake"]["label"] == "Intake day"  # the page's own settings kept
    assert config["Flags"] == {"width": round(11 * CHAR_PX + 18 * CHAR_PX + 2 * CHIP_PX) + PAD}
    assert "Severity" not in config  # numbers: sized by the grid


def test_a_width_the_page_gives_is_kept_and_none_passes_the_widest():
    table = pl.DataFrame({"Note": ["x" * 200], "ID": ["W0011"]})
    config = fitted(table, {"ID": st.column_config.TextColumn(width="small")})
    assert config["ID"]["width"] == "small"
    assert config["Note"] == {"width": WIDEST}
    assert fitted(pl.DataFrame({"A long header over short values": ["a"]}), {}) == {
        "A long header over short values": {"width": round(31 * HEADER_CHAR_PX) + PAD}}

"""The export files an analyst would upload: a CSV per record type, and one workbook."""

from __future__ import annotations

import csv
import re

import duckdb
import polars as pl
import pytest

import sample_data.export as export
from records.columns import columns
from records.models import RECORD_TYPES


@pytest.fixture(scope="module")
def exported(sample_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    con = duckdb.connect(str(sample_path), read_only=True)
    try:
        csvs = export.write_csvs(con, folder)
        book = export.write_workbook(con, folder / "records.xlsx")
    finally:
        con.close()
    return folder, csvs, book


def test_a_csv_per_record_type_with_the_contract_header(exported, sample):
    folder, csvs, _ = exported
    assert [p.name for p in csvs] == [f"{t}.csv" for t in RECORD_TYPES]
    for table, model in RECORD_TYPES.items():
        with open(folder / f"{table}.csv", newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        assert rows[0] == [c.name for c in columns(model)]
        assert len(rows) - 1 == sample.execute(f"select count(*) from {table}").fetchall()[0][0]


def test_ids_keep_their_leading_zeros_in_both_formats(exported, sample):
    folder, _, book = exported
    zero_led = sample.execute("select participant_id from participants "
                              "where participant_id like '0%' order by 1 limit 1").fetchall()[0][0]
    with open(folder / "participants.csv", encoding="utf-8") as f:
        assert f"\n{zero_led}," in f.read()
    sheet = pl.read_excel(book, sheet_name="participants")
    assert sheet.schema["participant_id"] == pl.String
    assert zero_led in sheet["participant_id"].to_list()


def test_the_workbook_has_a_sheet_per_type_with_every_row(exported, sample):
    _, _, book = exported
    sheets = pl.read_excel(book, sheet_id=0)
    assert list(sheets) == list(RECORD_TYPES)
    for table, frame in sheets.items():
        assert frame.height == sample.execute(f"select count(*) from {table}").fetchall()[0][0]


def test_no_workbook_when_a_table_outgrows_a_sheet(sample_path, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 1000)
    con = duckdb.connect(str(sample_path), read_only=True)
    try:
        assert export.write_workbook(con, tmp_path / "big.xlsx") is None
    finally:
        con.close()
    assert not (tmp_path / "big.xlsx").exists()


@pytest.mark.slow  # a sample generated and exported: about 2 s
def test_the_command_line_writes_a_database_and_its_exports(tmp_path, capsys):
    from sample_data.__main__ import main

    out, folder = tmp_path / "small.duckdb", tmp_path / "exports"
    assert main(["--out", str(out), "--enrollments", "200", "--as-of", "2026-11-20",
                 "--exports", str(folder), "--xlsx"]) == 0
    printed = capsys.readouterr().out
    assert re.search(r"enrollments\s+200\n", printed) and "Workbook:" in printed
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{t}.csv" for t in RECORD_TYPES] + ["records.xlsx"])


@pytest.mark.parametrize("args", [["--enrollments", "0"], ["--as-of", "20/11/2026"]])
def test_the_command_line_refuses_bad_arguments(args, tmp_path, capsys):
    from sample_data.__main__ import main

    with pytest.raises(SystemExit) as stopped:
        main(["--out", str(tmp_path / "x.duckdb"), *args])
    assert stopped.value.code == 2
    assert "error:" in capsys.readouterr().err

"""The Upload page's dry run through AppTest with a real file: its summary and problem tables
under plain column names, counts with thousands separators."""

from __future__ import annotations

import json

from tests.pages.apptest import page_as

HEADER = "contact_id,enrollment_id,worker_id,contact_on,contact_type,mode,minutes\n"


def _export(good: int, bad: int) -> bytes:
    rows = [f"C9{i:08d},E0000001,W0061,2025-01-07,check_in,phone,12" for i in range(good)]
    rows += [f"C8{i:08d},E0000001,W0061,2025-01-07,check_in,by pigeon,12" for i in range(bad)]
    return (HEADER + "\n".join(rows) + "\n").encode()


def _columns(table) -> dict[str, dict]:
    """The column config a browser draws the table with: label and number format per column."""
    return json.loads(table.proto.columns)


def test_the_dry_run_tables_read_as_words_with_thousands_separators(monkeypatch, app_db):
    at = page_as(monkeypatch, app_db, "upload", "analyst")
    at.file_uploader[0].set_value(("contacts.csv", _export(1_200, 1_005), "text/csv")).run()
    assert not at.exception
    summary = at.dataframe[0]
    assert summary.value.iloc[0].to_dict() == {
        "record type": "contacts", "read": 2_205, "new": 1_200, "changed": 0, "unchanged": 0,
        "rejected": 1_005}
    shown = _columns(summary)
    assert [shown[c]["label"] for c in summary.value.columns] == [
        "Record type", "Read", "New", "Changed", "Unchanged", "Rejected"]
    assert {shown[c]["type_config"]["format"] for c in summary.value.columns[1:]} == {
        "localized"}  # 2,205, not 2205
    assert "1,005 problems" in [h.value for h in at.subheader]
    kinds = at.dataframe[1]
    assert kinds.value.loc[0, "rows"] == 1_005 and kinds.value.loc[0, "column"] == "mode"
    labels = {c: v["label"] for c, v in _columns(kinds).items() if "label" in v}
    assert labels == {"column": "Column", "problem": "Problem", "rows": "Rows",
                      "first_row": "First row"}
    every = at.dataframe[2]
    labels = {c: v["label"] for c, v in _columns(every).items() if "label" in v}
    assert labels == {"source": "File", "row": "Row", "column": "Column", "value": "Value",
                      "problem": "Problem", "accepted": "What is accepted"}
    assert not any("_" in label for label in labels.values())

"""The Upload page's parts: the blank templates, and the dry run in words (plain column names,
counts with thousands separators: 12,345, not 12345)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ingest.cast import SlashedDates
from ingest.pipeline import Prepared
from ingest.templates import template_workbook, templates_zip
from metrics.text import as_markdown
from ui.audit import audited
from ui.downloads import download_csv

SLASHED: dict[SlashedDates, str] = {None: "Not said: a column's dates settle it where they can",
                                  "mdy": "Month first: 3/14/2026",
                                  "dmy": "Day first: 14/3/2026"}
SHOWN_PROBLEMS = 5_000  # the table on the page; the download holds every problem
COUNT = "localized"  # the browser's thousands separators
SUMMARY = {"record type": st.column_config.TextColumn("Record type"),
           **{k: st.column_config.NumberColumn(k.capitalize(), format=COUNT)
              for k in ("read", "new", "changed", "unchanged", "rejected")}}
PROBLEM = {"source": st.column_config.TextColumn("File"),
           "row": st.column_config.NumberColumn("Row", format=COUNT),
           "column": st.column_config.TextColumn("Column"),
           "value": st.column_config.TextColumn("Value"),
           "problem": st.column_config.TextColumn("Problem"),
           "accepted": st.column_config.TextColumn("What is accepted", width="large"),
           "rows": st.column_config.NumberColumn("Rows", format=COUNT),
           "first_row": st.column_config.NumberColumn("First row", format=COUNT)}


def summary_table(summary: pl.DataFrame) -> None:
    """Per record type: rows read, new, changed, unchanged and rejected."""
    st.dataframe(summary, hide_index=True, column_config=SUMMARY, key="upload_summary")


def problem_tables(problems: pl.DataFrame, shown: int) -> None:
    """Each kind of problem with its count and first row, then the first `shown` problems."""
    kinds = problems.group_by("column", "problem", maintain_order=True).agg(
        rows=pl.len(), first_row=pl.col("row").min())
    st.dataframe(kinds, hide_index=True, key="upload_problem_kinds",
                 column_config={k: v for k, v in PROBLEM.items() if k in kinds.columns})
    st.dataframe(problems.head(shown), hide_index=True, key="upload_problems",
                 column_config={k: v for k, v in PROBLEM.items() if k in problems.columns})


def blank_templates() -> None:
    with st.expander("Blank templates"):
        st.markdown("One CSV per record type, or one workbook with a sheet per type. Their "
                    "columns come from the same record definitions the checks use.")
        left, right = st.columns(2)
        # Blank, but a download like any other: every one is in the audit trail.
        left.download_button("CSV templates (ZIP)",
                             audited("templates.zip (blank templates)", templates_zip),
                             "templates.zip", "application/zip", icon=":material/download:",
                             on_click="ignore")
        right.download_button("Excel workbook",
                              audited("template.xlsx (blank workbook)", template_workbook),
                              "template.xlsx", icon=":material/download:", on_click="ignore")


def dry_run(prepared: Prepared) -> None:
    """What the load would do per record type, the reader's notes, and every problem."""
    st.subheader("Dry run")
    summary_table(prepared.summary())
    for source, note in prepared.reading.notes:
        # Both hold text from the upload (a file name, ids): shown as text, never as markdown.
        st.info(f"{as_markdown(source)}: {as_markdown(note)}", icon=":material/info:")
    problems = prepared.problems
    if problems.height:
        st.subheader(f"{problems.height:,} problem{'s' * (problems.height != 1)}")
        problem_tables(problems, SHOWN_PROBLEMS)
        if problems.height > SHOWN_PROBLEMS:
            st.caption(f"The first {SHOWN_PROBLEMS:,} are shown; the download holds all of "
                       "them.")
        download_csv(problems, "problems", label="Download every problem (CSV)",
                     what="problems.csv (the upload's problems)", kind="secondary")

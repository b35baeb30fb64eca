"""The Upload page's dry-run tables in words: plain column names, counts with thousands
separators (12,345, not 12345)."""

from __future__ import annotations

import polars as pl
import streamlit as st

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

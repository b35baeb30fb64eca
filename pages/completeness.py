"""Data completeness (analysts): is each program's export complete? The last record date per
program and record type, and the months with no or unusually few records against the
program's own history. The charts of the programs to check are drawn (the worst six), every
other program's in a section opened on demand; each is built once for the data (ui/figures.py)."""

import polars as pl
import streamlit as st

from charts.completeness import WORDS
from metrics.formats import day
from queries.completeness import (
    FEW_SHARE,
    HISTORY,
    MIN_TYPICAL,
    QUIET_FLOOR_DAYS,
    QUIET_GAPS,
    flags,
)
from ui.completeness_charts import program_charts
from ui.context import page_context
from ui.downloads import download_csv
from ui.figures import data_figures

ctx = page_context("completeness")  # the role check, first thing
found = ctx.data.completeness()
summary = found.summary
summary = ctx.scope.only(summary)

st.title("Data completeness")
st.caption(f"What each program has sent, up to {day(ctx.last_day)} (the data's last day). A "
           "program that stopped sending a record type looks like one that stopped working: "
           "check here before reading a fall as real.")
if summary.is_empty():
    st.info("No records for these programs yet.")
    st.stop()

silent = flags(summary)
for sentence in silent:
    st.warning(sentence, icon=":material/report:")
if not silent:
    st.success("Every program has sent every record type it usually sends recently.")

table = summary.select(
    "program_name", pl.col("record_type").replace_strict(WORDS).alias("records"),
    "last_record_on", "days_silent", "total_records", "months_without", "months_few",
    "silent").sort("silent", "days_silent", descending=True)
st.dataframe(table, hide_index=True, width="stretch", column_config={
    "program_name": "Program", "records": "Record type",
    "last_record_on": st.column_config.DateColumn("Last record"),
    "days_silent": st.column_config.NumberColumn("Days since", format="%d"),
    "total_records": st.column_config.NumberColumn("Records", format="%d"),
    "months_without": st.column_config.NumberColumn("Months with none", format="%d"),
    "months_few": st.column_config.NumberColumn("Months unusually few", format="%d"),
    "silent": "Gone quiet"})
download_csv(table, "completeness", key="completeness:csv")

program_charts(data_figures("completeness", ctx.data), found, summary, ctx.last_day)

with st.expander("How a gap is judged"):
    st.markdown(
        f"- **Gone quiet**: no record of the type for more than {QUIET_GAPS} times the "
        f"program's usual gap between records, and at least {QUIET_FLOOR_DAYS} days; judged "
        f"only where it has sent {MIN_TYPICAL} or more.\n"
        f"- **A month with none, or unusually few**: fewer than {FEW_SHARE:.0%} of the "
        f"median of the {HISTORY} months before it (pro rata for the last, part month), where "
        f"that median is {MIN_TYPICAL} or more. The program's first month is not judged.\n"
        "- Funders see none of this: their figures come only from the funder release.")

"""The Workforce page's worklists: who needs attention, worst first, each worker's flags as
chips with their figure (the full sentences on expand), what is new or back since the last
acknowledgement; and the open enrollments whose worker is no longer on staff."""

from __future__ import annotations

import polars as pl
import streamlit as st

from metrics.formats import COLUMN_DAY
from metrics.text import as_markdown
from queries.attention import RULES
from queries.triage import triage
from ui.downloads import download_csv
from ui.panels import Focus, set_focus
from ui.table_widths import fitted

PAGE = "workforce"
LISTED = 100  # a triage list longer than this is not read row by row; the CSV has every row
EXPANDED = 30  # the full sentences of the worst this many workers
DAY = st.column_config.DateColumn(format=COLUMN_DAY)


def _news(row: dict) -> str:
    parts = [f"{row['new']} new" if row["new"] else "", f"{row['back']} back" if row["back"]
             else ""]
    return " · ".join(p for p in parts if p)


def attention_table(states: pl.DataFrame, programs: pl.DataFrame, one: Focus | None,
                    staff: int, on: str) -> None:
    """The triage list: select a row to open the worker's detail (kept in the URL)."""
    ranked = triage(states).join(programs, on="worker_id", how="left", maintain_order="left")
    if ranked.height == 0:
        st.info(f"No rule fired for {'this worker' if one else 'any worker'} on {on}.")
        return
    ranked = ranked.with_columns(news=pl.struct("new", "back").map_elements(
        _news, return_dtype=pl.String))
    # what a phone shows (three columns): who, why and what is new; the program after them
    table = ranked.select(Severity="severity", Worker="display_name", Flags="chips",
                          **{"New or back": "news"}, Program="program_name",
                          Acknowledged="acknowledged", Latest="latest", ID="worker_id")
    shown = table.head(LISTED)
    event = st.dataframe(
        shown, hide_index=True, on_select="rerun", selection_mode="single-row",
        key=f"attention:{one.value if one else 'all'}", width="stretch",
        height=38 + 35 * min(shown.height, 10), column_config=fitted(shown, {
            "Severity": st.column_config.NumberColumn(
                width="small", help="The weights of the flags waiting for a look "
                "(docs/WORKLISTS.md); acknowledged and snoozed flags weigh nothing."),
            "Flags": st.column_config.ListColumn("Waiting for a look"),
            "Acknowledged": st.column_config.ListColumn("Acknowledged or snoozed"),
            "Latest": DAY}))
    if one is None and event.selection.rows:
        row = shown.row(event.selection.rows[0], named=True)
        set_focus(PAGE, Focus("worker", row["ID"], row["Worker"]))
        st.rerun()
    st.caption(_summary(ranked, table.height, staff, on, one))
    _sentences(ranked.head(EXPANDED))
    download_csv(table.with_columns(pl.col("Flags", "Acknowledged").list.join("; ")),
                 "needs_attention", key="attention:csv",
                 label=f"Download all {table.height:,} (CSV)")


def _summary(ranked: pl.DataFrame, rows: int, staff: int, on: str, one: Focus | None) -> str:
    """The list in a sentence: how many, what is new or back; of one worker, of them."""
    new, back = int(ranked["new"].sum()), int(ranked["back"].sum())
    acknowledged = int(ranked["acknowledged"].list.len().sum())
    since = (f"{new:,} flag(s) new and {back:,} back since last acknowledged"
             if new or back or acknowledged else "nothing acknowledged yet")
    if one is not None and ranked["severity"][0] == 0:
        return f"Every flag of {as_markdown(one.label)} on {on} is acknowledged or snoozed."
    if one is not None:
        return (f"{as_markdown(one.label)} needs attention on {on} "
                f"(severity {ranked['severity'][0]}); "
                f"{since}. Acknowledge or snooze the flags below.")
    listed = f"; listed: the {LISTED} worst (the CSV has every one)" if rows > LISTED else ""
    return (f"{ranked.height:,} of {staff:,} workers on staff on {on} need attention{listed}; "
            f"{since}. Worst first · select a row to open that worker's detail, where flags "
            "are acknowledged or snoozed.")


def _sentences(ranked: pl.DataFrame) -> None:
    with st.expander(f"Every flag in full (the {ranked.height} worst)"):
        st.markdown("\n".join(
            f"- **{as_markdown(r['display_name'])}** (severity {r['severity']}): " + "; ".join(
                r["sentences"]) for r in ranked.iter_rows(named=True)))


def reassignment_list(rows: pl.DataFrame, end: str) -> None:
    """Open enrollments whose primary worker is not on staff, one table per program."""
    st.subheader("Needs reassignment")
    if rows.height == 0:
        st.caption(f"Every open enrollment on {end} has a primary worker on staff.")
        return
    programs = rows["program_name"].n_unique()
    st.markdown(f"{rows.height:,} open enrollment(s) in {programs} program(s) have a primary "
                f"worker who is not on staff on {end}: they are on nobody's caseload and "
                "in no worker's figures. Reassign them in the program's records.")
    for (program,), part in rows.group_by("program_name", maintain_order=True):
        with st.expander(f"{as_markdown(program)}: {part.height:,}", expanded=programs <= 3):
            st.dataframe(part.select(
                Participant="participant_id", Enrollment="enrollment_id",
                Enrolled="enrolled_on", Worker="worker", **{"Worker left": "left_on"},
                Why=pl.when(pl.col("left_on").is_not_null()).then(pl.format(
                    "Left {} days ago", "days_since_left")).otherwise(pl.lit(
                        "Not hired yet"))), hide_index=True, width="stretch",
                column_config={"Enrolled": DAY, "Worker left": DAY})
    download_csv(rows, "needs_reassignment", key="reassignment:csv")


def severity_weights() -> str:
    """The weights triage ranks by, each with its why (queries.attention.RULES)."""
    rows = "\n".join(f"| {rule} | {r.weight} | {r.why} |" for rule, r in RULES.items())
    return ("**Severity**: the sum of the weights of a worker's flags that wait for a look (not "
            "acknowledged, or back). An acknowledged or snoozed flag comes back when its figure "
            "gets worse (burnout or stress up a point, caseload up one per FTE, supervision "
            "down a minute, another incident, 30 more days without a check-in) or, if "
            "snoozed, when the day comes.\n\n| Rule | Weight | Why |\n|---|---|---|\n" + rows)

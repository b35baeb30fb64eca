"""The two call lists as worklists: who to call after discharge (Aftercare) and whose
follow-up interview window is closing (Outcomes). Each row shows its last attempt; choosing a
row (kept in the URL) opens the form that records the next one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import polars as pl
import streamlit as st

from charts import readings
from charts.outcome_readings import interviews_due
from metrics.formats import COLUMN_DAY, day
from queries.scope import Scope
from queries.worklists import call_list, interview_list
from ui.context import PageContext
from ui.downloads import download_csv
from ui.table_widths import fitted
from ui.worklists import attempt_form, chosen_row, table_key

DAY = st.column_config.DateColumn(format=COLUMN_DAY)
# Kept in view while the rest scrolls sideways: on a phone the table shows three columns.
WHO = st.column_config.TextColumn("Participant", pinned=True)
HEIGHT = 360  # pixels: about nine rows, the rest a scroll away


def _calls_scope(ctx: PageContext) -> Scope:
    """The sidebar's scope: a month clicked on a chart narrows the charts, not who to call
    or to interview."""
    if (ctx.focus is None or ctx.unfocused is None
            or ctx.focus.dimension not in ("month", "quarter")):
        return ctx.scope
    return replace(ctx.scope, start=ctx.unfocused.start, end=ctx.unfocused.end)


def _work(ctx: PageContext, rows: pl.DataFrame, table: pl.DataFrame, param: str,
          worklist: str, tried: pl.DataFrame, config: dict) -> None:
    event = st.dataframe(table, hide_index=True, width="stretch", height=HEIGHT,
                         on_select="rerun", selection_mode="single-row",
                         key=table_key(param), column_config=fitted(table, config))
    st.caption("Select a row to record an attempt to reach them.")
    if (row := chosen_row(param, rows, event)) is not None:
        attempt_form(ctx.data, row, worklist, param, tried, date.today())
    download_csv(table, param, key=f"{param}:csv")


def aftercare_calls(ctx: PageContext) -> None:
    """Not yet followed up after discharge, in calling order, with the attempts made."""
    scope = _calls_scope(ctx)
    tried = ctx.data.attempts(scope, "aftercare")
    rows = call_list(ctx.data.awaiting(scope), tried)
    st.subheader(f"Not yet followed up, as of {day(scope.end)}")
    st.markdown(readings.awaiting(rows, scope.end) + " Past day 7 with nothing booked first; "
                "then those never tried, then the longest since the last attempt; those "
                "reached or who declined last.")
    if rows.height == 0:
        return
    # what a phone shows first (the pinned participant and two more): how long since and
    # whether anything is booked; the rest a scroll away
    table = rows.select(
        Participant="participant_id", Days="days_since_discharge",
        **{"Next appointment": "next_appointment"},
        Priority=pl.when(pl.col("settled")).then(pl.lit("Done calling"))
        .when(pl.col("urgent")).then(pl.lit("Past day 7, not booked")).otherwise(pl.lit("")),
        **{"Last attempt": "last_attempt"}, Attempts="attempts", Program="program_name",
        Worker="worker", Discharged="discharged_on", Reason="discharge_reason",
        Enrollment="enrollment_id")
    _work(ctx, rows, table, "call", "aftercare", tried, {
        "Participant": WHO, "Discharged": DAY,
        # a short header: on a phone the next appointment fits beside it
        "Days": st.column_config.NumberColumn("Days", help="Days since discharge"),
        "Last attempt": st.column_config.TextColumn(width="medium")})


def interview_calls(ctx: PageContext) -> None:
    """The follow-up interviews due, window closing soonest first, with the attempts made
    (programs make several inside the window); as of the sidebar's end, as the call list."""
    scope = _calls_scope(ctx)
    as_of = min(scope.end, ctx.last_day)
    tried = ctx.data.attempts(scope, "interview")
    rows = interview_list(ctx.data.interviews(scope), tried)
    st.markdown(interviews_due(rows, as_of) + " Within a day: never tried first, then the "
                "longest since the last attempt; those reached or who declined last.")
    if rows.height == 0:
        return
    table = rows.select(
        Participant="participant_id", **{"Days left": "days_left",
                                         "Window closes": "window_closes",
                                         "Last attempt": "last_attempt"},
        Assessment="assessment", Worker="worker", Instrument="instrument", Intake="intake",
        **{"Window opens": "window_opens"}, Attempts="attempts", Enrollment="enrollment_id")
    _work(ctx, rows, table, "interview", "interview", tried, {
        "Participant": WHO, "Intake": DAY, "Window opens": DAY, "Window closes": DAY,
        "Days left": st.column_config.NumberColumn(format="%d"),
        "Last attempt": st.column_config.TextColumn(width="medium")})

"""The parts of the Workforce page shown only when it is narrowed to one worker: who they are,
every flag in full with its acknowledgement (and the form to acknowledge or snooze), their
check-in history, and the incidents on their caseload."""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from metrics.formats import COLUMN_DAY, COLUMN_TIME, DAY_FORMAT, day
from metrics.text import as_markdown
from ui.data import PageData
from ui.downloads import download_csv
from ui.worklists import acknowledge_form, flag_lines


def profile(roster: pl.DataFrame, states: pl.DataFrame, worker_id: str,
            everyone: pl.DataFrame) -> None:
    """Who the worker is (their supervisor's name from `everyone`), and each rule that fired
    for them with its figure and its state (queries.triage.flag_states)."""
    rows = roster.filter(pl.col("worker_id") == worker_id)
    if rows.height == 0:
        st.info("This worker is not in the programs chosen in the sidebar.")
        return
    w = rows.row(0, named=True)
    names = dict(zip(everyone["worker_id"], everyone["display_name"], strict=True))
    facts = [w["role"].replace("_", " "), w["program_name"], f"{w['fte']:g} FTE",
             f"hired {day(w['hired_on'])}"]
    if w["left_on"] is not None:
        facts.append(f"left {day(w['left_on'])}")
    if w["supervisor_id"]:
        facts.append(f"supervisor {names.get(w['supervisor_id'], w['supervisor_id'])}")
    st.subheader(f"{as_markdown(w['display_name'])} ({as_markdown(worker_id)})")  # as text
    st.caption(" · ".join(map(as_markdown, facts)))
    fired = states.filter(pl.col("worker_id") == worker_id)
    if fired.height:
        st.markdown(flag_lines(fired))


def acknowledgements(data: PageData, worker_id: str, states: pl.DataFrame,
                     history: pl.DataFrame, today: date) -> None:
    """The form that acknowledges or snoozes the worker's flags, and every earlier one."""
    acknowledge_form(data, worker_id,
                     states.filter(pl.col("worker_id") == worker_id), today)
    if history.height == 0:
        return
    st.markdown("**Acknowledgements**")
    st.dataframe(history.select(
        When="made_at", Flag="rule", Figure=pl.col("figure").round(1), Until=pl.when(
            pl.col("snoozed_until").is_null()).then(pl.lit("it gets worse")).otherwise(
            pl.col("snoozed_until").dt.strftime(DAY_FORMAT)), Note="note", By="made_by"),
        hide_index=True, width="stretch", key="acknowledgements",
        column_config={"When": st.column_config.DatetimeColumn(format=COLUMN_TIME)})


def check_in_history(checkins: pl.DataFrame) -> None:
    """Every check-in in the range, latest first, as reported."""
    spaced: dict[str, str | pl.Expr] = {  # column names with spaces
        "Compassion satisfaction": "proqol_cs", "Hours a week": "hours_per_week",
        "Supervision minutes": "supervision_minutes",
        "Supervision a month": pl.col("supervision_per_month").round(0),
        "Critical incidents": "critical_incidents"}
    table = checkins.sort("checkin_on", descending=True).select(
        Date="checkin_on", Burnout="proqol_bo", STS="proqol_sts", **spaced)
    st.markdown("**Check-in history**")
    st.dataframe(table, hide_index=True, width="stretch", key="checkin_history",
                 column_config={"Date": st.column_config.DateColumn(format=COLUMN_DAY)})
    download_csv(table, "checkin_history", key="checkin_history:csv")


def supervision_history(monthly: pl.DataFrame) -> None:
    """Every worker-month with supervision in the range, latest first: W4's individual minutes,
    where they come from, and the group minutes shown apart."""
    spaced: dict[str, str | pl.Expr] = {  # column names with spaces
        "Individual minutes": "minutes",
        "From": pl.when(pl.col("source") == "records").then(
            pl.format("{} session(s) logged", "sessions")).otherwise(pl.lit("check-ins")),
        "Group minutes (not counted)": "group_minutes"}
    table = monthly.sort("month", descending=True).select(
        Month=pl.col("month").dt.strftime("%B %Y"), **spaced)
    st.markdown("**Supervision by month**")
    if table.height == 0:
        st.info("No supervision was logged or reported in this date range.")
        return
    st.dataframe(table, hide_index=True, width="stretch", key="supervision_history")


def incident_list(incidents: pl.DataFrame, overdoses: pl.DataFrame) -> None:
    """Critical incidents (logged, or reported at check-ins for a quarter with none logged)
    and overdoses on the caseload, by date."""
    kind = pl.col("kind").fill_null("critical incident").str.to_titlecase()
    debrief = (pl.when(pl.col("debriefed")).then(pl.lit(", debriefed"))
               .when(pl.col("debriefed").not_()).then(pl.lit(", not debriefed"))
               .otherwise(pl.lit("")))
    reported = incidents.select(
        Date="occurred_on", What=pl.when(pl.col("source") == "records").then(
            pl.format("{} (logged{})", kind, debrief)).otherwise(
            pl.format("{} critical incident(s) reported at a check-in", "incidents")),
        Enrollment=pl.lit("—"))  # a worker's incident, not one enrollment's: not "None"
    events = overdoses.select(Date="event_on", What=pl.col("event_type").str.replace(
        "_", " ").str.to_titlecase() + " on the caseload", Enrollment="enrollment_id")
    table = pl.concat([reported, events]).sort("Date", descending=True)
    st.markdown("**Incidents**")
    if table.height == 0:
        st.info("No critical incidents or overdoses in this date range.")
        return
    st.dataframe(table, hide_index=True, width="stretch", key="incident_list",
                 column_config={"Date": st.column_config.DateColumn(format=COLUMN_DAY)})


def session_notes(notes: pl.DataFrame) -> None:
    """The notes kept on the worker's logged supervision sessions, newest first: the dashboard's
    own records, never exported (no CSV here either)."""
    if notes.height == 0:
        return
    st.markdown("**Supervision session notes** (kept in the dashboard only)")
    st.dataframe(notes.select(
        Date="held_on", Minutes="minutes", Kind=pl.col("kind").str.to_titlecase(), Note="note",
        By="made_by"), hide_index=True, width="stretch", key="session_notes",
        column_config={"Date": st.column_config.DateColumn(format=COLUMN_DAY),
                       "Note": st.column_config.TextColumn(width="large")})

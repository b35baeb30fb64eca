"""The Workforce page's sections, each a heading, its chart or list and its reading: who needs
attention now (W6), caseload and contact load, which the page opens on; then wellbeing,
supervision, incidents and turnover (W3-W5, W7), opened on demand (`later`), except in a
worker's detail. `one` is the worker a click narrowed the page to, if any. Every figure is
built once (ui/figures.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import polars as pl
import streamlit as st

from charts import workforce_readings as read
from charts.common import number
from charts.signals import target_sentence
from charts.worker_load import (
    contact_load_chart,
    incidents_chart,
    turnover_chart,
    weekly_contacts_chart,
)
from charts.workforce import caseload_chart, proqol_chart, supervision_chart
from metrics.formats import day
from metrics.instruments import PROQOL_HIGH, PROQOL_LOW
from queries.attention import Thresholds, on_staff
from queries.notes import ScopeNotes
from queries.scope import Scope
from queries.triage import acknowledgement_history, flag_states
from queries.workforce import WorkforceFigures, contact_load
from ui.data import PageData
from ui.figures import Kept, opened
from ui.panels import Focus, chart_panel
from ui.triage import attention_table, reassignment_list, severity_weights
from ui.worker_detail import acknowledgements as acknowledgements_of
from ui.worker_detail import check_in_history, profile, supervision_history

PAGE = "workforce"
# The sections below the headline: the key of each (its link: ?open_<key>=true) and its title.
LATER = {"wellbeing": "Wellbeing", "supervision": "Supervision",
         "incidents": "Critical incidents and overdoses", "turnover": "Turnover"}


def needs_attention(data: PageData, frames: WorkforceFigures, scope: Scope,
                    limits: Thresholds, one: Focus | None) -> None:
    """The triage list as of the scope's end, its rules; a worker's profile and flags, or the
    enrollments whose worker has left."""
    st.subheader("Needs attention")
    today = date.today()
    history = data.acknowledgements(scope)
    states = flag_states(frames.flags, history, today)
    staff = on_staff(frames.roster, scope.end).height
    attention_table(states, frames.roster.select("worker_id", "program_name"), one, staff,
                    day(scope.end))
    with st.expander("The rules, and where their thresholds are set"):
        st.markdown(_rules(limits, scope.end))
        st.markdown(severity_weights())
    if one is not None:
        profile(frames.roster, states, one.value, data.workers())
        acknowledgements_of(data, one.value, states, acknowledgement_history(history, one.value),
                            today)
    else:
        reassignment_list(data.reassignment(scope), day(scope.end))


def _rules(limits: Thresholds, end: date) -> str:
    return (
        f"A worker on staff on {day(end)} needs attention when, as of that day: "
        f"their latest burnout or secondary traumatic stress score is high (≥ {PROQOL_HIGH}, "
        "ProQOL 5 "
        f"manual); burnout rose by {limits.burnout_rise} points or more between their last two "
        f"check-ins; their caseload is over {limits.caseload_per_fte:g} per FTE; their "
        f"supervision was under {limits.supervision_minutes:g} minutes a month two months "
        "running (the two whole months before the day where sessions are logged for them; "
        "else their last two check-ins); a critical incident in the last "
        f"{limits.incident_days} days (logged, or "
        "reported at a check-in when none is logged for its quarter); or they have had no "
        f"check-in for more than {limits.checkin_gap_days} days "
        "(since hired, if they have had none). The limits are settings: "
        "PEERDASH_CASELOAD_PER_FTE_THRESHOLD, PEERDASH_SUPERVISION_TARGET_MINUTES, "
        "PEERDASH_BURNOUT_RISE_POINTS, PEERDASH_INCIDENT_DAYS, PEERDASH_CHECKIN_GAP_DAYS.")


def later(key: str, one: Focus | None, draw: Callable[[], None]) -> None:
    """A section below the headline: opened on demand, and by a link (?open_<key>=true); in a
    worker's detail shown as it is, since that detail is what its reader came for."""
    title = LATER[key]
    if one is not None:
        st.subheader(title)
        draw()
    elif box := opened(title, key):
        with box:
            draw()


def caseload(kept: Kept, frames: WorkforceFigures, scope: Scope, limits: Thresholds,
             marks: ScopeNotes, one: Focus | None) -> None:
    """Peer specialists' caseload per FTE against the program's own target (the Targets
    page), else the W1 threshold."""
    st.subheader("Caseload")
    frame = frames.caseload.filter(pl.col("role") == "peer_specialist")
    line, source = marks.target("caseload_per_fte")
    line = line or limits.caseload_per_fte
    at_end = frame.filter(pl.col("day") == scope.end)["per_fte"].drop_nulls()
    judged = target_sentence("caseload_per_fte", number(at_end.median()), line, source,
                             f"(the median) on {day(scope.end)}") if at_end.len() else ""
    chart_panel(PAGE, "caseload", kept("caseload", lambda: caseload_chart(
        frame, line, marks.shown, marks.several)), frame, metrics=["W1"],
        reading=read.caseload(frame, line, scope.end) + judged,
        narrows=None if one else "worker")


def contacts(kept: Kept, frames: WorkforceFigures, marks: ScopeNotes, one: Focus | None) -> None:
    """A worker's contacts week by week; for several, each one's weekly load."""
    st.subheader("Contact load")
    weekly = frames.contacts
    if weekly["contacts"].sum() == 0:
        st.info("No contacts were made in a whole week of this range.")
    elif one is not None:
        chart_panel(PAGE, "weekly_contacts", kept("weekly_contacts", lambda: (
            weekly_contacts_chart(weekly, marks.shown, marks.several))), weekly,
                    metrics=["W2"], reading=read.weekly_contacts(weekly))
    else:
        load = contact_load(weekly)
        chart_panel(PAGE, "contact_load", kept("contact_load", lambda: contact_load_chart(load)),
                    load, metrics=["W2"],
                    reading=read.contact_load(load), narrows="worker")


def wellbeing(kept: Kept, frames: WorkforceFigures, scope: Scope, marks: ScopeNotes,
              one: Focus | None) -> None:
    """ProQOL check-ins in the range against the manual's bands."""
    checkins = frames.checkins.filter(pl.col("checkin_on") >= scope.start)
    if checkins.height == 0:
        st.info("No check-ins in this date range.")
        return
    # W3 counts the workers on staff on the day, as the needs-attention list (W6) does
    staff_ids = on_staff(frames.roster, scope.end)["worker_id"].implode()
    chart_panel(PAGE, "proqol", kept("proqol", lambda: proqol_chart(
        checkins, marks.shown, marks.several)), checkins,
                metrics=["W3"],
                reading=read.proqol(checkins.filter(pl.col("worker_id").is_in(staff_ids)),
                                    scope.end),
                narrows=None if one else "worker")
    st.caption(f"Dashed lines: ProQOL 5 bands. Burnout and secondary traumatic stress are high "
               f"at {PROQOL_HIGH} or more; compassion satisfaction is low at {PROQOL_LOW} or less.")
    if one is not None:
        check_in_history(checkins)


def supervision(kept: Kept, frames: WorkforceFigures, limits: Thresholds, marks: ScopeNotes,
                one: Focus | None) -> None:
    """Individual supervision minutes a month against the target."""
    target, monthly = limits.supervision_minutes, frames.supervision
    if monthly.height == 0:
        st.info("No supervision was logged or reported in this date range.")
    else:
        chart_panel(PAGE, "supervision", kept("supervision", lambda: supervision_chart(
                    monthly, target, marks.shown, marks.several)), monthly,
                    metrics=["W4"], reading=read.supervision(monthly, target),
                    narrows=None if one else "worker")
    st.caption("Individual supervision per month: a month with supervision sessions of its "
               "own (logged here or uploaded) counts their individual minutes, group sessions "
               "shown apart and never counted toward the target; a month without any counts "
               "the minutes its check-ins report. The needs-attention rule reads the same "
               "months for a worker with sessions logged in the two whole months before the "
               "day (both below target); for any other worker, their check-ins: minutes a "
               "check-in reports ÷ the months since the previous one (days ÷ 30.44), the last "
               "two such figures both below target.")
    if one is not None:
        supervision_history(monthly)


def incidents(kept: Kept, frames: WorkforceFigures, one: Focus | None) -> None:
    frame = frames.incidents
    chart_panel(PAGE, "incidents", kept("incidents", lambda: incidents_chart(frame)), frame,
                metrics=["W5"], reading=read.incidents(frame), narrows=None if one else "worker")


def turnover(kept: Kept, frames: WorkforceFigures, scope: Scope, marks: ScopeNotes) -> None:
    months = frames.turnover
    chart_panel(PAGE, "turnover", kept("turnover", lambda: turnover_chart(
        months, marks.shown, marks.several)), months,
                metrics=["W7"], reading=read.turnover(months, scope.start, scope.end))
    st.caption("Turnover: workers whose left_on falls in the range ÷ the average headcount, "
               "the mean of the headcounts on each month's last day (the range's end for its "
               "last month).")

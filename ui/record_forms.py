"""The forms on a worker's detail that log a supervision session or a critical incident. Each
saves through the one ingest service (ingest.forms.log_record, as an upload does): checked,
written as the next published version, listed in Import history (undo there) and audited as an
import by the person. A refused save shows each problem under its field and keeps what was
typed; a saved one bumps the data version, so every figure on the page reads it at once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import streamlit as st

from access.viewer import Viewer
from ingest.forms import FORMS, WHOLE, log_record
from metrics.formats import day as format_day
from queries.forms import log_programs, loggable_worker, supervisors_for
from queries.store import database
from settings import Settings
from store.connection import DatabaseUnavailable
from store.published import PAGE_WAIT

KINDS = {"overdose": "Overdose", "death": "Death", "violence": "Violence", "other": "Other"}
NOT_SAID = ""  # who gave a session, when the form does not say (a None shows no choice)
SESSIONS = {"individual": "Individual", "group": "Group (shown apart, not counted)"}


def _problems(form: str, field: str) -> None:
    """The refused save's problems about one field, in the checks' words, under it."""
    for problem in st.session_state.get(f"{form}_problems", {}).get(field, []):
        st.error(problem, icon=":material/error:")


def _fresh(form: str, defaults: dict[str, object]) -> None:
    """The form's first values, and again after a save: set before its widgets are made (a
    widget's value cannot be set once it is on the page in this run, and a widget given a
    value of its own would ignore these)."""
    if st.session_state.pop(f"{form}_reset", False):
        st.session_state.update(defaults)
    for key, value in defaults.items():
        st.session_state.setdefault(key, value)


def _save(form: str, settings: Settings, viewer: Viewer, worker_id: str,
          values: dict[str, object], day: date, shown: tuple[date, date]) -> None:
    """Save through the ingest service; on success clear the fields and say so, else keep
    them and show the problems per field. Either way the page runs again."""
    db = database(str(settings.db))
    try:
        saved = log_record(Path(settings.db), form, {"worker_id": worker_id, **values},
                           viewer.email, viewer.role, log_programs(db, viewer),
                           wait=PAGE_WAIT)
    except DatabaseUnavailable as error:
        st.session_state[f"{form}_problems"] = {WHOLE: [str(error)]}
        st.rerun()
    if saved.saved:
        st.session_state[f"{form}_reset"] = True  # the next entry starts afresh
        st.session_state.pop(f"{form}_problems", None)
        start, end = shown
        st.session_state["record_form_saved"] = (
            f"Saved the {FORMS[form].what} as import {saved.import_id} ({saved.key}). " + (
                "The figures include it" if start <= day <= end else
                f"It is dated {format_day(day)}, outside the dates chosen ({format_day(start)} "
                f"to {format_day(end)}), so the figures here show it once the range includes "
                "that day") + "; an analyst can undo it from Import history.")
    else:
        st.session_state[f"{form}_problems"] = saved.problems
    st.rerun()


def _supervision(settings: Settings, viewer: Viewer, worker_id: str,
                 names: dict[str, str], shown: tuple[date, date]) -> None:
    _fresh("supervision", {"sup_day": date.today(), "sup_minutes": 60,
                           "sup_kind": "individual", "sup_by": NOT_SAID})
    with st.form("log_supervision", border=True):
        st.markdown("**Log a supervision session**")
        day = st.date_input("Day", key="sup_day", format="YYYY-MM-DD")
        _problems("supervision", "held_on")
        minutes = st.number_input("Minutes", min_value=0, step=5, key="sup_minutes")
        _problems("supervision", "minutes")
        kind = st.radio("Kind", list(SESSIONS), format_func=SESSIONS.__getitem__,
                        key="sup_kind", horizontal=True)
        _problems("supervision", "kind")
        given_by = st.selectbox("Given by (optional)", [NOT_SAID, *names], key="sup_by",
                                format_func=lambda w: f"{names[w]} ({w})" if w else
                                "Not said")
        _problems("supervision", "supervisor_id")
        _problems("supervision", "worker_id")
        _problems("supervision", WHOLE)
        if st.form_submit_button("Log supervision session", type="primary"):
            _save("supervision", settings, viewer, worker_id,
                  {"held_on": day, "minutes": minutes, "kind": kind,
                   "supervisor_id": given_by or None}, day, shown)


def _incident(settings: Settings, viewer: Viewer, worker_id: str,
              shown: tuple[date, date]) -> None:
    _fresh("incidents", {"inc_day": date.today(), "inc_kind": "overdose",
                         "inc_debriefed": False})
    with st.form("log_incident", border=True):
        st.markdown("**Log a critical incident**")
        day = st.date_input("Day", key="inc_day", format="YYYY-MM-DD")
        _problems("incidents", "occurred_on")
        kind = st.selectbox("Kind", list(KINDS), format_func=KINDS.__getitem__,
                            key="inc_kind")
        _problems("incidents", "kind")
        debriefed = st.checkbox("A debrief was held with the worker", key="inc_debriefed")
        _problems("incidents", "debriefed")
        _problems("incidents", "worker_id")
        _problems("incidents", WHOLE)
        if st.form_submit_button("Log critical incident", type="primary"):
            _save("incidents", settings, viewer, worker_id,
                  {"occurred_on": day, "kind": kind, "debriefed": "yes" if debriefed else "no"},
                  day, shown)



def log_forms(settings: Settings, viewer: Viewer, worker_id: str,
              shown: tuple[date, date]) -> None:
    """Both forms, for a supervisor of the worker's program or an analyst; nothing for
    anyone else (the query layer says who: queries.forms.loggable_worker). `shown`: the
    page's first and last day, to say when an entry falls outside them."""
    db = database(str(settings.db))
    if loggable_worker(db, viewer, worker_id) is None:
        return
    st.subheader("Log for this worker")
    st.caption("Each entry is an import of one record: checked as an upload is, listed in "
               "Import history (where it can be undone) and in the audit trail.")
    if done := st.session_state.pop("record_form_saved", None):
        st.success(done, icon=":material/check_circle:")
    for form in FORMS:
        if st.session_state.get(f"{form}_problems"):
            st.warning(f"The {FORMS[form].what} was not saved: see the problems under its "
                       "fields. What you typed is kept.", icon=":material/block:")
    names = dict(supervisors_for(db, viewer, worker_id).iter_rows())
    left, right = st.columns(2)
    with left:
        _supervision(settings, viewer, worker_id, names, shown)
    with right:
        _incident(settings, viewer, worker_id, shown)

"""The forms on a worker's detail that log a supervision session, a critical incident or a
ProQOL 5 check-in (ui/checkin_form.py). Each saves through the one ingest service
(ingest.forms, as an upload does): checked, written as the next published version, listed in
Import history (undo there) and audited as an import by the person. A refused save shows each
problem under its field and keeps what was typed; a saved one bumps the data version, so every
figure on the page reads it at once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import streamlit as st

from access.viewer import Viewer
from access.worklists import NOTE_LIMIT, keep_session_note
from ingest.forms import FORMS, WHOLE, Saved, log_record
from metrics.formats import INPUT_DAY
from queries.forms import loggable_worker, supervisors_for
from settings import Settings
from store.published import PAGE_WAIT
from ui.checkin_form import checkin_form
from ui.data import database
from ui.form_parts import SAVED, fresh, problems, refused, save

KINDS = {"overdose": "Overdose", "death": "Death", "violence": "Violence", "other": "Other"}
NOT_SAID = ""  # who gave a session, when the form does not say (a None shows no choice)
SESSIONS = {"individual": "Individual", "group": "Group (shown apart, not counted)"}


def _save(form: str, settings: Settings, viewer: Viewer, worker_id: str,
          values: dict[str, object], day: date, shown: tuple[date, date],
          note: str = "") -> None:
    """Log the record; a session's note, if any, is kept beside it in the own records."""
    def write(base: Path, programs: frozenset[str]) -> Saved:
        saved = log_record(base, form, {"worker_id": worker_id, **values}, viewer.email,
                           viewer.role, programs, wait=PAGE_WAIT)
        if saved.saved and note.strip():
            keep_session_note(database(str(base)), viewer, saved.key, worker_id, note)
        return saved

    save(form, settings, viewer, write, day, shown)


def _supervision(settings: Settings, viewer: Viewer, worker_id: str,
                 names: dict[str, str], shown: tuple[date, date]) -> None:
    fresh("supervision", {"sup_day": date.today(), "sup_minutes": 60,
                          "sup_kind": "individual", "sup_by": NOT_SAID, "sup_note": ""})
    with st.form("log_supervision", border=True):
        st.markdown("**Log a supervision session**")
        day = st.date_input("Day", key="sup_day", format=INPUT_DAY)
        problems("supervision", "held_on")
        minutes = st.number_input("Minutes", min_value=0, step=5, key="sup_minutes")
        problems("supervision", "minutes")
        kind = st.radio("Kind", list(SESSIONS), format_func=SESSIONS.__getitem__,
                        key="sup_kind", horizontal=True)
        problems("supervision", "kind")
        given_by = st.selectbox("Given by (optional)", [NOT_SAID, *names], key="sup_by",
                                format_func=lambda w: f"{names[w]} ({w})" if w else
                                "Not said")
        problems("supervision", "supervisor_id")
        note = st.text_area("Note (optional)", key="sup_note", max_chars=NOTE_LIMIT, height=80,
                            help="Kept in the dashboard, seen by the worker's supervisors and "
                                 "analysts on this page; never in an export or an upload.")
        problems("supervision", "worker_id")
        problems("supervision", WHOLE)
        if st.form_submit_button("Log supervision session", type="primary"):
            _save("supervision", settings, viewer, worker_id,
                  {"held_on": day, "minutes": minutes, "kind": kind,
                   "supervisor_id": given_by or None}, day, shown, note)


def _incident(settings: Settings, viewer: Viewer, worker_id: str,
              shown: tuple[date, date]) -> None:
    fresh("incidents", {"inc_day": date.today(), "inc_kind": "overdose",
                        "inc_debriefed": False})
    with st.form("log_incident", border=True):
        st.markdown("**Log a critical incident**")
        day = st.date_input("Day", key="inc_day", format=INPUT_DAY)
        problems("incidents", "occurred_on")
        kind = st.selectbox("Kind", list(KINDS), format_func=KINDS.__getitem__,
                            key="inc_kind")
        problems("incidents", "kind")
        debriefed = st.checkbox("A debrief was held with the worker", key="inc_debriefed")
        problems("incidents", "debriefed")
        problems("incidents", "worker_id")
        problems("incidents", WHOLE)
        if st.form_submit_button("Log critical incident", type="primary"):
            _save("incidents", settings, viewer, worker_id,
                  {"occurred_on": day, "kind": kind, "debriefed": "yes" if debriefed else "no"},
                  day, shown)



def log_forms(settings: Settings, viewer: Viewer, worker_id: str,
              shown: tuple[date, date]) -> None:
    """The three forms, for a supervisor of the worker's program or an analyst; nothing for
    anyone else (the query layer says who: queries.forms.loggable_worker). `shown`: the
    page's first and last day, to say when an entry falls outside them."""
    db = database(str(settings.db))
    if loggable_worker(db, viewer, worker_id) is None:
        return
    st.subheader("Log for this worker")
    st.caption("Each entry is an import of one record: checked as an upload is, listed in "
               "Import history (where it can be undone) and in the audit trail.")
    if done := st.session_state.pop(SAVED, None):
        st.success(done, icon=":material/check_circle:")
    for form in FORMS:
        if refused(form):
            st.warning(f"The {FORMS[form].what} was not saved: see the problems under its "
                       "fields. What you typed is kept.", icon=":material/block:")
    names = dict(supervisors_for(db, viewer, worker_id).iter_rows())
    left, right = st.columns(2)
    with left:
        _supervision(settings, viewer, worker_id, names, shown)
    with right:
        _incident(settings, viewer, worker_id, shown)
    checkin_form(settings, viewer, worker_id, shown)

"""What every form on a worker's detail shares (ui/record_forms.py, ui/checkin_form.py): the
problems of a refused save under their fields, fresh values after a save, and the save itself
through the one ingest service, which says how it went on the page's next run."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import streamlit as st

from access.viewer import Viewer
from ingest.forms import FORMS, WHOLE, Saved
from metrics.formats import day as format_day
from queries.forms import log_programs
from settings import Settings
from store.connection import DatabaseUnavailable
from ui.data import database

SAVED = "record_form_saved"  # the sentence a save leaves for the next run
Write = Callable[[Path, frozenset[str]], Saved]  # (database, programs the viewer logs for)


def problems(form: str, field: str) -> None:
    """The refused save's problems about one field, in the checks' words, under it."""
    for problem in st.session_state.get(f"{form}_problems", {}).get(field, []):
        st.error(problem, icon=":material/error:")


def refused(form: str) -> bool:
    """Whether the form's last save was refused (its problems are still shown)."""
    return bool(st.session_state.get(f"{form}_problems"))


def fresh(form: str, defaults: dict[str, object]) -> None:
    """The form's first values, and again after a save: set before its widgets are made (a
    widget's value cannot be set once it is on the page in this run, and a widget given a
    value of its own would ignore these)."""
    if st.session_state.pop(f"{form}_reset", False):
        st.session_state.update(defaults)
    for key, value in defaults.items():
        st.session_state.setdefault(key, value)


def save(form: str, settings: Settings, viewer: Viewer, write: Write, day: date,
         shown: tuple[date, date], said: Callable[[Saved], str] = lambda _: "") -> None:
    """Save through the ingest service; on success clear the fields and say so (with `said`
    of what was saved), else keep them and show the problems per field. Either way the page
    runs again."""
    db = database(str(settings.db))
    try:
        saved = write(Path(settings.db), log_programs(db, viewer))
    except DatabaseUnavailable as error:
        st.session_state[f"{form}_problems"] = {WHOLE: [str(error)]}
        st.rerun()
    if saved.saved:
        st.session_state[f"{form}_reset"] = True  # the next entry starts afresh
        st.session_state.pop(f"{form}_problems", None)
        start, end = shown
        st.session_state[SAVED] = (
            f"Saved the {FORMS[form].what} as import {saved.import_id} ({saved.key}){said(saved)}. "
            + ("The figures include it" if start <= day <= end else
               f"It is dated {format_day(day)}, outside the dates chosen ({format_day(start)} "
               f"to {format_day(end)}), so the figures here show it once the range includes "
               "that day") + "; an analyst can undo it from Import history.")
    else:
        st.session_state[f"{form}_problems"] = saved.problems
    st.rerun()

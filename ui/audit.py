"""The audit trail from the pages: who is looking (remembered by the guard each run) and the
filters of what they download."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from access.audit import record
from access.viewer import Viewer
from queries.scope import Scope
from ui.data import database
from ui.media import serve_downloads_once

_WHO, _DB, _FILTERS = "audit:viewer", "audit:db", "audit:filters"
Data = bytes | str


def remember_viewer(viewer: Viewer, db_path: str, page: str | None) -> None:
    """Kept for this session's callbacks, which run before the page does."""
    st.session_state[_WHO], st.session_state[_DB] = viewer, db_path
    st.session_state[_FILTERS] = {"page": page}


def remember_scope(page: str, scope: Scope) -> None:
    """The filters this run's figures are for: what a download from it holds."""
    st.session_state[_FILTERS] = {"page": page, **scope.params()}


def remember_period(start: date, end: date, quarters: str) -> None:
    """A report that covers its own period (the Funder report's whole quarters, not the
    sidebar's dates): what its downloads record as their dates."""
    filters = dict(st.session_state.get(_FILTERS) or {})
    st.session_state[_FILTERS] = {**filters, "start": start, "end": end, "quarters": quarters}


def log(action: str, what: str, filters: dict | None = None) -> None:
    """One audit row for the viewer of this session (nothing before the guard has run)."""
    viewer, path = st.session_state.get(_WHO), st.session_state.get(_DB)
    if viewer is not None and path is not None:
        record(database(path), viewer.email, viewer.role, action, what, filters)


def audited(what: str, make: Callable[[], Data]) -> Callable[[], Data]:
    """A download's data as a deferred callable (st.download_button runs it when the browser
    asks for the file) that writes the download's audit row as it serves the file: one row per
    file served, whether or not the click's rerun ever reaches the server (a second click at
    once, or leaving the page, used to lose the on_click row). The viewer, the database and
    this run's filters are taken now: the callable runs outside the page's session."""
    serve_downloads_once()  # its file to the clicking browser only (ui/media.py)
    viewer, path = st.session_state.get(_WHO), st.session_state.get(_DB)
    filters = dict(st.session_state.get(_FILTERS) or {})
    db = database(path) if path is not None else None

    def serve() -> Data:
        data = make()
        if viewer is not None and db is not None:
            record(db, viewer.email, viewer.role, "download", what, filters)
        return data

    return serve

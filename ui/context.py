"""Everything a page needs, read once per run: settings, database, data version, scope."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from queries.db import DatabaseUnavailable
from queries.scope import SEES_IDENTIFIED, Scope
from queries.store import data_span, open_database, workers
from settings import Settings, SettingsError, load_settings
from ui.access import guard
from ui.panels import Focus, current_focus
from ui.sidebar import scope_from_state, worker_filter


@dataclass(frozen=True)
class PageContext:
    settings: Settings
    db_path: str
    version: int
    role: str
    last_day: date
    scope: Scope  # the sidebar's filters, narrowed to the focus if a chart click set one
    focus: Focus | None = None


def _secrets() -> dict:
    """The [peerdash] section of .streamlit/secrets.toml; none at all is the normal case."""
    try:
        return dict(st.secrets.get("peerdash", {}))
    except StreamlitSecretNotFoundError as error:
        if "parsing" in str(error):  # the file is there but broken: say so, do not guess
            st.error(f"{error}. Fix the file, or remove it to use the defaults.")
            st.stop()
        return {}


def settings_or_stop() -> Settings:
    try:
        return load_settings(_secrets())
    except SettingsError as error:
        st.error(str(error))
        st.stop()


def database_version_or_stop(settings: Settings) -> int:
    """Open (or create) the database; a sentence and a stop if it cannot be used."""
    try:
        return open_database(settings).data_version()
    except DatabaseUnavailable as error:
        st.error(str(error), icon=":material/database_off:")
        st.stop()


def page_context(page: str, *, by_worker: bool = False) -> PageContext:
    """Guard the page first, then gather its context; stops with a sentence on any problem.
    `by_worker` adds the sidebar's worker filter (for roles that see identified data)."""
    role = guard(page)
    settings = settings_or_stop()
    version = database_version_or_stop(settings)
    first_day, last_day = data_span(str(settings.db), version)
    if last_day is None:
        st.info(f"The database {settings.db} has no records yet. An analyst can load program "
                "exports into it; until then there is nothing to show.")
        st.stop()
    scope = scope_from_state(first_day, last_day)
    if by_worker and role in SEES_IDENTIFIED:
        chosen = worker_filter(workers(str(settings.db), version, scope.programs))
        scope = replace(scope, workers=chosen)
    focus = current_focus(page)
    if focus is not None:
        scope = scope.narrowed(focus.dimension, focus.value)
    return PageContext(settings, str(settings.db), version, role, last_day, scope, focus)

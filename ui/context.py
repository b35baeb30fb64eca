"""Everything a page needs, read once per run: the viewer (the role checked first), settings,
scope, and `data`, the page's one way into the figures (ui/data.py)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import streamlit as st

from access.roles import sees_identified
from access.viewer import Viewer
from queries.scope import ALL, Scope, scope_for_viewer
from settings import Settings
from ui.access import guard
from ui.audit import remember_scope
from ui.data import PageData, data_span, workers
from ui.panels import Focus, current_focus, set_focus
from ui.setup import database_version_or_stop, records_writable_or_stop, settings_or_stop
from ui.sidebar import scope_from_state, worker_filter

__all__ = ["AdminContext", "PageContext", "admin_context", "page_context"]


@dataclass(frozen=True)
class PageContext:
    settings: Settings
    data: PageData
    role: str
    last_day: date
    scope: Scope  # the sidebar's filters, cut to the viewer's programs, narrowed by a click
    viewer: Viewer
    focus: Focus | None = None
    unfocused: Scope | None = None  # the sidebar's scope, before a click narrowed it


def _within(focus: Focus, scope: Scope, db: str, version: int) -> bool:
    """Whether a focus names something of the scope: a program of it, a worker of its programs
    (a month or quarter always; the scope's range bounds it)."""
    if focus.dimension == "program":
        return scope.programs is ALL or focus.value in scope.programs
    if focus.dimension == "worker":
        return focus.value in set(workers(db, version, scope.programs)["worker_id"])
    return True


def page_context(page: str, *, by_worker: bool = False) -> PageContext:
    """Guard the page first, then gather its context; stops with a sentence on any problem.
    `by_worker` adds the sidebar's worker filter (for roles that see identified data)."""
    viewer = guard(page)
    role = viewer.role
    settings = settings_or_stop()
    version = database_version_or_stop(settings)
    first_day, last_day = data_span(str(settings.db), version)
    if first_day is None or last_day is None:  # both, or neither: no records
        st.info(f"The database {settings.db} has no records yet. An analyst can load program "
                "exports into it; until then there is nothing to show.")
        st.stop()
    scope = scope_for_viewer(viewer, scope_from_state(first_day, last_day))
    if by_worker and sees_identified(role):
        chosen = worker_filter(workers(str(settings.db), version, scope.programs))
        scope = replace(scope, workers=chosen)
    focus, unfocused = current_focus(page), scope
    if focus is not None and not _within(focus, scope, str(settings.db), version):
        focus = None  # an address naming what is not the viewer's: the page unnarrowed
        set_focus(page, None)
    if focus is not None:
        scope = scope.narrowed(focus.dimension, focus.value)
    remember_scope(page, scope)
    data = PageData(str(settings.db), version, viewer, settings, last_day)
    return PageContext(settings, data, role, last_day, scope, viewer, focus, unfocused)


@dataclass(frozen=True)
class AdminContext:
    """What an analyst's or admin's page needs: they open on an empty database too (an import
    to undo, the first users to add), so there is no scope and `data.last_day` may be None."""
    settings: Settings
    data: PageData
    viewer: Viewer


def admin_context(page: str, *, writes: bool = False) -> AdminContext:
    """Guard the page first, then its settings and data version; `writes` also stops, with a
    sentence, where the records cannot be written (a lake, a read-only file)."""
    viewer = guard(page)
    settings = settings_or_stop()
    version = database_version_or_stop(settings)
    if writes:
        records_writable_or_stop(settings)
    last_day = data_span(str(settings.db), version)[1]
    return AdminContext(settings, PageData(str(settings.db), version, viewer, settings, last_day),
                        viewer)

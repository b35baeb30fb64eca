"""What pages call: the process's database, and cached results keyed on plain values and the
data version (so they refresh after an import). The only place the read side meets Streamlit.
Every page query takes the viewer and cuts its scope to the viewer's programs here; queries of
identified rows refuse viewers who may only see suppressed figures."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import polars as pl
import streamlit as st

from access.roles import sees_identified
from access.viewer import NotAllowed, Viewer
from queries.aftercare import AftercareFigures, aftercare_figures
from queries.aftercare import awaiting as awaiting_followup
from queries.attention import Thresholds
from queries.completeness import Completeness
from queries.completeness import completeness as data_completeness
from queries.db import Database
from queries.engagement import EngagementFigures, engagement_figures
from queries.funder import (
    funder_period,
    funder_release,
    refuse_other_roles,
    release_figures,
    release_years,
)
from queries.interviews import interviews_due
from queries.lake import lake_database
from queries.notes import (
    ProgramNotes,
    ScopeNotes,
    program_annotations,
    scope_notes,
    targets,
)
from queries.outcomes import OutcomeFigures, outcome_figures
from queries.overview import headline_figures
from queries.scope import (
    Programs,
    Scope,
    identified_scope,
    program_params,
    scope_for_viewer,
    viewer_programs,
)
from queries.workforce import WorkforceFigures, workforce_frames
from release.build import Release
from settings import Settings
from store.connection import DatabaseUnavailable, connect
from store.published import current, one_writer, writing
from store.upgrade import bring_up_to_date

_first_run = threading.Lock()
_lakes: dict[str, str] = {}  # database path -> the lake read instead (settings.lake)


def prepare(settings: Settings) -> None:
    """Create the database on first run: the sample one generated, any other one empty."""
    if settings.db.exists():
        return
    if settings.uses_sample:
        from sample_data.generate import generate  # only needed this once

        with _first_run, one_writer(settings.db):  # one process generates it, the others wait
            if not settings.db.exists():
                generate(settings.db)
        return
    settings.db.parent.mkdir(parents=True, exist_ok=True)
    with _first_run:
        if not settings.db.exists():
            with writing(settings.db):
                pass  # publishes an empty database


@st.cache_resource(show_spinner="Opening the database…", max_entries=4)
def _opened(file: str, path: str) -> Database:
    """One read-only connection per published version and process (a page run that starts
    after a newer one is published opens that; the older one closes when no run needs it)."""
    return Database(connect(Path(file), read_only=True), Path(path), Path(file))


@st.cache_resource(show_spinner="Opening the lake…", max_entries=4)
def _lake(folder: str, path: str) -> Database:
    """The Parquet lake as the read side (its own records beside the database at `path`)."""
    if not Path(folder).is_dir():
        raise DatabaseUnavailable(f"The lake {folder} is not a folder this server can read. "
                                  "Point PEERDASH_LAKE at the folder export_parquet wrote, or "
                                  "unset it to read PEERDASH_DB.")
    return lake_database(Path(folder), Path(path))


def database(path: str) -> Database:
    """The database's current published version, read-only (or its lake, if one is set)."""
    if lake := _lakes.get(path):
        return _lake(lake, path)
    try:
        file = current(Path(path))
    except FileNotFoundError:
        raise DatabaseUnavailable(f"The database {path} does not exist. Point PEERDASH_DB at "
                                  "a .duckdb file, or load an export into it.") from None
    return _opened(str(file), path)


def open_database(settings: Settings) -> Database:
    """The current version, once the database is up to this release and these settings (its
    tables, SUPRT's reassessment window, the summary tables: store/upgrade.py)."""
    if settings.lake:
        _lakes[str(settings.db)] = settings.lake
        return database(str(settings.db))
    _lakes.pop(str(settings.db), None)
    prepare(settings)
    with _first_run:
        bring_up_to_date(settings.db, settings.reassessment_windows)
    return database(str(settings.db))


@st.cache_data(show_spinner=False, max_entries=64)
def data_span(path: str, version: int) -> tuple[date | None, date | None]:
    """The first and last day the data covers (None, None for an empty database)."""
    row = database(path).frame("data_span").row(0)
    return row[0], row[1]


@st.cache_data(show_spinner=False, max_entries=64)
def programs(path: str, version: int) -> pl.DataFrame:
    return database(path).frame("programs")


@st.cache_data(show_spinner=False, max_entries=64)
def workers(path: str, version: int, programs: Programs) -> pl.DataFrame:
    """The workers of the chosen programs, with their program's name."""
    return database(path).frame("workers", **program_params(programs))


@st.cache_data(show_spinner="Counting…", max_entries=256)
def overview(path: str, version: int, scope: Scope, last_day: date, threshold: float,
             viewer: Viewer) -> dict[str, pl.DataFrame]:
    """The headline figures; suppressed unless the viewer's role sees identified data."""
    return headline_figures(database(path), scope_for_viewer(viewer, scope), last_day,
                            threshold, viewer.role, viewer.programs)


@st.cache_data(show_spinner="Counting…", max_entries=128)
def engagement(path: str, version: int, scope: Scope, last_day: date,
               viewer: Viewer) -> EngagementFigures:
    return engagement_figures(database(path), identified_scope(viewer, scope), last_day)


@st.cache_data(show_spinner="Counting…", max_entries=128)
def aftercare(path: str, version: int, scope: Scope, last_day: date,
              viewer: Viewer) -> AftercareFigures:
    return aftercare_figures(database(path), identified_scope(viewer, scope), last_day)


@st.cache_data(show_spinner="Counting…", max_entries=128)
def awaiting(path: str, version: int, scope: Scope, viewer: Viewer) -> pl.DataFrame:
    """The call list's rows as of the scope's end (the Aftercare page's list, whatever month a
    click narrowed its charts to); never for a funder."""
    return awaiting_followup(database(path), identified_scope(viewer, scope))


@st.cache_data(show_spinner="Counting…", max_entries=64)
def workforce(path: str, version: int, scope: Scope, limits: Thresholds,
              viewer: Viewer) -> WorkforceFigures:
    """The Workforce page's per-worker frames; never for a funder."""
    return workforce_frames(database(path), identified_scope(viewer, scope), limits)


@st.cache_data(show_spinner="Counting…", max_entries=64)
def reassignment(path: str, version: int, scope: Scope, viewer: Viewer) -> pl.DataFrame:
    """Open enrollments whose primary worker is not on staff on the scope's end; never for a
    funder."""
    scope = identified_scope(viewer, scope)
    return database(path).frame("needs_reassignment", **scope.params())


@st.cache_data(show_spinner="Counting…", max_entries=64)
def interviews(path: str, version: int, scope: Scope, last_day: date,
               viewer: Viewer) -> pl.DataFrame:
    """The follow-up interviews due at the scope's end (or the data's last day), whatever
    month a click narrowed the Outcomes charts to; never for a funder."""
    scope = identified_scope(viewer, scope)
    intakes = database(path).frame("six_month_interviews", **scope.params())
    return interviews_due(intakes, min(scope.end, last_day))


def acknowledgements(path: str, scope: Scope, viewer: Viewer) -> pl.DataFrame:
    """The acknowledgements of flags in the viewer's programs; never for a funder. Not cached:
    the dashboard's own records change without a change of the data version."""
    scope = identified_scope(viewer, scope)
    return database(path).frame("flag_acknowledgements", **scope.params())


def attempts(path: str, scope: Scope, worklist: str, viewer: Viewer) -> pl.DataFrame:
    """The follow-up attempts on one worklist in the viewer's programs; never for a funder
    (not cached, as acknowledgements)."""
    scope = identified_scope(viewer, scope)
    return database(path).frame("followup_attempts", worklist=worklist, **scope.params())


@st.cache_data(show_spinner="Counting…", max_entries=64)
def outcomes(path: str, version: int, scope: Scope, last_day: date,
             viewer: Viewer) -> OutcomeFigures:
    """The Outcomes page's frames; never for a funder."""
    return outcome_figures(database(path), identified_scope(viewer, scope), last_day)


@st.cache_data(show_spinner="Protecting and auditing a newly released quarter (once for "
                             "every funder)…", max_entries=4)
def release(path: str, version: int, last_day: date) -> Release:
    """The funder release of one data version, built and audited once: one for every funder
    (docs/DISCLOSURE.md), each cut to their programs' rows."""
    return funder_release(database(path), last_day)


def funder(path: str, version: int, start: date, end: date, last_day: date,
           viewer: Viewer) -> dict[str, pl.DataFrame]:
    """The funder report's protected frames: the viewer's programs' rows (never the sidebar's
    choice) and the all-program total of the one release every funder shares, for the whole
    quarters from start to end."""
    refuse_other_roles(viewer.role)  # before the release is built
    mine = viewer_programs(viewer)
    return release_figures(release(path, version, last_day),
                           funder_period(Scope(mine, start, end), last_day), viewer.role, mine)


def funder_years(path: str, version: int, last_day: date,
                 viewer: Viewer) -> dict[str, pl.DataFrame]:
    """The programs' whole years of the one release: the viewer's programs' (funder() has
    refused other roles and a release that did not pass)."""
    refuse_other_roles(viewer.role)
    return release_years(release(path, version, last_day), viewer_programs(viewer))


@st.cache_data(show_spinner="Checking the exports…", max_entries=32)
def completeness(path: str, version: int, last_day: date, viewer: Viewer) -> Completeness:
    """Each program's record types, month by month: what arrived and what is missing; for
    supervisors (their programs) and analysts, never for a funder (NotAllowed)."""
    if not sees_identified(viewer.role):
        raise NotAllowed(f"The {viewer.role} role sees completeness only through the funder "
                         "release.")
    return data_completeness(database(path), viewer_programs(viewer), last_day)


def program_notes(path: str, programs: Programs) -> ProgramNotes:
    """The annotations and targets of the programs. Read on every run, not cached:
    they change without the data changing."""
    db = database(path)
    return ProgramNotes(program_annotations(db, programs), targets(db, programs))


def scope_marks(path: str, version: int, scope: Scope, settings: Settings) -> ScopeNotes:
    """What a page's charts mark for a scope: its programs' annotations, where their control
    limits restart, and each metric's target (a program's own, else the setting)."""
    every = programs(path, version)["program_id"].to_list()
    return scope_notes(program_notes(path, scope.programs), scope, every, settings)

"""The read side in Streamlit: the process's database handles (kept by its resource cache) and
the page figures cached on plain values and the data version, so they refresh after an import.
Pages reach them through one object, `PageData` (`ctx.data` of ui/context.py), which is given
the path, version and viewer once. Every figure takes the viewer and cuts its scope to the
viewer's programs here; figures of identified rows refuse viewers who may only see suppressed
figures."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import polars as pl
import streamlit as st

from access.roles import ADMINISTERS, sees_identified
from access.viewer import NotAllowed, Viewer
from alerts.outbox import Sent, last_sent
from alerts.subscriptions import Subscription
from alerts.subscriptions import subscriptions as subscriptions_of
from ingest.saved_mappings import SavedMapping, saved_mappings
from metrics.text import as_markdown
from queries.admin import (
    audit_people,
    audit_trail,
    import_files,
    import_history,
    names,
    quarantine,
)
from queries.admin import users as users_of
from queries.aftercare import AftercareFigures, aftercare_figures
from queries.aftercare import awaiting as awaiting_followup
from queries.attention import Thresholds
from queries.completeness import Completeness
from queries.completeness import completeness as data_completeness
from queries.engagement import EngagementFigures, engagement_figures
from queries.forms import own_checkins as checkins_of
from queries.funder import (
    funder_period,
    funder_release,
    refuse_other_roles,
    release_figures,
    release_years,
)
from queries.interviews import interviews_at
from queries.notes import (
    ProgramNotes,
    ScopeNotes,
    program_annotations,
    scope_notes,
    targets,
)
from queries.outcomes import OutcomeFigures, outcome_figures
from queries.overview import headline_figures
from queries.programs import data_span as span_of
from queries.programs import programs as programs_of
from queries.programs import stored_keys as stored_keys_of
from queries.programs import workers as workers_of
from queries.scope import (
    ALL,
    Programs,
    Scope,
    identified_scope,
    scope_for_viewer,
    viewer_programs,
)
from queries.today import Item, needs_action
from queries.workforce import WorkforceFigures, needs_reassignment, workforce_frames
from queries.workforce import acknowledgements as acknowledgements_of
from queries.workforce import session_notes as notes_of_sessions
from queries.worklists import attempts as attempts_on
from release.build import Release
from settings import Settings
from store.connection import DatabaseUnavailable, connect
from store.database import Database
from store.lake import lake_database
from store.own import own_stamp
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


def _identified(read: Callable[..., T], path: str, scope: Scope, viewer: Viewer,
                *args: Any) -> T:
    """`read(database, scope, *args)` of identified rows, the scope cut to the viewer's
    programs; a role that sees suppressed figures only is refused before the database is
    opened (NotAllowed)."""
    scope = identified_scope(viewer, scope)
    return read(database(path), scope, *args)


@st.cache_data(show_spinner=False, max_entries=64)
def data_span(path: str, version: int) -> tuple[date | None, date | None]:
    """The first and last day the data covers (None, None for an empty database)."""
    return span_of(database(path))


@st.cache_data(show_spinner=False, max_entries=64)
def programs(path: str, version: int) -> pl.DataFrame:
    return programs_of(database(path))


@st.cache_data(show_spinner=False, max_entries=64)
def workers(path: str, version: int, programs: Programs) -> pl.DataFrame:
    """The workers of the chosen programs, with their program's name."""
    return workers_of(database(path), programs)


@st.cache_data(show_spinner=False, max_entries=8)
def stored_keys(path: str, version: int) -> tuple[frozenset[str], frozenset[str]]:
    """Every stored participant id and enrollment id (the mapping step's suggestions)."""
    return stored_keys_of(database(path))


@st.cache_data(show_spinner=False, max_entries=8)
def demo_worker(path: str, version: int) -> tuple[str, str] | None:
    """The demo's peer worker: the first peer specialist on staff, by id (worker, program)."""
    staff = workers(path, version, ALL).filter(pl.col("role") == "peer_specialist",
                                               pl.col("left_on").is_null())
    first = staff.sort("worker_id").head(1)
    return (first["worker_id"][0], first["program_id"][0]) if first.height else None


@st.cache_data(show_spinner=False, max_entries=64)
def own_checkins(path: str, version: int, viewer: Viewer) -> pl.DataFrame:
    """A peer worker's own check-ins, newest first (NotAllowed for any other role)."""
    return checkins_of(database(path), viewer)


@st.cache_data(show_spinner="Counting…", max_entries=256)
def overview(path: str, version: int, scope: Scope, last_day: date, threshold: float,
             viewer: Viewer) -> dict[str, pl.DataFrame]:
    """The headline figures; suppressed unless the viewer's role sees identified data."""
    return headline_figures(database(path), scope_for_viewer(viewer, scope), last_day,
                            threshold, viewer.role, viewer.programs)


@st.cache_data(show_spinner="Counting…", max_entries=128)
def engagement(path: str, version: int, scope: Scope, last_day: date,
               viewer: Viewer) -> EngagementFigures:
    return _identified(engagement_figures, path, scope, viewer, last_day)


@st.cache_data(show_spinner="Counting…", max_entries=128)
def aftercare(path: str, version: int, scope: Scope, last_day: date,
              viewer: Viewer) -> AftercareFigures:
    return _identified(aftercare_figures, path, scope, viewer, last_day)


@st.cache_data(show_spinner="Counting…", max_entries=128)
def awaiting(path: str, version: int, scope: Scope, viewer: Viewer) -> pl.DataFrame:
    """The call list's rows as of the scope's end (the Aftercare page's list, whatever month a
    click narrowed its charts to); never for a funder."""
    return _identified(awaiting_followup, path, scope, viewer)


@st.cache_data(show_spinner="Counting…", max_entries=64)
def workforce(path: str, version: int, scope: Scope, limits: Thresholds,
              viewer: Viewer) -> WorkforceFigures:
    """The Workforce page's per-worker frames; never for a funder."""
    return _identified(workforce_frames, path, scope, viewer, limits)


@st.cache_data(show_spinner="Counting…", max_entries=64)
def reassignment(path: str, version: int, scope: Scope, viewer: Viewer) -> pl.DataFrame:
    """Open enrollments whose primary worker is not on staff on the scope's end; never for a
    funder."""
    return _identified(needs_reassignment, path, scope, viewer)


@st.cache_data(show_spinner="Counting…", max_entries=64)
def interviews(path: str, version: int, scope: Scope, last_day: date,
               viewer: Viewer) -> pl.DataFrame:
    """The follow-up interviews due at the scope's end (or the data's last day), whatever
    month a click narrowed the Outcomes charts to; never for a funder."""
    return _identified(interviews_at, path, scope, viewer, last_day)


def acknowledgements(path: str, scope: Scope, viewer: Viewer) -> pl.DataFrame:
    """The acknowledgements of flags in the viewer's programs; never for a funder. Not cached:
    the dashboard's own records change without a change of the data version."""
    return _identified(acknowledgements_of, path, scope, viewer)


def session_notes(path: str, scope: Scope, viewer: Viewer) -> pl.DataFrame:
    """The notes on the scope's workers' supervision sessions; never for a funder (not cached,
    as acknowledgements)."""
    return _identified(notes_of_sessions, path, scope, viewer)


def attempts(path: str, scope: Scope, worklist: str, viewer: Viewer) -> pl.DataFrame:
    """The follow-up attempts on one worklist in the viewer's programs; never for a funder
    (not cached, as acknowledgements)."""
    return _identified(attempts_on, path, scope, viewer, worklist)


@st.cache_data(show_spinner="Counting…", max_entries=64)
def outcomes(path: str, version: int, scope: Scope, last_day: date,
             viewer: Viewer) -> OutcomeFigures:
    """The Outcomes page's frames; never for a funder."""
    return _identified(outcome_figures, path, scope, viewer, last_day)


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


# The clock enters by the day alone (a snooze ends on a day, an import leaves the list on a
# day), so the day is in the key with the data and the own records: a result is kept until one
# of them changes. It was kept a minute (ttl=60): the Overview counted it again on most visits,
# 0.06-0.1 s of its server time a run (BENCHMARKS.md).
@st.cache_data(show_spinner="Counting what needs action…", max_entries=64)
def needs_action_today(path: str, version: int, own: tuple, last_day: date, settings: Settings,
                       viewer: Viewer, today: date) -> list[Item]:
    """What needs action for the viewer `today` (queries/today.py: the rules the digests mail),
    worst first; none for a role that sees no identified rows. `own` is the own records'
    stamp (store/own.py): an acknowledgement or an attempt changes it."""
    return needs_action(database(path), viewer, settings, last_day, today)


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


T = TypeVar("T")


@dataclass(frozen=True)
class PageData:
    """A page's one way into the data: the figures of one data version, as one viewer may see
    them. A page never holds a database handle; a writer (access/*, an import's checks) is
    given one by `run`. `last_day` is None for an empty database (the admin pages open on it)."""

    path: str
    version: int
    viewer: Viewer
    settings: Settings
    last_day: date | None

    @property
    def day(self) -> date:
        """The data's last day (the figure pages stop on an empty database before asking)."""
        if self.last_day is None:
            raise ValueError("The database holds no records yet.")
        return self.last_day

    def run(self, step: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """A step of the write side run on this database (a writer of the dashboard's own
        records, an import's dry run): `step(database, *args, **kwargs)`."""
        return step(database(self.path), *args, **kwargs)

    def span(self) -> tuple[date | None, date | None]:
        return data_span(self.path, self.version)

    def programs(self) -> pl.DataFrame:
        return programs(self.path, self.version)

    def program_names(self) -> dict[str, str]:
        """Each program's name by its id."""
        return dict(self.programs().select("program_id", "program_name").iter_rows())

    def workers(self, chosen: Programs | None = None) -> pl.DataFrame:
        """The workers of the chosen programs (the viewer's, if none are chosen)."""
        return workers(self.path, self.version,
                       viewer_programs(self.viewer) if chosen is None else chosen)

    def stored_keys(self) -> tuple[frozenset[str], frozenset[str]]:
        """Every stored participant id, and every stored enrollment id."""
        return stored_keys(self.path, self.version)

    def overview(self, scope: Scope) -> dict[str, pl.DataFrame]:
        return overview(self.path, self.version, scope, self.day,
                        self.settings.caseload_per_fte_threshold, self.viewer)

    def engagement(self, scope: Scope) -> EngagementFigures:
        return engagement(self.path, self.version, scope, self.day, self.viewer)

    def aftercare(self, scope: Scope) -> AftercareFigures:
        return aftercare(self.path, self.version, scope, self.day, self.viewer)

    def awaiting(self, scope: Scope) -> pl.DataFrame:
        return awaiting(self.path, self.version, scope, self.viewer)

    def workforce(self, scope: Scope, limits: Thresholds) -> WorkforceFigures:
        return workforce(self.path, self.version, scope, limits, self.viewer)

    def reassignment(self, scope: Scope) -> pl.DataFrame:
        return reassignment(self.path, self.version, scope, self.viewer)

    def interviews(self, scope: Scope) -> pl.DataFrame:
        return interviews(self.path, self.version, scope, self.day, self.viewer)

    def acknowledgements(self, scope: Scope) -> pl.DataFrame:
        return acknowledgements(self.path, scope, self.viewer)

    def session_notes(self, scope: Scope) -> pl.DataFrame:
        return session_notes(self.path, scope, self.viewer)

    def attempts(self, scope: Scope, worklist: str) -> pl.DataFrame:
        return attempts(self.path, scope, worklist, self.viewer)

    def outcomes(self, scope: Scope) -> OutcomeFigures:
        return outcomes(self.path, self.version, scope, self.day, self.viewer)

    def funder(self, start: date, end: date) -> dict[str, pl.DataFrame]:
        return funder(self.path, self.version, start, end, self.day, self.viewer)

    def funder_years(self) -> dict[str, pl.DataFrame]:
        return funder_years(self.path, self.version, self.day, self.viewer)

    def completeness(self) -> Completeness:
        return completeness(self.path, self.version, self.day, self.viewer)

    def notes(self, chosen: Programs) -> ProgramNotes:
        return program_notes(self.path, chosen)

    def marks(self, scope: Scope) -> ScopeNotes:
        return scope_marks(self.path, self.version, scope, self.settings)

    def today(self) -> list[Item]:
        """What needs action for the viewer today, as their digest counts it."""
        return needs_action_today(self.path, self.version, own_stamp(Path(self.path)), self.day,
                                  self.settings, self.viewer, date.today())

    def own_checkins(self) -> pl.DataFrame:
        return own_checkins(self.path, self.version, self.viewer)

    def chosen(self, scope: Scope) -> str:
        """The scope's programs in words: 'All 4 programs', or their names."""
        names = self.programs()
        if scope.every_program:
            return f"All {names.height} programs"
        return ", ".join(map(as_markdown, scope.only(names)["program_name"]))

    def users(self) -> pl.DataFrame:
        """Everyone who may sign in (the Users page's table)."""
        return run_admin(users_of, self.path)

    def audit_trail(self, **filters: Any) -> pl.DataFrame:
        return run_admin(audit_trail, self.path, **filters)

    def audit_people(self) -> list[str]:
        return run_admin(audit_people, self.path)

    def names(self) -> tuple[dict[str, str], dict[str, str]]:
        return run_admin(names, self.path)

    def imports(self) -> pl.DataFrame:
        return run_admin(import_history, self.path)

    def _mine(self, email: str) -> bool:
        """Whether a row of the mail records is the viewer's to see: an admin's are everyone's."""
        return self.viewer.role in ADMINISTERS or email == self.viewer.email.strip().lower()

    def subscriptions(self) -> list[Subscription]:
        """Who gets which mail (alerts/subscriptions.py): every user for an admin, else the
        viewer's own row (none when they are not in the users table)."""
        return [s for s in run_admin(subscriptions_of, self.path) if self._mine(s.email)]

    def last_mail(self) -> dict[str, Sent]:
        """The latest mail delivered to each person the viewer may see, by address."""
        return {e: m for e, m in run_admin(last_sent, self.path).items() if self._mine(e)}

    def saved_mappings(self) -> list[SavedMapping]:
        """The source mappings kept for Upload (ingest/saved_mappings.py), by name."""
        return run_admin(saved_mappings, self.path)

    def import_files(self, import_id: int) -> pl.DataFrame:
        return run_admin(import_files, self.path, import_id)

    def quarantine(self, import_id: int) -> pl.DataFrame:
        return run_admin(quarantine, self.path, import_id)


def run_admin(read: Callable[..., T], path: str, *args: Any, **kwargs: Any) -> T:
    """A read of the dashboard's own records and imports (queries/admin.py): never cached,
    since they change without the data version changing."""
    return read(database(path), *args, **kwargs)

"""The one scope filter (queries/scope.sql), tried on every named query: each reads its
programs, workers and dates through it, none writes the test out by hand, and for every scope a
supervisor of one program can reach by address, a query gives the same rows on the sample as
on the sample holding that program alone, so no record of another program counts in it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from access.viewer import Viewer
from metrics.instruments import ANNUAL_HALF_WINDOW
from queries.interviews import AHEAD
from queries.scope import Every, Scope, program_params, scope_for_viewer
from store.connection import connect
from store.database import QUERY_SQL, Database, sql_text
from store.sql import code_of, parameter_names
from tests.queries.compare import same
from tests.queries.scope_worlds import (
    ATTACKS,
    MINE,
    NOWHERE,
    asked,
    attacked_copy,
    other_worker,
    viewers_world,
)

# Queries of no program's records, each with why (a new query is scoped unless listed here).
UNSCOPED = {
    "data_span": "the first and last day of all the data: the date picker's bounds",
    "programs": "every program's name, for the sidebar and the funder report's list",
    "users": "who may sign in: the admin's Users page",
    "audit_log": "the audit trail: the admin's Audit page",
    "audit_people": "who is in the audit trail: the admin's Audit page",
    "import_history": "the imports: the analyst's Import history page",
    "import_files": "one import's files: the analyst's Import history page",
    "quarantine": "one import's refused rows: the analyst's Import history page",
    "scope": "the scope filter itself",
    "stored_keys": "every stored participant and enrollment id: the analyst's Upload page "
                   "suggests a column of an export whose cells are these as that key",
    "released_figures": "the funder release as first released, one for every funder: cut to a "
                        "funder's programs after it is read (queries/funder.py)",
    "released_counts": "the exact counts behind the release, read only to build whole years "
                       "(release/build.py), never served",
    "released_years": "the release's whole years, one for every funder: cut to a funder's "
                      "programs after it is read (queries/funder.py)",
}
SCOPED = [name for name in QUERY_SQL.names() if name not in UNSCOPED]
# Scoped queries that take no date from the scope, each with why (a new scoped query reads the
# scope's dates through scope_dates, or scope_end when it is as of the last day, unless listed
# here). $last_day (the data's last day) and $since (queries/workforce.py's first day of the
# incidents, before the scope's start) are not the scope's dates.
UNDATED = {
    "workers": "the roster of the chosen programs, whenever they were on staff",
    "annotations": "every note of the chosen programs: the Targets page lists them all",
    "targets": "a program's target holds for every period",
    "completeness": "every month of a program's records up to the data's last day ($last_day)",
    "flag_acknowledgements": "every acknowledgement on record: triage takes each flag's latest "
                             "(queries/triage.py flag_states)",
    "followup_attempts": "every attempt on record: the worklists take each enrollment's latest "
                         "(queries/worklists.py last_attempts)",
    "session_notes": "every note on a worker's logged sessions: the worker's detail lists them "
                     "all, one just written too",
}
DATED = [name for name in SCOPED if name not in UNDATED]
SCOPE_DATES = re.compile(r"\bfrom scope_(dates|end)\b")
# as of the last day alone: they bind no $start, so a caller may give $end only (W3's check-ins)
AS_OF_END = ("annual_assessments", "awaiting_followup", "needs_reassignment", "worker_checkins",
             "worker_incidents", "worker_overdoses")
OTHER_PARAMS = {"since": date(2025, 1, 1), "worklist": "aftercare", "last_day": date(2026, 11, 20),
                "ahead": AHEAD, "half": ANNUAL_HALF_WINDOW}  # the interviews due: days
SUPERVISOR = Viewer("sam@example.org", "supervisor", (MINE,), signed_in=True)
HAND_WRITTEN = re.compile(r"\$(programs|workers)\b|list_contains\([^)]*(program|worker)_id")


@pytest.fixture(scope="module")
def worlds(sample_path: Path, tmp_path_factory) -> tuple[Database, Database]:
    """The sample (own records about every program) and the viewer's world, both open."""
    folder = tmp_path_factory.mktemp("worlds")
    full = attacked_copy(sample_path, folder)
    mine = viewers_world(full, folder)
    dbs = (Database(connect(full), full), Database(connect(mine), mine))
    yield dbs
    for db in dbs:
        db.con.close()


def test_every_query_but_the_unscoped_reads_through_the_one_scope_filter():
    for name in SCOPED:
        code = code_of(QUERY_SQL.text(name))
        assert "from scope_programs" in code, f"{name} does not filter on scope_programs"
    for name in QUERY_SQL.names():
        if name != "scope":
            assert not HAND_WRITTEN.search(code_of(QUERY_SQL.text(name))), \
                f"{name} writes the program or worker test out by hand"


def test_every_query_of_the_scopes_dates_reads_them_through_scope_dates_alone():
    assert set(UNDATED) <= set(SCOPED) and set(AS_OF_END) <= set(DATED)
    for name in QUERY_SQL.names():
        code = code_of(QUERY_SQL.text(name))
        if name in DATED:
            assert SCOPE_DATES.search(code), f"{name} does not read the scope's dates from " \
                "scope_dates or scope_end (or, taking none, is not listed in UNDATED)"
        elif name != "scope":
            assert not SCOPE_DATES.search(code), f"{name} reads the scope's dates: not UNDATED"
        if name != "scope":
            assert not parameter_names(code) & {"start", "end"}, \
                f"{name} compares to $start or $end by hand, not through scope_dates"


def test_each_query_carries_only_the_scope_relations_it_reads_so_binds_no_date_it_ignores():
    for name in DATED:
        bound = parameter_names(sql_text(name))
        assert "end" in bound, f"{name} reads no date through scope_dates or scope_end"
        assert ("start" in bound) == (name not in AS_OF_END), \
            f"{name}: binds $start unless it reads scope_end alone (then listed in AS_OF_END)"
        assert sql_text(name).count("scope_end as (") == 1, name
    for name in UNDATED:
        assert not parameter_names(sql_text(name)) & {"start", "end"}, name
    assert "scope_workers as (" not in sql_text("workers")


def test_a_query_as_of_the_end_day_runs_with_no_start_bound(worlds):
    full, _ = worlds
    end = {"end": date(2026, 11, 20), **program_params(Every.ALL)}
    with_start = {**end, "start": date(2026, 1, 1)}
    for name in AS_OF_END:
        same(name, full.frame(name, **with_start, **OTHER_PARAMS),
             full.frame(name, **end, **OTHER_PARAMS))


def test_no_programs_is_none_and_all_programs_is_said_on_purpose():
    with pytest.raises(TypeError, match="None and lists no longer mean every program"):
        Scope(None, date(2026, 1, 1), date(2026, 1, 31))
    assert program_params(())["programs"] == [] and not program_params(())["every_program"]
    assert program_params(Every.ALL)["every_program"]


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_a_supervisor_narrowed_by_any_address_sees_nothing_of_another_program(worlds, attack):
    full, mine = worlds
    scope, focus = asked(attack, other_worker(full.con))
    scope = scope_for_viewer(SUPERVISOR, scope)  # as the page context cuts and narrows it
    if focus is not None:
        scope = scope.narrowed(*focus)
    params = {**scope.params(), **OTHER_PARAMS}
    seen = 0
    for name in SCOPED:
        got = full.frame(name, **params)
        same(f"{name}, {attack}", mine.frame(name, **params), got)
        seen += got.height
    if attack == "their own programs":
        assert seen > 0  # the comparison compared something
    else:
        assert scope.programs in ((), (MINE,))  # a worker of another: the programs bound it


@pytest.mark.parametrize("programs", [(), (NOWHERE,)])
def test_a_scope_of_no_program_or_one_that_does_not_exist_has_no_rows(worlds, programs):
    full, _ = worlds
    params = {**Scope(programs, date(2025, 1, 1), date(2026, 11, 20)).params(), **OTHER_PARAMS}
    for name in SCOPED:
        frame = full.frame(name, **params)
        for column in ("program_id", "worker_id", "enrollment_id"):
            if column in frame.columns:
                assert frame[column].drop_nulls().is_empty(), f"{name}: {column}"
    assert full.frame("workers", **program_params(programs)).is_empty()
    assert sql_text("workers").count("scope_programs as (") == 1

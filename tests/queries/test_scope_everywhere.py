"""Every read function a page calls (ui/data.py), for every role, with a scope of another
program, of no program, of a program that does not exist and of a worker of another program,
built as the page context builds it (the sidebar's choice cut to the viewer's programs, then a
click's focus): no row, name or id of a program outside what the viewer may see comes back."""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from access.viewer import NotAllowed, Viewer
from queries.attention import thresholds
from queries.funder import NotForRole
from queries.scope import ALL, Scope, scope_for_viewer
from settings import Settings
from tests.queries.scope_worlds import ATTACKS, END, MINE, START, asked, attacked_copy, other_worker
from ui import data as cached

ROOT = Path(__file__).parents[2]
AS_OF = END
VIEWERS = {
    "supervisor of one program": Viewer("sam@example.org", "supervisor", (MINE,), True),
    "supervisor with no programs set up": Viewer("sue@example.org", "supervisor", None, True),
    "funder of one program": Viewer("fay@example.org", "funder", (MINE,), True),
    "funder of every program": Viewer("fred@example.org", "funder", None, True),
    "analyst of one program": Viewer("al@example.org", "analyst", (MINE,), True),
    "analyst": Viewer("ana@example.org", "analyst", None, True),
    "admin": Viewer("adm@example.org", "admin", None, True),
}
Call = Callable[[str, Scope, Viewer], object]
# How a page calls each read function; True: it honours the page's scope, False: the viewer's
# programs only (the page cuts the rest itself).
CALLS: dict[str, tuple[Call, bool]] = {
    "overview": (lambda p, s, v: cached.overview(p, 1, s, AS_OF, 25.0, v), True),
    "engagement": (lambda p, s, v: cached.engagement(p, 1, s, AS_OF, v), True),
    "aftercare": (lambda p, s, v: cached.aftercare(p, 1, s, AS_OF, v), True),
    "awaiting": (lambda p, s, v: cached.awaiting(p, 1, s, v), True),
    "workforce": (lambda p, s, v: cached.workforce(p, 1, s, thresholds(Settings()), v), True),
    "reassignment": (lambda p, s, v: cached.reassignment(p, 1, s, v), True),
    "interviews": (lambda p, s, v: cached.interviews(p, 1, s, AS_OF, v), True),
    "acknowledgements": (lambda p, s, v: cached.acknowledgements(p, s, v), True),
    "session_notes": (lambda p, s, v: cached.session_notes(p, s, v), True),
    "needs_action_today": (lambda p, s, v: cached.needs_action_today(
        p, 1, (), AS_OF, Settings(), v, date.today()), False),
    "attempts": (lambda p, s, v: [cached.attempts(p, s, w, v) for w in ("aftercare",
                                                                       "interview")], True),
    "outcomes": (lambda p, s, v: cached.outcomes(p, 1, s, AS_OF, v), True),
    "workers": (lambda p, s, v: cached.workers(p, 1, s.programs), True),
    "program_notes": (lambda p, s, v: cached.program_notes(p, s.programs), True),
    "scope_marks": (lambda p, s, v: cached.scope_marks(p, 1, s, Settings()), True),
    "funder": (lambda p, s, v: cached.funder(p, 1, date(2025, 10, 1), AS_OF, AS_OF, v), False),
    "funder_years": (lambda p, s, v: cached.funder_years(p, 1, AS_OF, v), False),
    "completeness": (lambda p, s, v: cached.completeness(p, 1, AS_OF, v), False),
}
# What pages import from ui/data.py that reads no program's records (or is no read).
NOT_SCOPED = {"database": "the handle: admin and analyst pages' own records and imports",
              "run_admin": "the own records and imports, for the admin and analyst pages",
              "own_checkins": "a peer worker's own check-ins: refused to every other role "
                              "(tests/pages/test_my_checkins.py)",
              "demo_worker": "the demo's peer worker, an id of the sample, in demo mode only",
              "open_database": "opens it", "data_span": "the data's first and last day",
              "programs": "every program's name (the sidebar lists the viewer's only)",
              "stored_keys": "the stored ids the Upload page (analysts) matches an export's "
                             "cells against to suggest its id columns; never shown"}


def page_reads() -> set[str]:
    """The read functions of ui/data.py that pages reach: those PageData (ctx.data) calls, and
    those ui/ and app.py import themselves."""
    data = ast.parse((ROOT / "ui" / "data.py").read_text(encoding="utf-8"))
    functions = {n.name for n in data.body if isinstance(n, ast.FunctionDef)}
    page_data = next(n for n in data.body if isinstance(n, ast.ClassDef) and n.name == "PageData")
    found = {node.func.id for node in ast.walk(page_data) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Name) and node.func.id in functions}
    for path in [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"), ROOT / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "ui.data":
                found.update(alias.name for alias in node.names)
    return found - {"PageData"}


@pytest.fixture(scope="module")
def attacked(sample_path: Path, tmp_path_factory) -> tuple[str, dict[str, set[str]], str]:
    """The sample with own records about every program; each program's marks (its id and
    name, its workers' ids and names, its enrollments' ids); the other program's worker."""
    path = attacked_copy(sample_path, tmp_path_factory.mktemp("everywhere"))
    marks: dict[str, set[str]] = {}
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute("select program_id, program_id from programs union all "
                       "select program_id, program_name from programs union all "
                       "select program_id, worker_id from workers union all "
                       "select program_id, display_name from workers union all "
                       "select program_id, enrollment_id from enrollments").fetchall()
        for program, mark in rows:
            marks.setdefault(program, set()).add(mark)
        worker = other_worker(con)
    return str(path), marks, worker


def texts(found: object) -> list[pl.Series | str]:
    """Every text a result holds: its frames' text columns and its strings, however nested."""
    if isinstance(found, pl.DataFrame):
        return [found[c] for c, t in found.schema.items() if t == pl.String]
    if isinstance(found, str):
        return [found]
    if isinstance(found, dict):
        return [t for k, v in found.items() for t in texts(k) + texts(v)]
    if isinstance(found, list | tuple | set | frozenset):
        return [t for v in found for t in texts(v)]
    if dataclasses.is_dataclass(found):
        return [t for f in dataclasses.fields(found) for t in texts(getattr(found, f.name))]
    return []


def shown_outside(found: object, marks: dict[str, set[str]], allowed: set[str]) -> set[str]:
    """The marks of programs outside `allowed` that the result shows (a worker's name that a
    worker of an allowed program has too is no one's mark)."""
    mine = set().union(*(marks[p] for p in allowed))
    theirs = set().union(*(m for p, m in marks.items() if p not in allowed)) - mine
    seen = set()
    for text in texts(found):
        values = set(text.drop_nulls().unique()) if isinstance(text, pl.Series) else {text}
        seen |= values & theirs
    return seen


def test_every_read_function_a_page_calls_is_tried_here():
    assert page_reads() - set(NOT_SCOPED) == set(CALLS)


@pytest.mark.parametrize("attack", list(ATTACKS))
@pytest.mark.parametrize("who", list(VIEWERS))
def test_no_read_function_shows_a_program_outside_the_viewers(attacked, who, attack):
    path, marks, worker = attacked
    viewer = VIEWERS[who]
    asked_scope, focus = asked(attack, worker)
    scope = scope_for_viewer(viewer, asked_scope)  # as ui/context.py builds a page's scope
    if focus is not None:
        scope = scope.narrowed(*focus)
    theirs = set(marks) if viewer.programs is None else set(viewer.programs)
    if viewer.role == "supervisor" and viewer.programs is None:
        theirs = set()  # refused at sign-in; were they let in, no program is theirs
    chosen = set(marks) if asked_scope.programs is ALL else set(asked_scope.programs)
    if focus is not None and focus[0] == "program":
        chosen &= {focus[1]}
    for name, (call, scoped) in CALLS.items():
        try:
            found = call(path, scope, viewer)
        except (NotAllowed, NotForRole):
            continue  # refused to this role: nothing shown
        allowed = theirs & chosen if scoped else theirs
        assert not shown_outside(found, marks, allowed), f"{name} as {who}, {attack}"


def test_the_check_sees_what_it_looks_for(attacked):
    """An analyst of every program sees other programs' marks in every scoped read: were the
    results' texts not read, the test above would pass for nothing."""
    path, marks, _ = attacked
    analyst = VIEWERS["analyst"]
    for name, (call, _) in CALLS.items():
        # monthly sums; none due; Today's counts and sentences hold no name or id at all
        if name not in ("overview", "awaiting", "reassignment", "needs_action_today"):
            found = call(path, Scope(ALL, START, END), analyst)
            assert shown_outside(found, marks, {MINE}), name

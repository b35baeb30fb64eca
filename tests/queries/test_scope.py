"""Narrowing a scope to what a chart click names, and the statements' bound parameters."""

from datetime import date

import pytest

from access.viewer import Viewer
from queries.scope import Every, Scope, month_end, scope_for_viewer, viewer_programs
from store.sql import parameter_names

ALL = Scope(Every.ALL, date(2026, 1, 15), date(2026, 3, 10))


def test_narrow_to_a_month_stays_inside_the_range() -> None:
    assert ALL.narrowed("month", "2026-01-01") == Scope(Every.ALL, date(2026, 1, 15),
                                                        date(2026, 1, 31))
    assert ALL.narrowed("month", "2026-02-01").end == date(2026, 2, 28)
    assert ALL.narrowed("month", "2026-03-01").end == date(2026, 3, 10)


def test_narrow_to_a_program_or_worker() -> None:
    assert ALL.narrowed("program", "p1").programs == ("p1",)
    assert ALL.narrowed("worker", "w9").params()["workers"] == ["w9"]


def test_month_end_handles_february_and_december() -> None:
    assert month_end(date(2028, 2, 3)) == date(2028, 2, 29)
    assert month_end(date(2026, 12, 31)) == date(2026, 12, 31)


def test_parameters_in_comments_are_not_bound() -> None:
    sql = "-- Parameters: $programs, $start\nselect $start as s, $end_day as e"
    assert parameter_names(sql) == {"start", "end_day"}


def test_narrow_to_a_quarter_stays_inside_the_range() -> None:
    year = Scope(Every.ALL, date(2025, 12, 5), date(2026, 11, 20))
    assert year.narrowed("quarter", "2025-10-01") == Scope(Every.ALL, date(2025, 12, 5),
                                                          date(2025, 12, 31))
    assert year.narrowed("quarter", "2026-04-01") == Scope(Every.ALL, date(2026, 4, 1),
                                                          date(2026, 6, 30))
    # Any day of the quarter names it; the last one ends on the range's last day.
    assert year.narrowed("quarter", "2026-11-15") == Scope(Every.ALL, date(2026, 10, 1),
                                                          date(2026, 11, 20))


def test_narrowing_to_a_program_or_worker_outside_the_scope_leaves_none() -> None:
    mine = Scope(("harbor",), ALL.start, ALL.end, ("W1",))
    assert mine.narrowed("program", "mesa").programs == ()
    assert mine.narrowed("program", "harbor").programs == ("harbor",)
    assert mine.narrowed("worker", "W9").workers == ()
    assert mine.narrowed("worker", "W9").params()["workers"] == []
    assert not mine.narrowed("worker", "W9").params()["every_worker"]


@pytest.mark.parametrize(("viewer", "programs"), [
    (Viewer("a@example.org", "analyst", None, True), Every.ALL),
    (Viewer("f@example.org", "funder", None, True), Every.ALL),
    (Viewer("a@example.org", "analyst", ("harbor",), True), ("harbor",)),
    (Viewer("s@example.org", "supervisor", ("harbor",), True), ("harbor",)),
    (Viewer("s@example.org", "supervisor", None, True), ()),  # refused at sign-in anyway
    (Viewer("demo supervisor", "supervisor"), Every.ALL),  # a demo opens only the sample
    (Viewer("v@example.org", "visitor", None, True), ()),
])
def test_only_a_role_given_every_program_holds_all(viewer, programs) -> None:
    assert viewer_programs(viewer) == programs
    assert scope_for_viewer(viewer, ALL).programs == programs


def test_none_is_not_a_scope_s_programs_nor_its_workers() -> None:
    with pytest.raises(TypeError):
        Scope(None, ALL.start, ALL.end)
    with pytest.raises(TypeError):
        Scope(["harbor"], ALL.start, ALL.end)
    with pytest.raises(TypeError):
        Scope(("harbor",), ALL.start, ALL.end, ["W1"])

"""Which records a view covers, cut to what the viewer may see. A scope's programs are a tuple
(none: no rows) or ALL, the one value that means every program, which only a viewer whose role
is given every program reaches (viewer_programs); every query filters through the one scope
filter, queries/scope.sql, bound from Scope.params()."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import Enum
from typing import Final, Literal

import polars as pl

from access.roles import HOLDS_ALL_PROGRAMS, sees_identified
from access.viewer import NotAllowed, Viewer

Dimension = Literal["program", "month", "quarter", "worker"]


class Every(Enum):
    """Every program: said on purpose, never by leaving a list empty or None."""

    ALL = "all"

    def __repr__(self) -> str:
        return "ALL"


ALL: Final = Every.ALL
Programs = tuple[str, ...] | Every


def month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def quarter_start(day: date) -> date:
    return day.replace(month=day.month - (day.month - 1) % 3, day=1)


def _checked(programs: object) -> Programs:
    if programs is ALL:
        return ALL
    if not isinstance(programs, tuple) or not all(isinstance(p, str) for p in programs):
        raise TypeError(f"A scope's programs are a tuple of ids or ALL, not {programs!r}: "
                        "None and lists no longer mean every program.")
    return programs


def program_params(programs: Programs, workers: tuple[str, ...] | None = None
                   ) -> dict[str, object]:
    """The one scope filter's parameters (queries/scope.sql): $every_program, $programs,
    $every_worker, $workers; an empty tuple binds an empty list, which matches nothing."""
    programs = _checked(programs)
    return {"every_program": programs is ALL,
            "programs": [] if programs is ALL else list(programs),
            "every_worker": workers is None, "workers": list(workers or ())}


@dataclass(frozen=True)
class Scope:
    """Programs (ALL, or a tuple: none matches nothing), a date range, and the primary workers
    (None: not narrowed by worker; the programs still bound them)."""

    programs: Programs
    start: date
    end: date
    workers: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        _checked(self.programs)
        if self.workers is not None and not isinstance(self.workers, tuple):
            raise TypeError(f"A scope's workers are a tuple of ids or None, not {self.workers!r}")

    @property
    def every_program(self) -> bool:
        return self.programs is ALL

    def params(self) -> dict[str, object]:
        """The scope as bound parameters: the scope filter's, $start and $end."""
        return {**program_params(self.programs, self.workers),
                "start": self.start, "end": self.end}

    def only(self, frame: pl.DataFrame, column: str = "program_id") -> pl.DataFrame:
        """The frame's rows of the scope's programs (all of them for ALL)."""
        if self.programs is ALL:
            return frame
        return frame.filter(pl.col(column).is_in(list(self.programs)))

    def narrowed(self, dimension: Dimension, value: str) -> Scope:
        """This scope cut down to one program, one month or quarter (ISO date of its first
        day) or one worker; never wider than it was (a program or worker outside it leaves
        none)."""
        if dimension == "program":
            keep = (value,) if self.programs is ALL else tuple(
                p for p in self.programs if p == value)
            return replace(self, programs=keep)
        if dimension == "worker":
            keep = (value,) if self.workers is None else tuple(
                w for w in self.workers if w == value)
            return replace(self, workers=keep)
        first = date.fromisoformat(value).replace(day=1)
        last = month_end(first)
        if dimension == "quarter":
            first = quarter_start(first)
            last = month_end(first.replace(month=first.month + 2))
        return replace(self, start=max(self.start, first), end=min(self.end, last))


def viewer_programs(viewer: Viewer) -> Programs:
    """The programs a viewer may see: theirs, or ALL for one given every program whose role may
    hold it (a demo's anonymous viewer too: demos open only the sample); anyone else none."""
    if viewer.programs is not None:
        return viewer.programs
    demo = not viewer.signed_in and viewer.role == "supervisor"
    return ALL if viewer.role in HOLDS_ALL_PROGRAMS or demo else ()


def scope_for_viewer(viewer: Viewer, scope: Scope) -> Scope:
    """The scope cut down to the viewer's programs: programs chosen outside them are dropped,
    and a choice of none of theirs leaves none, which matches no record."""
    mine = viewer_programs(viewer)
    if mine is ALL:
        return scope
    if scope.programs is ALL:
        return replace(scope, programs=mine)
    return replace(scope, programs=tuple(p for p in scope.programs if p in mine))


def identified_scope(viewer: Viewer, scope: Scope) -> Scope:
    """The viewer's scope for a query that returns identified rows; refused to other roles."""
    if not sees_identified(viewer.role):
        raise NotAllowed(f"The {viewer.role} role sees only suppressed figures.")
    return scope_for_viewer(viewer, scope)

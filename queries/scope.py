"""Which records a view covers, cut to what the viewer may see."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from access.roles import sees_identified
from access.viewer import NotAllowed, Viewer

Dimension = Literal["program", "month", "quarter", "worker"]


def month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def quarter_start(day: date) -> date:
    return day.replace(month=day.month - (day.month - 1) % 3, day=1)


@dataclass(frozen=True)
class Scope:
    """Programs (None for all), a date range, and the primary workers (None for all)."""

    programs: tuple[str, ...] | None
    start: date
    end: date
    workers: tuple[str, ...] | None = None

    def params(self) -> dict[str, object]:
        """The scope as bound parameters: $programs, $start, $end, $workers."""
        return {"programs": list(self.programs) if self.programs is not None else None,
                "start": self.start, "end": self.end,
                "workers": list(self.workers) if self.workers is not None else None}

    def narrowed(self, dimension: Dimension, value: str) -> Scope:
        """This scope cut down to one program, one month or quarter (ISO date of its first
        day) or one worker; never wider than it was."""
        if dimension == "program":
            return replace(self, programs=(value,))
        if dimension == "worker":
            return replace(self, workers=(value,))
        first = date.fromisoformat(value).replace(day=1)
        last = month_end(first)
        if dimension == "quarter":
            first = quarter_start(first)
            last = month_end(first.replace(month=first.month + 2))
        return replace(self, start=max(self.start, first), end=min(self.end, last))


def scope_for_viewer(viewer: Viewer, scope: Scope) -> Scope:
    """The scope cut down to the viewer's programs: programs chosen outside them are dropped,
    and a choice of none of theirs leaves an empty list, which matches no record."""
    if viewer.programs is None:
        return scope
    if scope.programs is None:
        return replace(scope, programs=viewer.programs)
    return replace(scope, programs=tuple(p for p in scope.programs if p in viewer.programs))


def identified_scope(viewer: Viewer, scope: Scope) -> Scope:
    """The viewer's scope for a query that returns identified rows; refused to other roles."""
    if not sees_identified(viewer.role):
        raise NotAllowed(f"The {viewer.role} role sees only suppressed figures.")
    return scope_for_viewer(viewer, scope)

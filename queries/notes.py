"""The analysts' annotations and targets as the charts use them: which program changes a
scope's charts show, where their control limits restart, and the target a scope is judged
against."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from metrics.targets import TARGET_METRICS
from queries.scope import ALL, Programs, Scope, program_params
from settings import Settings
from store.database import Database


def program_annotations(db: Database, programs: Programs) -> pl.DataFrame:
    """One row per annotation of the programs, oldest first."""
    return db.frame("annotations", **program_params(programs))


def targets(db: Database, programs: Programs) -> pl.DataFrame:
    """One row per program and metric with a target of its own."""
    return db.frame("targets", **program_params(programs))


@dataclass(frozen=True)
class ProgramNotes:
    annotations: pl.DataFrame  # one row per annotation, oldest first
    targets: pl.DataFrame  # one row per program and metric with its own target

    def of(self, programs: Programs) -> pl.DataFrame:
        """The annotations a chart of these programs shows."""
        if programs is ALL:
            return self.annotations
        return self.annotations.filter(pl.col("program_id").is_in(list(programs)))


def restarts(notes: pl.DataFrame) -> list[date]:
    """The dates at which a scope's control limits start again."""
    return sorted(set(notes.filter("restarts_baseline")["noted_on"].to_list()))


@dataclass(frozen=True)
class TargetLine:
    value: float
    source: str  # e.g. "Harbor's own target", "the default target (a setting)"


def target_for(key: str, own: pl.DataFrame, scope_programs: list[str], settings: Settings
               ) -> TargetLine | None:
    """The target a scope is judged against: one program's own (else the setting); for
    several programs the setting, except intakes, whose targets add up. None: no target."""
    default = float(getattr(settings, TARGET_METRICS[key].setting))
    rows = own.filter(pl.col("metric") == key)
    set_by = dict(zip(rows["program_id"], rows["target"], strict=True))
    if key == "intakes_per_quarter":
        total = sum(set_by.get(p, default) for p in scope_programs)
        mixed = "the programs' own, added up" if set_by else "the default, a setting"
        return TargetLine(total, mixed) if total > 0 else None
    if len(scope_programs) == 1 and scope_programs[0] in set_by:
        name = rows.filter(pl.col("program_id") == scope_programs[0])["program_name"][0]
        return TargetLine(set_by[scope_programs[0]], f"{name}'s own")
    return TargetLine(default, "the default, a setting") if default > 0 else None


def scope_programs(scope: Scope, every: list[str]) -> list[str]:
    """The programs a scope covers (`every`: all programs, for ALL)."""
    return every if scope.programs is ALL else list(scope.programs)


@dataclass(frozen=True)
class ScopeNotes:
    """What a page's charts mark for one scope: its programs' annotations, where their control
    limits restart, and the target of each metric."""

    shown: pl.DataFrame  # the annotations to draw
    several: bool  # more than one program: an annotation names its program
    restarts: list[date]
    targets: dict[str, TargetLine | None]

    def target(self, key: str) -> tuple[float | None, str]:
        """(value, source), or (None, '') when the metric has no target for this scope."""
        line = self.targets.get(key)
        return (line.value, line.source) if line else (None, "")


def scope_notes(notes: ProgramNotes, scope: Scope, every: list[str],
                settings: Settings) -> ScopeNotes:
    """The annotations, restarts and targets of a scope's programs (`every`: all programs).
    A restart is that program's: it starts new limits on a chart of that program alone, and
    is drawn, without restarting anything, where several programs are added together."""
    shown = notes.of(scope.programs)
    programs = scope_programs(scope, every)
    several = len(programs) != 1
    return ScopeNotes(shown, several, [] if several else restarts(shown),
                      {key: target_for(key, notes.targets, programs, settings)
                       for key in TARGET_METRICS})

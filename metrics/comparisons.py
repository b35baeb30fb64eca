"""The shapes of the funder report's comparisons, built by release/ (summary,
funnel) from the protected release and drawn by charts/: a summary line per metric
(now against the quarter before, a year before and the target) and a funnel per metric."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from metrics.funnel import Dispersion


@dataclass(frozen=True)
class Point:
    """One all-program cell as the release publishes it (value None: hidden or nothing)."""

    quarter: date
    value: float | None
    numerator: int | None
    denominator: int | None
    suppressed: bool
    no_data: bool
    window_open: bool
    before_data: bool = False  # never counted: the records start too late for it


@dataclass(frozen=True)
class Line:
    """One metric's summary line: now, and the three things it is compared with."""

    key: str
    now: Point | None  # None: no quarter of the span has an all-program figure to show
    before: Point | None  # the quarter before `now` (None: before the release's first)
    year_ago: Point | None
    target: float | None
    lower_is_better: bool


@dataclass(frozen=True)
class Funnel:
    """One metric's funnel for one quarter."""

    key: str
    quarter: date
    centre: float
    around: str  # "all programs" or "the target"
    points: pl.DataFrame  # program_name, numerator, denominator, value, z, band
    hidden: int  # programs of the quarter left out: hidden, or nothing to count
    check: Dispersion
    curve: pl.DataFrame  # n, then a low and a high column per limit ("low 95%", ...)
    target: float | None = None  # the metric's target, drawn as its own line

    @property
    def compared(self) -> bool:
        """Whether there are programs to compare: with one placed, its rate is the centre's
        kin and limits around it would say nothing (none are drawn)."""
        return self.points.height > 1

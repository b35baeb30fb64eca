"""bench/browser.py's figures and tables: median and nearest-rank p95 per page, per role and
over every page, the server's CPU per page run, and each level of sessions against the first."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from bench.concurrency_report import percentile


@dataclass(frozen=True)
class View:
    """A page as one role opens it."""

    role: str
    page: str


@dataclass(frozen=True)
class Run:
    """One page run of one session: its round (0 is the first visit), seconds from navigation
    start until settled, charts drawn, and the app process's CPU seconds (one session only)."""

    session: int
    round: int
    role: str
    page: str
    seconds: float
    charts: int = 0
    cpu: float | None = None
    failed: str | None = None


@dataclass(frozen=True)
class Level:
    """Every page run of one number of sessions at once, its wall time and the CPU seconds of
    the server and of the browser side (Chromium, Playwright's driver, this process)."""

    sessions: int
    runs: list[Run]
    wall: float
    server_cpu: float
    client_cpu: float


def spread(values: Sequence[float]) -> tuple[float, float]:
    """Median and nearest-rank p95 (of 20 values or fewer, the largest); NaN when none."""
    if not values:
        return math.nan, math.nan
    return statistics.median(values), percentile(values, 0.95)


def _s(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:.2f}"


def _pair(runs: Sequence[Run]) -> str:
    median, p95 = spread([r.seconds for r in runs if r.failed is None])
    return f"{_s(median)} / {_s(p95)} s"


def one_session_table(runs: Sequence[Run], order: Sequence[View]) -> list[str]:
    """Per page, then per role and overall: median and p95 of the runs that did not fail, the
    first visit, and the server's CPU per run."""
    lines = ["| role | page | charts | first visit | median / p95 | server CPU per run: "
             "median / max | failed |", "|---|---|---|---|---|---|---|"]

    def row(role: str, page: str, mine: list[Run], first: str) -> str:
        cpu = [r.cpu for r in mine if r.cpu is not None]
        charts = max((r.charts for r in mine), default=0)
        cpus = (f"{statistics.median(cpu):.2f} / {max(cpu):.2f} s" if cpu else "–")
        failed = sum(r.failed is not None for r in mine)
        return f"| {role} | {page} | {charts} | {first} | {_pair(mine)} | {cpus} | {failed} |"

    for view in order:
        mine = [r for r in runs if (r.role, r.page) == (view.role, view.page)]
        first = [r.seconds for r in mine if r.round == 0 and r.failed is None]
        lines.append(row(view.role, view.page, mine, f"{_s(first[0])} s" if first else "–"))
    for role in dict.fromkeys(v.role for v in order):
        lines.append(row(role, "**every page**", [r for r in runs if r.role == role], ""))
    lines.append(row("**all**", "**every page**", list(runs), ""))
    return lines


def sessions_table(levels: Sequence[Level], order: Sequence[View]) -> list[str]:
    """Per page: median and p95 at each level, and the last level's p95 ÷ the first's."""
    first, last = levels[0], levels[-1]
    head = " | ".join(f"{lv.sessions} session{'s' * (lv.sessions > 1)}: median / p95"
                      for lv in levels)
    lines = [f"| role | page | {head} | p95 {last.sessions} ÷ {first.sessions} |",
             "|---|---|" + "---|" * len(levels) + "---|"]

    def ratio(a: Sequence[Run], b: Sequence[Run]) -> str:
        top = spread([r.seconds for r in a if r.failed is None])[1]
        bottom = spread([r.seconds for r in b if r.failed is None])[1]
        return "–" if math.isnan(top / bottom) else f"{top / bottom:.1f}×"

    def pick(lv: Level, view: View | None) -> list[Run]:
        return [r for r in lv.runs if view is None or (r.role, r.page) == (view.role, view.page)]

    for view in [*order, None]:
        cells = " | ".join(_pair(pick(lv, view)) for lv in levels)
        name = ("**all**", "**every page**") if view is None else (view.role, view.page)
        lines.append(f"| {name[0]} | {name[1]} | {cells} | "
                     f"{ratio(pick(last, view), pick(first, view))} |")
    return lines


def level_lines(levels: Sequence[Level]) -> list[str]:
    """Per level: runs, failures, throughput and who used the CPU."""
    lines = ["| sessions | page runs (failed) | wall | page runs per s | server CPU ÷ wall | "
             "browser CPU ÷ wall |", "|---|---|---|---|---|---|"]
    for lv in levels:
        failed = sum(r.failed is not None for r in lv.runs)
        lines.append(f"| {lv.sessions} | {len(lv.runs)} ({failed}) | {lv.wall:.0f} s | "
                     f"{len(lv.runs) / lv.wall:.2f} | {lv.server_cpu / lv.wall:.2f} | "
                     f"{lv.client_cpu / lv.wall:.2f} |")
    return lines

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
    start until settled, charts drawn, the app process's CPU seconds (one session only), and
    the app's answer: seconds from the browser asking for the run on the websocket until the
    run finished for good (bench/browser.py's Finished); whether it was opened from the menu
    (timed from the click) rather than by its address (from navigation start)."""

    session: int
    round: int
    role: str
    page: str
    seconds: float
    charts: int = 0
    cpu: float | None = None
    failed: str | None = None
    answer: float | None = None
    by_menu: bool = False


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


def _times(runs: Sequence[Run], answer: bool = False) -> list[float]:
    """The runs' seconds until settled, or the app's answers, of the runs that did not fail."""
    if answer:
        return [r.answer for r in runs if r.failed is None and r.answer is not None]
    return [r.seconds for r in runs if r.failed is None]


def _pair(runs: Sequence[Run], answer: bool = False) -> str:
    median, p95 = spread(_times(runs, answer))
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
    """Per page: median and p95 at each level and the last level's p95 ÷ the first's, until
    settled in the browser and of the app's answer alone."""
    first, last = levels[0], levels[-1]
    head = " | ".join(f"{lv.sessions} session{'s' * (lv.sessions > 1)}: median / p95"
                      for lv in levels)
    lines = [f"| role | page | {head} | p95 {last.sessions} ÷ {first.sessions} | app's answer, "
             f"{first.sessions} and {last.sessions}: median / p95 | app's answer: p95 "
             f"{last.sessions} ÷ {first.sessions} |",
             "|---|---|" + "---|" * len(levels) + "---|---|---|"]

    def ratio(a: Sequence[Run], b: Sequence[Run], answer: bool = False) -> str:
        top, bottom = spread(_times(a, answer))[1], spread(_times(b, answer))[1]
        return "–" if math.isnan(top / bottom) else f"{top / bottom:.1f}×"

    def pick(lv: Level, view: View | None) -> list[Run]:
        return [r for r in lv.runs if view is None or (r.role, r.page) == (view.role, view.page)]

    for view in [*order, None]:
        cells = " | ".join(_pair(pick(lv, view)) for lv in levels)
        last_runs, first_runs = pick(last, view), pick(first, view)
        name = ("**all**", "**every page**") if view is None else (view.role, view.page)
        lines.append(f"| {name[0]} | {name[1]} | {cells} | {ratio(last_runs, first_runs)} | "
                     f"{_pair(first_runs, True)}; {_pair(last_runs, True)} | "
                     f"{ratio(last_runs, first_runs, True)} |")
    return lines


def opened_lines(levels: Sequence[Level]) -> list[str]:
    """Per level, the runs by how they were opened (from the menu, by address), every run,
    and every run but each session's first (a new browser's, on a server its sessions are
    all arriving at): settled and the app's answer, median / p95."""
    lines = ["| sessions | runs | settled: median / p95 | app's answer: median / p95 |",
             "|---|---|---|---|"]
    for lv in levels:
        seen: set[int] = set()
        later = []  # a session's runs are in the order it made them
        for r in lv.runs:
            if r.session in seen:
                later.append(r)
            seen.add(r.session)
        for label, runs in (("from the menu", [r for r in lv.runs if r.by_menu]),
                            ("by address", [r for r in lv.runs if not r.by_menu]),
                            ("every run", lv.runs),
                            ("every run but each session's first", later)):
            if runs:
                lines.append(f"| {lv.sessions} | {len(runs)} {label} | {_pair(runs)} | "
                             f"{_pair(runs, True)} |")
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

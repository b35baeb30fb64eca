"""The concurrency benchmark's figures and its section of BENCHMARKS.md: median and p95 per
page run for each number of sessions, first visit against repeat, p95 against one session's."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

GOAL = 3.0  # p95 with 10 sessions within 3x one session's (issue 21)


@dataclass(frozen=True)
class Run:
    """One page run of one session: its round (0 is the first visit) and wall time."""

    session: int
    round: int
    page: str
    seconds: float
    failed: str | None = None


class Level(Protocol):
    sessions: int
    runs: list[Run]
    wall: float
    cpu: float
    client_cpu: float
    servers: int


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value with `share` of the values at or
    below it (of 20 values or fewer, p95 is the largest)."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def spread(runs: Sequence[Run]) -> tuple[float, float]:
    """Median and p95 of these runs' seconds (NaN when there are none)."""
    times = [r.seconds for r in runs]
    return (statistics.median(times), percentile(times, 0.95)) if times else (math.nan,) * 2


def _pair(runs: Sequence[Run]) -> str:
    median, p95 = spread(runs)
    return f"{median:.2f} / {p95:.2f} s"


def level_row(n: int, level: Level, one: Level) -> str:
    """A row of the main table: every page run of `level`, against one session's."""
    first = [r for r in level.runs if r.round == 0]
    repeat = [r for r in level.runs if r.round > 0]
    ratio = spread(level.runs)[1] / spread(one.runs)[1]
    repeat_ratio = spread(repeat)[1] / spread([r for r in one.runs if r.round > 0])[1]
    failed = sum(r.failed is not None for r in level.runs)
    verdict = "" if level.sessions != 10 else (" met" if ratio <= GOAL else " missed")
    servers = f" on {level.servers} servers" if level.servers > 1 else ""
    return (f"| {n:,} | {level.sessions}{servers} | {len(level.runs)} ({failed} failed) | "
            f"{_pair(level.runs)} | {ratio:.1f}×{verdict} | {_pair(first)} | {_pair(repeat)} "
            f"| {repeat_ratio:.1f}× | {len(level.runs) / level.wall:.1f} | "
            f"{level.cpu / level.wall:.2f} | {level.client_cpu / level.wall:.2f} |")


def page_rows(n: int, levels: Sequence[Level]) -> list[str]:
    """A row per page: its first visit's median and its repeats' median / p95, per level."""
    pages = list(dict.fromkeys(r.page for r in levels[0].runs))
    rows = []
    for page in pages:
        cells = []
        for level in levels:
            mine = [r for r in level.runs if r.page == page]
            first = statistics.median(r.seconds for r in mine if r.round == 0)
            cells.append(f"{first:.2f} s · {_pair([r for r in mine if r.round > 0])}")
        rows.append(f"| {n:,} | {page} | " + " | ".join(cells) + " |")
    return rows


def section(mark: str, results: dict[int, Sequence[Level]], machine: str, command: str,
            rounds: int) -> str:
    """The benchmark's section of BENCHMARKS.md."""
    levels = next(iter(results.values()))
    counts = " · ".join(str(level.sessions) for level in levels)
    lines = [mark, "", f"`.venv/bin/python {command.removeprefix('python ')}` on {machine}.",
             "", "One `streamlit run serve.py` server per level (or `--servers` of them, the "
             "sessions dealt in turn), fresh, over a copy of a generated database; each "
             "session is a websocket client (no browser) asking for pages as a typed URL does "
             "(`/<page>?role=...`): Overview, Engagement, Aftercare, Workforce "
             "and Outcomes as analyst, the Funder report as funder, in turn, each session "
             f"starting at another page, {rounds} rounds. A page run is timed from the request "
             "to the server's script_finished: the server's time, with no browser's. Round 1 "
             "is the first visit (a fresh server: the caches fill as the sessions run), later "
             "rounds repeat. p95 is nearest-rank (of 20 runs or fewer, the largest). AppTest in "
             "threads was not used: AppTest swaps a process-wide Runtime per run, and with 5 "
             "threads script runs failed with \"Runtime hasn't been created!\" while every "
             "AppTest reported no exception (bench/concurrency.py's docstring).", "",
             f"Sessions at once: {counts}. Goal: p95 with 10 sessions ≤ {GOAL:.0f}× one "
             "session's.", "",
             "| enrollments | sessions | page runs | all runs: median / p95 | p95 ÷ 1 session's "
             "| first visit: median / p95 | repeat: median / p95 | repeat p95 ÷ 1 session's "
             "| page runs per s | server CPU ÷ wall | clients' CPU ÷ wall |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for n, levels in results.items():
        lines += [level_row(n, level, levels[0]) for level in levels]
    lines += ["", "Per page: first visit (median) · repeat median / p95, per number of sessions.",
              "", "| enrollments | page | " + " | ".join(
                  f"{level.sessions} session{'s' * (level.sessions > 1)}" for level in levels)
              + " |", "|---|---|" + "---|" * len(levels)]
    for n, levels in results.items():
        lines += page_rows(n, levels)
    return "\n".join(lines)


def write_section(path: Path, mark: str, text: str) -> None:
    """Put `text` in place of the section headed `mark` in `path`, or at its end."""
    old = path.read_text(encoding="utf-8")
    start = old.find(mark)
    if start < 0:
        path.write_text(old.rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")
        return
    end = old.find("\n## ", start + len(mark))
    rest = old[end + 1:] if end >= 0 else ""
    path.write_text(old[:start] + text + "\n" + ("\n" + rest if rest else ""),
                    encoding="utf-8")

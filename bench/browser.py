"""Every page of each role timed in a real browser (issue 33): Debian's Chromium, driven by
Playwright, opens each page by its address and is timed from navigation start until the page
is settled: Streamlit has said on the websocket that the script run finished for good (not to
rerun), the page reads settled (tests/browser/waits.py's SETTLED: not running, nothing stale,
no skeleton), every chart placed has drawn its figure (waits.py's CHARTS_DRAWN) and the count
of charts is the same at two looks 100 ms apart. The time is the browser's own clock
(performance.now(), which starts at navigation start) at the first of those two looks, so the
poll's second look is not counted. Every role opens in the demo (`?role=`), the admin's and
the peer worker's pages too, though they draw no figure.

One session (one browser context, one tab) opens every page of each role `--repeat` times,
page after page, round after round, on a fresh server: round 1 is the first visit. The app
process's CPU time (user + system, /proc) is read around each of those page runs. Then, on
another fresh server, `--sessions` browser contexts at once (one browser), each cycling through
the same pages from a page of its own, give median and p95 per page for each level, and the
10-session p95 against the 1-session p95 of the same run. With a reading time (`--think`) the
sessions arrive spread over it, as readers' page runs come to be spread; `--together` starts
them at the same instant instead, ten first visits of a cold server at once.

A page is opened as a typed address is (`/<page>?role=<role>`, the demo's role picker), so every
run is a new Streamlit session of its own and pays the page's whole load: HTML, the app's
JavaScript (cached by the browser after the first), the websocket, the script run and the
drawing. The browser runs on the same machine as the server: with 10 sessions the 10 tabs'
drawing competes with the server for the cores (reported as the browser's CPU ÷ wall).

The waits are the browser tests' own (tests/browser/waits.py, imported). The server is started
by bench/concurrency.py's `serving`, a copy of tests/browser/conftest.py's `running_app` that
also yields the process id the CPU is read from (and needs no pytest). Figures and tables:
bench/browser_report.py.

    .venv/bin/python bench/browser.py                       # the sample (3,000 enrollments)
    .venv/bin/python bench/browser.py --enrollments 30000 --rounds 1 --out results.json
    .venv/bin/python bench/browser.py --roles analyst funder --sessions 1 --repeat 5
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import streamlit.logger  # noqa: E402

# ui/access.py's imports declare cached functions, which warn once each outside a server.
streamlit.logger.set_log_level("error")

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from access.roles import ROLES  # noqa: E402
from bench.browser_report import (  # noqa: E402
    Level,
    Run,
    View,
    level_lines,
    one_session_table,
    opened_lines,
    sessions_table,
)
from bench.concurrency import copy_database, cpu_seconds, serving  # noqa: E402
from tests.browser.waits import CHARTS_DRAWN, SETTLED, TIMEOUT  # noqa: E402
from ui.access import pages_for  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1500, "height": 1100}  # the browser tests' window
DONE = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
# The first look at which the page was settled and every chart drawn, if the next look, 100 ms
# later, finds the same with as many charts. SETTLED keeps its own two looks
# (window.peerdashSettled holds the latest); a look here is that latest one.
READY = f"""() => {{
  const t = performance.now();
  ({SETTLED})();
  const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]').length;
  const look = {{ok: window.peerdashSettled && ({CHARTS_DRAWN})(), charts, t}};
  const before = window.peerdashLook;
  window.peerdashLook = look;
  return look.ok && before && before.ok && before.charts === charts
    ? {{t: before.t, charts}} : false;
}}"""
# Before a click in the menu: the last page's looks forgotten, and the click's time on the page's
# clock kept as the page receives it (a listener in the capture phase, so before Streamlit's).
FORGET = """() => {
  window.peerdashLook = undefined;
  window.peerdashSettled = false;
  window.peerdashClicked = undefined;
  document.addEventListener('click', () => { window.peerdashClicked = performance.now(); },
                            {capture: true, once: true});
}"""
# What a run that went wrong shows: an exception, the guard's refusal, or Streamlit's answer
# to an address that is not among the role's pages (it runs the start page instead).
WRONG = """() => {
  const exception = document.querySelector('[data-testid="stException"]');
  if (exception) return 'exception: ' + exception.innerText.slice(0, 200);
  const text = document.body.innerText;
  if (/page is not open to the/.test(text)) return 'refused: not open to this role';
  if (/Page not found/i.test(text)) return 'page not found';
  return null;
}"""


def views(roles: Sequence[str]) -> list[View]:
    """Every page of each role, in the registry's order (ui/access.py PAGES)."""
    return [View(role, spec.key) for role in roles for spec in pages_for(role)]


def _process_cpu(pid: int) -> float:
    try:
        return cpu_seconds(pid)
    except (FileNotFoundError, ProcessLookupError):  # ended between the listing and the read
        return 0.0


def tree_cpu(root: int, leave_out: int) -> float:
    """CPU seconds of `root` and its living descendants, without `leave_out`'s subtree: this
    process, Playwright's driver and Chromium's processes, not the app server."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        if pid != leave_out:
            total += _process_cpu(pid)
            todo.extend(children.get(pid, []))
    return total


class Finished:
    """Whether the tab's latest script run finished for good since `clear`: Streamlit's
    script_finished message on the websocket. The DOM alone cannot tell: between the two runs
    of an st.rerun the page reads "notRunning", and on a fresh server under load that gap
    outlasted SETTLED's 100 ms (the first Overview read settled with no chart; app.py's first
    run reruns to leave legacy page mode, ui/legacy_pages.py). Only the page's own websocket
    counts, and only after it has asked for the run: a late message of the last page's (a run
    that timed out) must not end this one's wait.

    Also the app's answer: seconds from the browser's first message on the page's websocket
    (asking for the run) to that script_finished, both as this process receives Playwright's
    events. It is the app process's part of a page run, its queueing behind other sessions'
    runs included, without the loading of the page and the drawing of its charts; but each
    message reaches this process through the tab's thread and Playwright's driver, so a busy
    tab or a busy bench lengthens it too."""

    def __init__(self, tab) -> None:
        self.event = asyncio.Event()
        self.ws = None  # the page's websocket: the newest the tab opened
        self.asked: float | None = None
        self.answered: float | None = None
        tab.on("websocket", self.watch)

    def watch(self, ws) -> None:
        self.ws = ws
        ws.on("framesent", lambda payload: self.sent(ws, payload))
        ws.on("framereceived", lambda payload: self.frame(ws, payload))

    def clear(self, new_page: bool) -> None:
        """Before a page is opened: by its address (`new_page`, so a new websocket), or on
        this one from the menu."""
        self.event.clear()
        self.asked = self.answered = None
        if new_page:
            self.ws = None

    def sent(self, ws, _payload: str | bytes) -> None:
        if ws is self.ws and self.asked is None:
            self.asked = time.perf_counter()

    def frame(self, ws, payload: str | bytes) -> None:
        if ws is not self.ws or self.asked is None:
            return
        if isinstance(payload, bytes) and len(payload) < 256:  # script_finished is tiny
            msg = ForwardMsg.FromString(payload)
            if msg.WhichOneof("type") == "script_finished" and msg.script_finished in DONE:
                if self.answered is None:
                    self.answered = time.perf_counter()
                self.event.set()

    @property
    def answer(self) -> float | None:
        if self.asked is None or self.answered is None:
            return None
        return self.answered - self.asked


async def open_page(tab, finished: Finished, url: str, view: View,
                    by_menu: bool = False) -> tuple[float, int, str | None]:
    """Open `view` by its address, or by its link in the sidebar's menu (`by_menu`: a page
    switch within the app, on the same websocket, as a reader moves between pages); seconds
    until settled, charts drawn and what went wrong (the app's answer is left in
    `finished`)."""
    try:
        finished.clear(new_page=not by_menu)
        if by_menu:  # timed from the click as the page receives it; the last page's looks forgotten
            await tab.evaluate(FORGET)
            link = tab.locator(f'[data-testid="stSidebarNav"] a[href$="/{view.page}"]')
            await link.click(timeout=TIMEOUT)
        else:  # timed from navigation start (performance.now() starts there)
            await tab.goto(f"{url}/{view.page}?role={view.role}", wait_until="commit")
        try:
            await asyncio.wait_for(finished.event.wait(), TIMEOUT / 1000)
        except TimeoutError:
            return math.nan, 0, f"no script run finished for good within {TIMEOUT / 1000:g} s"
        ready = await tab.wait_for_function(READY, polling=100, timeout=TIMEOUT)
        found = await ready.json_value()
        start = await tab.evaluate("() => window.peerdashClicked") if by_menu else 0.0
        wrong = await tab.evaluate(WRONG)
    except Exception as error:  # a timeout or a crashed tab: the run failed, the rest go on
        first = str(error).splitlines()[0][:200] if str(error) else ""
        return math.nan, 0, f"{type(error).__name__}: {first}"
    if start is None:  # the click reloaded the page: its clock began again
        return math.nan, 0, "the menu's link reloaded the page"
    return (found["t"] - start) / 1000, int(found["charts"]), wrong


async def session(new_context, url: str, index: int, order: list[View], repeat: int,
                  pid: int | None, think: float, arrives: float = 0.0,
                  by_menu: bool = False) -> list[Run]:
    """One browser context (`new_context()`) opening every view `repeat` times, its first
    `arrives` seconds in; the server's CPU per run when `pid` is given (one session alone, so
    the CPU is this run's). With `by_menu`, a view after another of the same role is opened
    from the menu; the session's first view and a role's first are opened by their address
    (`?role=`, the demo's role)."""
    await asyncio.sleep(arrives)
    context = await new_context()
    tab = await context.new_page()
    finished, runs = Finished(tab), []
    last: View | None = None
    try:
        for round_ in range(repeat):
            for view in order:
                menu = (by_menu and last is not None and last.role == view.role
                        and last.page != view.page)
                before = cpu_seconds(pid) if pid else None
                seconds, charts, failed = await open_page(tab, finished, url, view, menu)
                cpu = cpu_seconds(pid) - before if pid and before is not None else None
                runs.append(Run(index, round_, view.role, view.page, seconds, charts, cpu,
                                failed, finished.answer, menu))
                last = view
                if think:
                    await asyncio.sleep(think)
    finally:
        await context.close()
    return runs


async def level(url: str, pid: int, sessions: int, order: list[View], repeat: int,
                think: float, together: bool = False, own_browsers: bool = False,
                by_menu: bool = False) -> Level:
    """`sessions` browser contexts at once, each starting at another view: in one browser, or
    each in a browser of its own (`own_browsers`, as ten people have: one browser's contexts
    share its browser and GPU processes, which draw and composite every tab). With a reading
    time they arrive spread over it (session k at k × think ÷ sessions s), as people who read
    each page for that long come to be: otherwise all at the same instant on a cold server,
    whose ten first visits then wait on one another (`together`, or no reading time)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browsers = [await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                    for _ in range(sessions if own_browsers else 1)]
        try:
            mine, server = tree_cpu(os.getpid(), pid), cpu_seconds(pid)
            began = time.perf_counter()
            step = max(len(order) // sessions, 1)
            done = await asyncio.gather(*(
                session(partial(browsers[k % len(browsers)].new_context, viewport=VIEWPORT),
                        url, k, order[k * step % len(order):] + order[:k * step % len(order)],
                        repeat, pid if sessions == 1 else None, think,
                        0.0 if together else k * think / sessions, by_menu)
                for k in range(sessions)))
            wall = time.perf_counter() - began
            server_cpu = cpu_seconds(pid) - server
            client_cpu = tree_cpu(os.getpid(), pid) - mine
        finally:
            for browser in browsers:
                await browser.close()
    return Level(sessions, [r for runs in done for r in runs], wall, server_cpu, client_cpu)


def measure(db: Path, sessions: int, order: list[View], repeat: int, think: float,
            together: bool = False, own_browsers: bool = False, by_menu: bool = False) -> Level:
    """One level on a fresh server over a fresh copy of `db`."""
    with tempfile.TemporaryDirectory() as tmp:
        served = Path(tmp) / "served.duckdb"
        copy_database(db, served)
        with serving(served, Path(tmp) / "server.log", ROOT) as (ws, pid):
            url = ws.removeprefix("ws://").removesuffix("/_stcore/stream")
            return asyncio.run(level(f"http://{url}", pid, sessions, order, repeat, think,
                                     together, own_browsers, by_menu))


def source(args: argparse.Namespace, folder: Path) -> tuple[Path, str]:
    """The database to serve and how to name it."""
    if args.db:
        return args.db, str(args.db)
    if args.enrollments:
        from bench.pages import database

        path = database(args.enrollments)
        return path, f"{args.enrollments:,} enrollments ({path.relative_to(ROOT)})"
    from sample_data.generate import Scale, generate

    path = folder / "sample.duckdb"
    generate(path, Scale())  # the default sample, as the app writes it on first start
    return path, "the sample (the default app database: about 3,000 enrollments up to today)"


def _failures(levels: Sequence[Level]) -> None:
    for lv in levels:
        for r in lv.runs:
            if r.failed:
                print(f"{lv.sessions} sessions, session {r.session} round {r.round + 1}: "
                      f"{r.role} {r.page} failed: {r.failed}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    data = parser.add_mutually_exclusive_group()
    data.add_argument("--db", type=Path, help="serve a copy of this database")
    data.add_argument("--enrollments", type=int, help="serve a generated database of this many "
                      "enrollments (bench/pages.py's, kept in bench/data)")
    parser.add_argument("--repeat", type=int, default=3, help="times each session opens each page")
    parser.add_argument("--rounds", type=int, help="times each session opens each page at the "
                        "levels of more than one session (default: --repeat); fewer keep a "
                        "10-session level short on a slow machine")
    parser.add_argument("--sessions", default="1,10", help="sessions at once, comma separated; "
                        "the first level also gives the per-page table and the server's CPU")
    parser.add_argument("--roles", nargs="+", choices=list(ROLES), default=list(ROLES))
    parser.add_argument("--think", type=float, default=0.0, help="seconds a session reads a page "
                        "before opening the next (0: at once, the worst case)")
    parser.add_argument("--together", action="store_true", help="every session arrives at "
                        "once, on a cold server (default with a reading time: spread over it)")
    parser.add_argument("--own-browsers", action="store_true", help="each session in a "
                        "browser of its own, as people have (default: one browser, a context "
                        "each)")
    parser.add_argument("--by-menu", action="store_true", help="open a page after another of "
                        "the same role from the sidebar's menu, as a reader switches pages "
                        "(default: every page by its address, a reload each)")
    parser.add_argument("--out", type=Path, help="write every run as JSON here")
    args = parser.parse_args()
    levels_wanted = [int(s) for s in args.sessions.split(",") if s.strip()]
    if not Path(CHROMIUM).exists():
        parser.error(f"{CHROMIUM} is missing: apt-get install chromium (never playwright install)")
    order = views(args.roles)
    load = [os.getloadavg()]
    with tempfile.TemporaryDirectory() as tmp:
        db, named = source(args, Path(tmp))
        levels = []
        for sessions in levels_wanted:
            repeat = args.repeat if sessions == 1 else (args.rounds or args.repeat)
            levels.append(measure(db, sessions, order, repeat, args.think, args.together,
                                  args.own_browsers, args.by_menu))
            load.append(os.getloadavg())
            print(f"{sessions} session(s): {len(levels[-1].runs)} page runs in "
                  f"{levels[-1].wall:.0f} s", file=sys.stderr)
    _failures(levels)
    when = datetime.now(UTC).strftime("%-d %b %Y %H:%M UTC")
    loads = ", ".join(f"{a:.1f}" for a, _, _ in load)
    command = " ".join([".venv/bin/python bench/browser.py", *sys.argv[1:]])
    print(f"{when}, {platform.node()} ({os.cpu_count()} cores, python "
          f"{platform.python_version()}); {named}; `{command}`; "
          f"load average (1 min) before and after each level: {loads}\n")
    print("\n".join(one_session_table(levels[0].runs, order)) + "\n")
    if len(levels) > 1:
        print("\n".join(sessions_table(levels, order)) + "\n")
    print("\n".join(level_lines(levels)) + "\n")
    print("\n".join(opened_lines(levels)))
    if args.out:
        args.out.write_text(json.dumps({
            "when": when, "database": named, "argv": sys.argv[1:], "load": load,
            "levels": [{**asdict(lv), "runs": [asdict(r) for r in lv.runs]} for lv in levels],
        }, indent=1, default=str))


if __name__ == "__main__":
    main()

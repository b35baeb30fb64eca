"""Concurrent sessions (issue 21): server-side time per page run with 1, 5 and 10 sessions at
once, on one `streamlit run serve.py` server (as `make run`), driven through Streamlit's
websocket protocol.

No browsers: each session is a websocket client (one asyncio task in this process) that asks
for a page as a browser does for a typed URL (a rerun_script BackMsg naming the page, with
?role=... as its query string) and times it from the request to the server's script_finished.
Every session visits the supervisor/analyst pages (Overview, Engagement, Aftercare, Workforce,
Outcomes as analyst) and the Funder report (as funder) in turn, a few rounds, each session
starting at a different page. Every level runs on a server of its own, started fresh on a copy
of the database, so round 1 is the first visit (the caches fill while the sessions run) and
later rounds repeat the same views. A run that raises, shows an error or names a page the
role may not open counts as failed.

Why not AppTest in threads: each AppTest run installs a process-wide mock Runtime and sets
it back to None when it ends, so another AppTest's script thread fails mid-run with "Runtime
hasn't been created!" (5 sessions in threads on the sample: 6 such failures, and every AppTest
reported no exception). AppTests in processes would each open the database and fill caches of
their own: not one app serving many readers. A real server is what the sessions share.

    .venv/bin/python bench/concurrency.py                  # 100,000 enrollments, 1 5 10
    .venv/bin/python bench/concurrency.py --commit HEAD    # the last commit's app
    .venv/bin/python bench/concurrency.py --sessions 1 10 --servers 2   # two app processes
    .venv/bin/python bench/concurrency.py --scales 3000 --sessions 1 5 --rounds 2 --out -
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import platform
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.concurrency_client import together  # noqa: E402
from bench.concurrency_report import Run, section, write_section  # noqa: E402
from store.own import own_path  # noqa: E402

AS_OF = date(2026, 11, 20)
MARK = "## Concurrent sessions (issue 21)"
THINK_MARK = "## Concurrent sessions reading each page for about {think:g} s (issue 21)"
# (url path, demo role): what a supervisor/analyst opens, and the Funder report as a funder
PAGES = (("overview", "analyst"), ("engagement", "analyst"), ("aftercare", "analyst"),
         ("workforce", "analyst"), ("outcomes", "analyst"), ("funder", "funder"))


def copy_database(source: Path, target: Path) -> None:
    """`source` copied to `target` with its own records beside it, when it has them (store/
    own.py: acknowledgements, the kept funder release), as a server over `source` would read."""
    shutil.copy(source, target)
    if own_path(source).exists():
        shutil.copy(own_path(source), own_path(target))


def database(n: int, folder: Path, app: Path, source: Path | None) -> Path:
    """A copy of `source`, or a database of n enrollments that the generator of the app in
    `app` writes in `folder` (the app's schema, whichever checkout it is)."""
    path = folder / f"enrollments-{n}.duckdb"
    if source is not None:
        copy_database(source, path)
        return path
    code = ("import sys; from datetime import date; from pathlib import Path; "
            f"sys.path.insert(0, {str(app)!r}); "
            "from sample_data.generate import Scale, generate; "
            f"generate(Path({str(path)!r}), Scale(enrollments={n}, as_of=date({AS_OF.year}, "
            f"{AS_OF.month}, {AS_OF.day})))")
    subprocess.run([sys.executable, "-c", code], cwd=app, check=True)
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(served: Path, log: Path, app: Path, entry: str = "serve.py"
            ) -> Iterator[tuple[str, int]]:
    """`streamlit run serve.py` (or `entry`) of the checkout `app` (app.py in an older checkout,
    which has no serve.py) over the database `served`, demo mode allowed on it; yields its
    websocket address and process id, and stops it afterwards."""
    port = _free_port()
    script = app / entry if (app / entry).exists() else app / "app.py"
    command = [sys.executable, "-m", "streamlit", "run", str(script),
               "--server.address", "127.0.0.1", "--server.port", str(port),
               "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]
    env = {**os.environ, "PEERDASH_DB": str(served), "PEERDASH_DEMO_ANY_DATABASE": "true"}
    with open(log, "w") as out:
        proc = subprocess.Popen(command, cwd=app, env=env, stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    tail = log.read_text(errors="replace").splitlines()[-15:]
                    raise SystemExit("The server did not start:\n" + "\n".join(tail)) from None
                time.sleep(0.3)
        yield f"ws://127.0.0.1:{port}/_stcore/stream", proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def cpu_seconds(pid: int) -> float:
    """The process's user and system CPU time so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Level:
    """Every page run of one concurrency level, with its wall time and the CPU time of the
    servers and of the clients (this process) in it."""

    sessions: int
    runs: list[Run]
    wall: float
    cpu: float
    client_cpu: float
    servers: int = 1


def measure(db: Path, sessions: int, rounds: int, app: Path = ROOT,
            pages: tuple[tuple[str, str], ...] = PAGES, servers: int = 1,
            shared: bool = True, think: float = 0.0) -> Level:
    """`sessions` sessions at once on `servers` fresh servers of the app in `app` over one
    copy of `db` (the same data, as issue 21 deploys them), or over a copy each."""
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        started = []
        for k in range(servers):
            served = Path(tmp) / ("served.duckdb" if shared else f"served-{k}.duckdb")
            if not served.exists():
                copy_database(db, served)
            log = Path(tmp) / f"server-{k}.log"
            started.append(stack.enter_context(serving(served, log, app)))
        urls, pids = [url for url, _ in started], [pid for _, pid in started]
        cpu, mine, began = sum(map(cpu_seconds, pids)), time.process_time(), time.perf_counter()
        runs = asyncio.run(together(urls, sessions, rounds, pages, think))
        return Level(sessions, runs, time.perf_counter() - began,
                     sum(map(cpu_seconds, pids)) - cpu, time.process_time() - mine, servers)


def checkout(commit: str | None, folder: Path) -> tuple[Path, str]:
    """The app to serve: this working tree, or `commit`'s tree unpacked in `folder`."""
    if commit is None:
        return ROOT, "the working tree (uncommitted changes included)"
    rev = subprocess.run(["git", "rev-parse", "--short", commit], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.strip()
    tree = subprocess.run(["git", "archive", rev], cwd=ROOT, check=True, capture_output=True)
    with tarfile.open(fileobj=io.BytesIO(tree.stdout)) as archive:
        archive.extractall(folder / "app", filter="data")
    return folder / "app", f"the app at commit {rev}"


def _failures(n: int, level: Level) -> None:
    failed = [r for r in level.runs if r.failed]
    for page in dict.fromkeys(r.page for r in failed):
        mine = [r for r in failed if r.page == page]
        print(f"{n:,} enrollments, {level.sessions} sessions: {page} failed {len(mine)}×: "
              f"{mine[0].failed}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[100_000])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 10])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--db", type=Path, help="a copy of this database instead of one "
                        "generated (give one scale)")
    parser.add_argument("--servers", type=int, default=1, help="app processes over the same "
                        "database, the sessions dealt among them in turn")
    parser.add_argument("--copies", action="store_true", help="each server over a copy of "
                        "its own (an app that cannot share the file)")
    parser.add_argument("--commit", help="serve this commit's app (git archive), not the "
                        "working tree")
    parser.add_argument("--think", type=float, default=0.0, help="seconds each session reads "
                        "a page before asking for the next (0: at once, the worst case); its "
                        "results go to a section of their own")
    parser.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"),
                        help="where the section goes ('-' to print only)")
    args = parser.parse_args()
    if args.rounds < 2:
        parser.error("--rounds must be 2 or more: round 1 is the first visit, then repeats")
    load = os.getloadavg()
    results: dict[int, list[Level]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        app, served = checkout(args.commit, Path(tmp))
        for n in args.scales:
            db = database(n, Path(tmp), app, args.db)
            results[n] = [measure(db, s, args.rounds, app, servers=args.servers,
                                  shared=not args.copies, think=args.think)
                          for s in args.sessions]
            for level in results[n]:
                _failures(n, level)
    machine = (f"{platform.node()} ({os.cpu_count()} cores, python "
               f"{platform.python_version()}), {served}; load average before the run "
               f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1 / 5 / 15 min), "
               f"after {os.getloadavg()[0]:.1f}")
    shown = [a for a, before in zip(sys.argv[1:], ["", *sys.argv[1:]], strict=False)
             if a != "--out" and before != "--out"]  # where it went is not how it ran
    command = "python bench/concurrency.py " + " ".join(shown)
    mark = MARK if not args.think else THINK_MARK.format(think=args.think)
    text = section(mark, results, machine, command.strip(), args.rounds)
    print(text)
    if args.out != "-":
        write_section(Path(args.out), mark, text)


if __name__ == "__main__":
    main()

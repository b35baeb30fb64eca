"""A fresh server's first page (issue 33): `streamlit run app.py` against `streamlit run
serve.py`, the server made ready before its first reader (ui/ready.py), taken in turn,
`--times` each. Each time a fresh server over a fresh copy of the sample, then a new Chromium
(nothing cached) opens a role's first page by its address, and once more. Read: the server's
start (until it answers its health check) and its CPU so far; each page settled in the browser
and the app's answer (bench/browser.py's definitions); the server's CPU over the two pages.
Printed: each time, then the medians, with serve.py's ÷ app.py's from the same run.

    .venv/bin/python bench/first_page.py --times 5
    .venv/bin/python bench/first_page.py --role funder --page overview
"""

from __future__ import annotations

import argparse
import asyncio
import math
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, fields
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.browser import ARGS, CHROMIUM, VIEWPORT, Finished, open_page  # noqa: E402
from bench.browser_report import View  # noqa: E402
from bench.concurrency import copy_database, cpu_seconds, serving  # noqa: E402

ENTRIES = ("app.py", "serve.py")


@dataclass(frozen=True)
class FirstPage:
    """One fresh server's start and its first two pages (seconds; an answer None: not read)."""

    entry: str
    start: float
    start_cpu: float
    first: float
    first_answer: float | None
    second: float
    second_answer: float | None
    pages_cpu: float


async def _twice(url: str, view: View) -> list[tuple[float, float | None]]:
    """The view opened twice by its address in a new browser: settled, and the app's answer."""
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            tab = await (await browser.new_context(viewport=VIEWPORT)).new_page()
            finished, seen = Finished(tab), []
            for _ in range(2):
                seconds, _charts, wrong = await open_page(tab, finished, url, view)
                if wrong or math.isnan(seconds):
                    raise SystemExit(f"{view.role}'s {view.page} went wrong: {wrong}")
                seen.append((seconds, finished.answer))
        finally:
            await browser.close()
    return seen


def first_page(db: Path, entry: str, view: View) -> FirstPage:
    with tempfile.TemporaryDirectory() as tmp:
        served = Path(tmp) / "served.duckdb"
        copy_database(db, served)
        began = time.perf_counter()
        with serving(served, Path(tmp) / "server.log", ROOT, entry) as (ws, pid):
            start, start_cpu = time.perf_counter() - began, cpu_seconds(pid)
            url = "http://" + ws.removeprefix("ws://").removesuffix("/_stcore/stream")
            (first, first_answer), (second, second_answer) = asyncio.run(_twice(url, view))
            pages_cpu = cpu_seconds(pid) - start_cpu
    return FirstPage(entry, start, start_cpu, first, first_answer, second, second_answer,
                     pages_cpu)


def _median(values: list[float | None]) -> float:
    read = [v for v in values if v is not None]
    return statistics.median(read) if read else math.nan


def report(seen: list[FirstPage]) -> list[str]:
    """A markdown table: every time, then each entry's medians, then serve.py's ÷ app.py's."""
    names = [f.name for f in fields(FirstPage)][1:]
    lines = ["| server | " + " | ".join(n.replace("_", " ") for n in names) + " |",
             "|---" * (len(names) + 1) + "|"]
    lines += [f"| {f.entry} | " + " | ".join(_s(getattr(f, n)) for n in names) + " |"
              for f in seen]
    medians = {e: [_median([getattr(f, n) for f in seen if f.entry == e]) for n in names]
               for e in ENTRIES}
    lines += [f"| **{e}, median** | " + " | ".join(_s(m) for m in medians[e]) + " |"
              for e in ENTRIES]
    ratios = [s / a if a else math.nan for s, a in zip(medians["serve.py"], medians["app.py"],
                                                      strict=True)]
    lines.append("| **serve.py ÷ app.py** | "
                 + " | ".join("–" if math.isnan(r) else f"{r:.2f}×" for r in ratios) + " |")
    return lines


def _s(value: float | None) -> str:
    return "–" if value is None or math.isnan(value) else f"{value:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", type=int, default=5, help="fresh servers of each kind")
    parser.add_argument("--role", default="analyst")
    parser.add_argument("--page", default="overview", help="the role's first page")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        parser.error(f"{CHROMIUM} is missing: apt-get install chromium (never playwright install)")
    from sample_data.generate import Scale, generate

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "sample.duckdb"
        generate(db, Scale())  # the default sample, as the app writes it on first start
        seen = [first_page(db, entry, View(args.role, args.page))
                for _ in range(args.times) for entry in ENTRIES]
    print(f"`.venv/bin/python bench/first_page.py {' '.join(sys.argv[1:])}`, "
          f"{args.role}'s {args.page}, seconds\n")
    print("\n".join(report(seen)))


if __name__ == "__main__":
    main()

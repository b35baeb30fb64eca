"""How long each page's queries take, cold and warm, on generated data at several scales.

For each scale a database is generated once (kept in bench/data/). Per page: `cold` is the
first run on a freshly opened connection; `warm` the median of 5 more runs of the same view
(what Streamlit's cache would otherwise answer); `filter` the median of 5 runs of a one-program
view (a filter change, which no cache has seen). Each scale runs in its own process, so the
peak memory is that scale's.

    .venv/bin/python bench/pages.py                          # 100,000 and 500,000 enrollments
    .venv/bin/python bench/pages.py --scales 3000 --pages engagement aftercare
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from queries.aftercare import aftercare_figures  # noqa: E402
from queries.attention import thresholds  # noqa: E402
from queries.db import Database  # noqa: E402
from queries.engagement import engagement_figures  # noqa: E402
from queries.outcomes import outcome_figures  # noqa: E402
from queries.overview import headline_figures  # noqa: E402
from queries.scope import Scope  # noqa: E402
from queries.workforce import workforce_frames  # noqa: E402
from sample_data.generate import Scale, generate  # noqa: E402
from settings import Settings  # noqa: E402

AS_OF = date(2026, 11, 20)
DATA = ROOT / "bench" / "data"
RUNS = 5
LIMITS = thresholds(Settings(db=Path("unused.duckdb")))
PAGES: dict[str, Callable[[Database, Scope], object]] = {
    "overview": lambda db, s: headline_figures(db, s, AS_OF, 25.0, "analyst"),
    "engagement": lambda db, s: engagement_figures(db, s, AS_OF),
    "aftercare": lambda db, s: aftercare_figures(db, s, AS_OF),
    "outcomes": lambda db, s: outcome_figures(db, s, AS_OF),
    "workforce": lambda db, s: workforce_frames(db, s, LIMITS),
}


def database(n: int) -> Path:
    path = DATA / f"enrollments-{n}.duckdb"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        generate(path, Scale(enrollments=n, as_of=AS_OF))
    return path


def seconds(page: Callable[[Database, Scope], object], db: Database, scope: Scope) -> float:
    began = time.perf_counter()
    page(db, scope)
    return time.perf_counter() - began


def measure(n: int, pages: list[str]) -> dict[str, object]:
    """One scale, in this process: per page cold, warm and filter-change seconds."""
    path = database(n)
    everything = Scope(None, date(2025, 12, 1), AS_OF)  # the default view: twelve months
    one_program = Scope(("harbor",), date(2025, 12, 1), AS_OF)
    results = {}
    for name in pages:
        con = duckdb.connect(str(path), read_only=True)
        db, page = Database(con, path), PAGES[name]
        cold = seconds(page, db, everything)
        warm = statistics.median(seconds(page, db, everything) for _ in range(RUNS))
        narrowed = statistics.median(seconds(page, db, one_program) for _ in range(RUNS))
        con.close()
        results[name] = {"cold": cold, "warm": warm, "filter": narrowed}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"pages": results, "peak_mb": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[100_000, 500_000])
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=list(PAGES))
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.pages)))
        return
    print(f"# page queries on {platform.node()}: {platform.processor() or platform.machine()}, "
          f"python {platform.python_version()}, duckdb {duckdb.__version__}; "
          f"view: all programs, 1 Dec 2025 to {AS_OF:%-d %b %Y}; filter: one program")
    print(f"{'enrollments':>11} {'page':<11} {'cold s':>7} {'warm s':>7} {'filter s':>8} "
          f"{'peak MB':>8}")
    for n in args.scales:
        out = subprocess.run([sys.executable, __file__, "--child", str(n), "--pages",
                              *args.pages], capture_output=True, text=True, check=True)
        result = json.loads(out.stdout.splitlines()[-1])
        for name, t in result["pages"].items():
            print(f"{n:>11,} {name:<11} {t['cold']:>7.3f} {t['warm']:>7.3f} "
                  f"{t['filter']:>8.3f} {result['peak_mb']:>8.0f}")


if __name__ == "__main__":
    main()

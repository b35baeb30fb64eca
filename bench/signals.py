"""What issue 20 adds to each page run at scale: the data-completeness query (cached on the
data version, so timed cold, after the summary tables an import keeps are built, with what
building its record_days costs the import), the annotations and targets (read uncached on
every run, with a handful of them stored) and the control limits of a monthly rate (pure
polars/python over a dozen months). On a copy of each bench database, median of 5 unless cold.

    .venv/bin/python bench/signals.py                  # 100,000 and 500,000 enrollments
    .venv/bin/python bench/signals.py --scales 3000
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from access.notes import add_annotation, set_target  # noqa: E402
from bench.pages import AS_OF, DATA, START  # noqa: E402
from metrics.spc import control  # noqa: E402
from queries.completeness import completeness  # noqa: E402
from queries.engagement import early_by_month  # noqa: E402
from queries.notes import ProgramNotes, program_annotations, targets  # noqa: E402
from queries.scope import Every, Scope  # noqa: E402
from store.connection import connect  # noqa: E402
from store.database import Database  # noqa: E402
from store.schema import create_schema  # noqa: E402
from store.summaries import SUMMARY_SQL  # noqa: E402

RUNS = 5


def timed(step: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench(scale: int) -> None:
    source = DATA / f"enrollments-{scale}.duckdb"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        shutil.copy(source, path)
        con = connect(path)
        create_schema(con)
        db = Database(con, path)
        program = db.frame("programs")["program_id"][0]
        for month in range(1, 6):
            add_annotation(db, program, date(2026, month, 1), f"change {month}", month == 3,
                           "bench@example.org", "analyst")
        set_target(db, program, "early_engagement", 0.6, "bench@example.org", "analyst")
        db.ensure_summaries()  # as the import that made this version built them
        kept = timed(lambda: con.execute(
            f"create or replace temp table days as {SUMMARY_SQL.text('record_days')}"), runs=1)
        cold = timed(lambda: completeness(db, Every.ALL, AS_OF), runs=1)
        warm = timed(lambda: completeness(db, Every.ALL, AS_OF))
        notes = timed(lambda: ProgramNotes(program_annotations(db, Every.ALL),
                                           targets(db, Every.ALL)))
        cohorts = db.frame("enrollment_engagement", last_day=AS_OF,
                           **Scope(Every.ALL, START, AS_OF).params())
        frame = early_by_month(cohorts, AS_OF)
        limits = timed(lambda: control(frame, "cohort_month", [date(2026, 3, 1)]))
        con.close()
    print(f"| {scale:,} | {kept:.3f} s | {cold:.3f} s | {warm:.3f} s | "
          f"{notes * 1000:.1f} ms | {limits * 1000:.1f} ms ({frame.height} months) |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[100_000, 500_000])
    args = parser.parse_args()
    print("| enrollments | record_days, built by the import | completeness, cold | "
          "completeness, again | annotations and targets | control limits of E4 by month |")
    print("|---|---|---|---|---|---|")
    for scale in args.scales:
        bench(scale)


if __name__ == "__main__":
    main()

"""What the worklists add to each run of their pages at scale: they read the dashboard's own
records uncached (acknowledgements and attempts change without a change of the data version),
so each page run pays for reading them and joining them to the cached lists. On a copy of each
bench database, with one acknowledgement per flagged worker and an attempt for every third row
of each list, each step is timed (median of 5) beside the cached figures it joins to, timed
cold. Also the needs-reassignment query (cached on the data version), cold.

    .venv/bin/python bench/worklists.py                  # 100,000 and 500,000 enrollments
    .venv/bin/python bench/worklists.py --scales 3000
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

from bench.pages import AS_OF, DATA, LIMITS, START  # noqa: E402
from queries.aftercare import awaiting  # noqa: E402
from queries.outcomes import outcome_figures  # noqa: E402
from queries.scope import Every, Scope  # noqa: E402
from queries.triage import flag_states, triage  # noqa: E402
from queries.workforce import workforce_frames  # noqa: E402
from queries.worklists import call_list, interview_list  # noqa: E402
from sample_data.generate import Scale, generate  # noqa: E402
from store.connection import connect  # noqa: E402
from store.database import Database  # noqa: E402
from store.schema import create_schema  # noqa: E402

RUNS = 5
TODAY = date(2026, 12, 1)


def median_seconds(step: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        step()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def cold_seconds(step: Callable[[], object]) -> tuple[float, object]:
    began = time.perf_counter()
    result = step()
    return time.perf_counter() - began, result


def _seed(db: Database, flags, calls, due) -> tuple[int, int]:
    """One acknowledgement per flagged worker's first flag; an attempt per third row."""
    firsts = flags.unique("worker_id", keep="first", maintain_order=True)
    with db.con.cursor() as cur:
        for row in firsts.iter_rows(named=True):
            cur.execute("insert into flag_acknowledgements (worker_id, rule, figure, note, "
                        "made_at, made_by, role) values ($w, $r, $f, 'bench', "
                        "current_timestamp, 'bench', 'supervisor')",
                        {"w": row["worker_id"], "r": row["rule"], "f": row["value"]})
        attempts = 0
        for worklist, frame in (("aftercare", calls), ("interview", due)):
            for eid in frame["enrollment_id"].gather_every(3):
                cur.execute("insert into followup_attempts (enrollment_id, worklist, "
                            "attempted_on, outcome, note, made_at, made_by, role) values "
                            "($e, $l, $d, 'no_answer', '', current_timestamp, 'bench', "
                            "'supervisor')", {"e": eid, "l": worklist, "d": TODAY})
                attempts += 1
    return firsts.height, attempts


def bench(n: int) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        source = DATA / f"enrollments-{n}.duckdb"
        if not source.exists():
            generate(source, Scale(enrollments=n, as_of=AS_OF))
        shutil.copy(source, path)  # a copy: the records written here are the bench's own
        con = connect(path)
        create_schema(con)  # a file made before these tables gains them
        db = Database(con, path)
        db.ensure_summaries()
        scope = Scope(Every.ALL, START, AS_OF)
        figures_s, frames = cold_seconds(lambda: workforce_frames(db, scope, LIMITS))
        calls_s, calls = cold_seconds(lambda: awaiting(db, scope))
        due_s, outcomes = cold_seconds(lambda: outcome_figures(db, scope, AS_OF))
        due = outcomes.due
        acks, attempts = _seed(db, frames.flags, calls, due)
        params = scope.params()
        rows = [
            ("Workforce: acknowledgements read, flag states, triage", figures_s,
             lambda: triage(flag_states(frames.flags, db.frame("flag_acknowledgements",
                                                               **params), TODAY))),
            ("Aftercare: attempts read, call list ordered", calls_s,
             lambda: call_list(calls, db.frame("followup_attempts", worklist="aftercare",
                                               **params))),
            ("Outcomes: attempts read, interviews ordered", due_s,
             lambda: interview_list(due, db.frame("followup_attempts", worklist="interview",
                                                  **params))),
            ("Workforce: needs reassignment (cached), cold", None,
             lambda: db.frame("needs_reassignment", **params)),
        ]
        lines = [f"\n{n:,} enrollments: {frames.flags.height:,} flags of "
                 f"{frames.flags['worker_id'].n_unique():,} workers ({acks:,} acknowledged), "
                 f"{calls.height:,} to call, {due.height:,} interviews due, "
                 f"{attempts:,} attempts\n",
                 "| step, each page run | median s | the cached figures it joins, cold s |",
                 "|---|---|---|"]
        for name, base, step in rows:
            took = cold_seconds(step)[0] if base is None else median_seconds(step)
            lines.append(f"| {name} | {took:.3f} | {'' if base is None else f'{base:.3f}'} |")
        con.close()
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[100_000, 500_000])
    for n in parser.parse_args().scales:
        print("\n".join(bench(n)), flush=True)


if __name__ == "__main__":
    main()

"""What each control-chart rule (metrics/spc.py, NHS Making Data Count's) calls a signal on
generated samples: the supervisor pages' monthly rates (E4 early engagement, A1 follow-up
within 30 days, R1 follow-up interviews, R2 abstinence, R3 recurrence), for all programs and
for each program over the whole data span, as the pages draw them.

    .venv/bin/python bench/spc_rules.py                # seed 7, 3,000 enrollments
    .venv/bin/python bench/spc_rules.py --seeds 7 8 9
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
logging.disable(logging.WARNING)  # Streamlit's "no runtime" for each cached function

from access.viewer import Viewer  # noqa: E402
from metrics.spc import NEAR, OUTSIDE, SHIFT, TREND, control  # noqa: E402
from queries import cached  # noqa: E402
from queries.scope import ALL, Scope  # noqa: E402
from sample_data.generate import Scale, generate  # noqa: E402
from settings import Settings  # noqa: E402

AS_OF = date(2026, 11, 20)
RULES = (OUTSIDE, SHIFT, TREND, NEAR)


def series(path: str, version: int, scope: Scope, last_day: date
           ) -> dict[str, tuple[pl.DataFrame, str]]:
    """Each page's monthly rate with the column it runs along, as the pages pass it to control()."""
    analyst = Viewer("bench", "analyst")
    e = cached.engagement(path, version, scope, last_day, analyst)
    a = cached.aftercare(path, version, scope, last_day, analyst)
    o = cached.outcomes(path, version, scope, last_day, analyst)
    return {"E4": (e.early_by_month, "cohort_month"),
            "A1": (a.followup.filter(pl.col("window") == "Within 30 days"), "month"),
            "R1": (o.followup.with_columns(final=pl.col("whole")), "month"),
            "R2": (o.abstinence, "month"), "R3": (o.recurrence_by_month, "month")}


def run(seed: int, enrollments: int, folder: Path) -> None:
    path = folder / f"s{seed}.duckdb"
    generate(path, Scale(seed=seed, enrollments=enrollments, as_of=AS_OF))
    db = str(path)
    version = cached.database(db).data_version()
    first, last = cached.data_span(db, version)
    assert first is not None and last is not None
    names = dict(cached.programs(db, version).select("program_id", "program_name").iter_rows())
    found: Counter[tuple[str, str]] = Counter()
    charts = 0
    for program in [None, *names]:
        scope = Scope(ALL if program is None else (program,), first, last)
        marks = cached.scope_marks(db, version, scope, Settings())
        for key, (frame, x) in series(db, version, scope, last).items():
            charts += 1
            for rule in control(frame, x, marks.restarts)["signal"].drop_nulls():
                found[key, rule] += 1
    print(f"seed {seed}, {enrollments:,} enrollments: {charts} charts (5 rates x all programs "
          f"and each of {len(names)})")
    print("| rate | " + " | ".join(RULES) + " |")
    print("|---|" + "---|" * len(RULES))
    for key in ("E4", "A1", "R1", "R2", "R3"):
        print(f"| {key} | " + " | ".join(str(found[key, r]) for r in RULES) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[7])
    parser.add_argument("--enrollments", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for seed in args.seeds:
            run(seed, args.enrollments, Path(folder))


if __name__ == "__main__":
    main()

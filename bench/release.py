"""The funder release at scale: the funder queries (the unprotected tables of every complete
quarter), then building the release's cells, protecting it and auditing it, each timed in the
same run, with the protection's time as a multiple of the queries', and the Funder report's
comparisons over the protected tables (the summary and a funnel per rate, every quarter).
Writes its section of BENCHMARKS.md.

    .venv/bin/python bench/release.py                      # 100,000 and 500,000 enrollments
    .venv/bin/python bench/release.py --scales 3000 --out -
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pages import AS_OF, database  # noqa: E402
from queries.funder import first_complete_quarter, funder_period, tables  # noqa: E402
from queries.scope import Every, Scope  # noqa: E402
from release.build import protect_all, release_cells, shown_tables  # noqa: E402
from release.rounding import new_key  # noqa: E402
from release.summary import report, targets  # noqa: E402
from settings import Settings  # noqa: E402
from store.database import Database  # noqa: E402

MARK = "## The funder release"


def measure(n: int) -> dict[str, float]:
    path = database(n)
    con = duckdb.connect(str(path), read_only=True)
    try:
        db = Database(con, path)
        first = db.frame("data_span").row(0)[0]
        period = funder_period(Scope(Every.ALL, first_complete_quarter(first), AS_OF), AS_OF)
        began = time.perf_counter()
        unprotected = tables(db, period, AS_OF)
        queried = time.perf_counter()
        programs = db.frame("programs").height
    finally:
        con.close()
    cells, atoms = release_cells(unprotected, new_key())
    built = time.perf_counter()
    primary, secondary, verdicts = protect_all(cells, atoms)
    protected = time.perf_counter()
    published = shown_tables(unprotected, cells, primary, secondary)
    shown = time.perf_counter()
    compared = report(published, period, targets(Settings()))
    compared_s = time.perf_counter() - shown
    rows = sum(t.height for t in unprotected.values())
    return {"programs": programs, "quarters": len({c.name.rsplit("|", 1)[1] for c in cells}),
            "rows": rows, "cells": len(cells), "atoms": len(atoms),
            "primary": len(primary), "secondary": len(secondary),
            "checked": len(verdicts), "passed": all(v.safe for v in verdicts),
            "queries": queried - began, "cells_s": built - queried,
            "protect": protected - built, "compare": compared_s,
            "funnels": sum(f is not None for f in compared.funnels.values())}


def section(results: dict[int, dict[str, float]]) -> str:
    lines = [MARK, "", "`.venv/bin/python bench/release.py`: every complete quarter, all programs "
             "(the largest funder scope), as the app builds it when the quarters are first "
             "released: counts rounded to 5 at random, primary suppression, secondary only where "
             "the audit still finds a count exposed, part by part (a family of one quarter), "
             "each part's audit included.", "",
             "| enrollments | programs × quarters | table rows | cells / atoms | funder queries "
             "| build cells | protect and audit | protect ÷ queries | hidden: own size / "
             "to protect | passed | summary and funnels |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for n, r in results.items():
        lines.append(
            f"| {n:,} | {r['programs']:,} × {r['quarters']} | {r['rows']:,} | {r['cells']:,} / "
            f"{r['atoms']:,} | {r['queries']:.2f} s | {r['cells_s']:.2f} s | "
            f"{r['protect']:.2f} s | {r['protect'] / r['queries']:.1f}× | "
            f"{r['primary']:,} / {r['secondary']:,} | {'yes' if r['passed'] else 'NO'} | "
            f"{r['compare']:.2f} s ({r['funnels']} funnels) |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[100_000, 500_000])
    parser.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"))
    args = parser.parse_args()
    text = section({n: measure(n) for n in args.scales})
    if args.out == "-":
        print(text)
        return
    out = Path(args.out)
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    kept = old.split(MARK)[0].rstrip() + "\n\n" if old else ""
    out.write_text(kept + text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()

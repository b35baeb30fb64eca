"""How fast the sample generator writes a database, against a floor measured in the same run.

The floor is DuckDB copying the finished database into a new file (COPY FROM DATABASE): the
cost of writing those rows at all. Each scale runs in a child process so that its peak
memory is its own.

    .venv/bin/python bench/generate.py                     # 3,000 and 100,000 enrollments
    .venv/bin/python bench/generate.py --scales 500000
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
CHILD = """
import json, sys, time, resource
from datetime import date
from pathlib import Path
sys.path.insert(0, {root!r})
from sample_data.generate import Scale, generate
began = time.perf_counter()
counts = generate(Path({path!r}), Scale(enrollments={n}, as_of=date(2026, 11, 20)))
print(json.dumps({{"seconds": time.perf_counter() - began, "rows": sum(counts.values()),
                  "contacts": counts["contacts"],
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def floor_seconds(source: Path, folder: Path) -> float:
    con = duckdb.connect()
    try:
        began = time.perf_counter()
        for statement in (f"attach '{source}' as src (read_only)",
                          f"attach '{folder / 'copy.duckdb'}' as dst",
                          "copy from database src to dst", "detach dst", "detach src"):
            con.execute(statement)
        return time.perf_counter() - began
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[3000, 100_000])
    args = parser.parse_args()
    print(f"# generator on {platform.node()}: {platform.processor() or platform.machine()}, "
          f"python {platform.python_version()}, duckdb {duckdb.__version__}")
    print(f"{'enrollments':>11} {'rows':>12} {'contacts':>11} {'seconds':>8} {'rows/s':>10} "
          f"{'floor s':>8} {'ratio':>6} {'peak MB':>8}")
    for n in args.scales:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.duckdb"
            out = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT),
                                  path=str(path), n=n)], capture_output=True, text=True,
                                 check=True)
            run = json.loads(out.stdout.strip().splitlines()[-1])
            floor = floor_seconds(path, Path(tmp))
            print(f"{n:>11,} {run['rows']:>12,} {run['contacts']:>11,} {run['seconds']:>8.1f} "
                  f"{run['rows'] / run['seconds']:>10,.0f} {floor:>8.2f} "
                  f"{run['seconds'] / floor:>6.1f} {run['peak_mb']:>8,.0f}")


if __name__ == "__main__":
    main()

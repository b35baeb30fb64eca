"""python -m sample_data: write a sample database, and optionally its export files.

Examples:
  python -m sample_data                              # the default sample database
  python -m sample_data --enrollments 100000 --out bench/data/100k.duckdb
  python -m sample_data --exports sample_data/exports --xlsx
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

import duckdb

from sample_data.export import write_csvs, write_workbook
from sample_data.generate import DEFAULT_ENROLLMENTS, DEFAULT_SEED, Scale, generate
from settings import SAMPLE_DB


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sample_data", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=SAMPLE_DB, help="the DuckDB file to write")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--enrollments", type=int, default=DEFAULT_ENROLLMENTS)
    parser.add_argument("--as-of", type=date.fromisoformat, default=None,
                        help="the data's last day, YYYY-MM-DD (default: today)")
    parser.add_argument("--exports", type=Path, help="also write a CSV per record type here")
    parser.add_argument("--xlsx", action="store_true",
                        help="with --exports, also write records.xlsx (a sheet per type)")
    args = parser.parse_args(argv)
    if args.enrollments < 1:
        parser.error("--enrollments must be at least 1")
    began = time.perf_counter()
    counts = generate(args.out, Scale(args.seed, args.enrollments, args.as_of))
    print(f"Wrote {args.out} in {time.perf_counter() - began:.1f} s:")
    for table, n in counts.items():
        print(f"  {table:<13} {n:>12,}")
    if args.exports:
        con = duckdb.connect(str(args.out), read_only=True)
        try:
            print(f"CSV files in {args.exports}: {len(write_csvs(con, args.exports))}")
            if args.xlsx:
                book = write_workbook(con, args.exports / "records.xlsx")
                print(f"Workbook: {book}" if book else
                      "No workbook: a table has more rows than an Excel sheet holds.")
        finally:
            con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

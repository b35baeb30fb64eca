"""python -m sample_data: write a sample database, or a sample's export files, or both.

It writes only what it is asked to: a database named by --out (or the default sample's, with
--sample), export files in the folder named by --exports (generated in a scratch database
when no --out or --sample is given).

Examples:
  python -m sample_data --sample                     # the default sample database
  python -m sample_data --enrollments 100000 --out bench/data/100k.duckdb
  python -m sample_data --exports sample_data/exports --xlsx   # export files only
  python -m sample_data --out sample.duckdb --foreign-exports foreign/  # + the month after,
      # as a service log and a REDCap export with their mappings (the records end a month
      # before today, so that month is not in the future)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb

from sample_data.export import write_csvs, write_workbook
from sample_data.foreign import write_foreign
from sample_data.generate import DEFAULT_ENROLLMENTS, DEFAULT_SEED, Scale, generate
from sample_data.later_month import DAYS, later_month
from settings import SAMPLE_DB
from store.connection import DatabaseUnavailable, connect


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sample_data", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help="the DuckDB file to write")
    parser.add_argument("--sample", action="store_true",
                        help=f"write the default sample database ({SAMPLE_DB.name})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--enrollments", type=int, default=DEFAULT_ENROLLMENTS)
    parser.add_argument("--as-of", type=date.fromisoformat, default=None,
                        help="the data's last day, YYYY-MM-DD (default: today)")
    parser.add_argument("--exports", type=Path, help="write a CSV per record type here")
    parser.add_argument("--foreign-exports", type=Path, metavar="DIR",
                        help="write the month after the records here in two other systems' "
                             "shapes, with their mappings (sample_data/foreign.py)")
    parser.add_argument("--xlsx", action="store_true",
                        help="with --exports, also write records.xlsx (a sheet per type)")
    return parser


def held(path: Path) -> str | None:
    """Why the database may not be replaced (another process holds it), or None."""
    if not path.exists():
        return None
    try:
        connect(path).close()
    except DatabaseUnavailable as error:
        if "in use by another program" not in str(error):
            return f"{error} Nothing was written."
        return (f"The database {path} is in use by another program (the dashboard, or an "
                "import): stop it, or write elsewhere with --out, then run the command again. "
                "Nothing was written.")
    return None


def _exports(db: Path, folder: Path, xlsx: bool) -> None:
    con = duckdb.connect(str(db), read_only=True)
    try:
        print(f"CSV files in {folder}: {len(write_csvs(con, folder))}")
        if xlsx:
            book = write_workbook(con, folder / "records.xlsx")
            print(f"Workbook: {book}" if book else
                  "No workbook: a table has more rows than an Excel sheet holds.")
    finally:
        con.close()


def _foreign(db: Path, folder: Path, scale: Scale) -> None:
    assert scale.as_of is not None  # set by main
    con = duckdb.connect(str(db), read_only=True)
    try:
        month = later_month(con, scale.as_of, scale.seed)
        written = write_foreign(con, month, folder)
    finally:
        con.close()
    print(f"Foreign exports of {month.first} to {month.last} in {folder}: {len(written)} files "
          f"({month.contacts.height:,} services, {month.enrollments.height:,} new episodes)")


def _write(out: Path, scale: Scale) -> None:
    began = time.perf_counter()
    counts = generate(out, scale)
    print(f"Wrote {out} in {time.perf_counter() - began:.1f} s:")
    for table, n in counts.items():
        print(f"  {table:<13} {n:>12,}")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.enrollments < 1:
        parser.error("--enrollments must be at least 1")
    if args.out and args.sample:
        parser.error("name the database once: --out FILE or --sample, not both")
    out = args.out or (SAMPLE_DB if args.sample else None)
    if out is None and args.exports is None and args.foreign_exports is None:
        parser.error("say what to write: --out FILE (a database), --sample (the default "
                     "sample database), --exports DIR (export files) and/or "
                     "--foreign-exports DIR (the month after, in other systems' shapes)")
    if args.foreign_exports and args.as_of is None:  # that month must not be in the future
        args.as_of = date.today() - timedelta(days=DAYS)
    if args.foreign_exports and args.as_of + timedelta(days=DAYS) > date.today():
        parser.error(f"--foreign-exports writes the {DAYS} days after --as-of, which must not "
                     f"reach past today: give --as-of {date.today() - timedelta(days=DAYS)} "
                     "or earlier")
    if out is not None and (why := held(out)):
        print(why, file=sys.stderr)
        return 3
    scale = Scale(args.seed, args.enrollments, args.as_of)
    if out is not None:
        _write(out, scale)
        _files(out, args, scale)
        return 0
    with tempfile.TemporaryDirectory() as scratch:  # exports alone: no database is kept
        db = Path(scratch) / "sample.duckdb"
        generate(db, scale)
        _files(db, args, scale)
    return 0


def _files(db: Path, args: argparse.Namespace, scale: Scale) -> None:
    if args.exports:
        _exports(db, args.exports, args.xlsx)
    if args.foreign_exports:
        _foreign(db, args.foreign_exports, scale)


if __name__ == "__main__":
    sys.exit(main())

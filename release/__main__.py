"""The release's command: `python -m release --db FILE` prints the audit of today's data per
count it checked (exit 1 on a leak); with `--keep` it releases and keeps what is due, as a
funder's first view would (after a nightly import, so that no funder waits for the audit)."""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb

from queries.funder import funder_release, ready_truth, release_truth
from release.build import ReleaseRefused, build_release
from release.kept import kept
from store.connection import DatabaseUnavailable
from store.database import Database


def main(argv: list[str] | None = None) -> int:
    """The audit from the command line: a verdict per count it had to check; exit 1 on a leak."""
    parser = argparse.ArgumentParser(prog="python -m release", description=__doc__)
    parser.add_argument("--db", type=Path, required=True, help="the DuckDB file")
    parser.add_argument("--keep", action="store_true",
                        help="release and keep every quarter whose windows have closed and "
                             "that is not kept yet, as a funder's first view would (run it after "
                             "a nightly import, so that no funder waits for the audit)")
    args = parser.parse_args(argv)
    if not args.db.is_file():
        print(f"There is no database at {args.db}.")
        return 2
    try:
        con = duckdb.connect(str(args.db), read_only=True)
    except duckdb.Error as error:
        print(f"The database {args.db} could not be opened: {str(error).splitlines()[0]}")
        return 2
    try:
        db = Database(con, args.db)
        last_day = db.frame("data_span").row(0)[1]
        built = (funder_release(db, last_day) if args.keep
                 else build_release(ready_truth(release_truth(db, last_day))))
        released = sum(t.select("quarter").n_unique() for t in kept(db).values())
    except (DatabaseUnavailable, ReleaseRefused) as error:
        print(error)
        return 2
    finally:
        con.close()
    for v in built.verdicts:
        high = "?" if v.high != v.high else f"{v.high:g}"  # nan: the low end settled it
        print(f"{'safe' if v.safe else 'EXPOSED'}\t{v.quantity}\ttrue {v.true}\t"
              f"could be {v.low:g} to {high}\t{'hidden' if v.hidden else 'shown'}")
    print(f"{'PASS' if built.passed else 'FAIL'}: {len(built.verdicts):,} counts of 1 to 10 "
          f"checked; {len(built.primary):,} rows hidden for their own size, "
          f"{len(built.secondary):,} to protect another. "
          + ("(The quarters released now; " if args.keep else "(The release of today's data; ")
          + f"funders are served {released:,} metric-quarters as they were first released.)")
    return 0 if built.passed else 1


if __name__ == "__main__":
    raise SystemExit(main())

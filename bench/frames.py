"""Every page's frames on a bench database, kept to compare a refactor against: `save` writes
each frame of each page for four scopes as Parquet, `compare` recomputes them and asserts they
are equal (polars.testing), frame by frame.

    .venv/bin/python bench/frames.py save /tmp/frames-before
    .venv/bin/python bench/frames.py compare /tmp/frames-before
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
from polars.testing import assert_frame_equal

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pages import AS_OF, PAGES, database  # noqa: E402
from queries.scope import Every, Scope, program_params  # noqa: E402
from store.database import Database  # noqa: E402


def scopes(db: Database) -> dict[str, Scope]:
    """All programs for a year, three programs over three years, two workers over three
    months, and one program over the data's span."""
    programs = sorted(db.frame("programs")["program_id"])
    workers = sorted(db.frame("workers", **program_params(Every.ALL))["worker_id"])
    return {
        "all-year": Scope(Every.ALL, date(2025, 12, 1), AS_OF),
        "three-programs": Scope(tuple(programs[:3]), date(2023, 11, 1), AS_OF),
        "two-workers": Scope(Every.ALL, date(2026, 8, 1), date(2026, 10, 31),
                             workers=tuple(workers[:2])),
        "one-program": Scope((programs[-1],), date(2020, 1, 1), AS_OF),
    }


def named_frames(figures: object) -> dict[str, pl.DataFrame]:
    """A page's figures as {name: frame}, whether a dict or a dataclass of frames."""
    if dataclasses.is_dataclass(figures):
        return {f.name: getattr(figures, f.name) for f in dataclasses.fields(figures)}
    if hasattr(figures, "_asdict"):
        return dict(figures._asdict())
    return dict(figures)  # type: ignore[call-overload]


def frames(path: Path) -> dict[str, pl.DataFrame]:
    """Every page's frames for every scope, keyed page/scope/frame."""
    con = duckdb.connect(str(path), read_only=True)
    db = Database(con, path)
    out = {}
    for scope_name, scope in scopes(db).items():
        for page, run in PAGES.items():
            for name, frame in named_frames(run(db, scope)).items():
                if isinstance(frame, pl.DataFrame):
                    out[f"{page}.{scope_name}.{name}"] = frame
    con.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["save", "compare"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--enrollments", type=int, default=100_000)
    args = parser.parse_args()
    got = frames(database(args.enrollments))
    if args.action == "save":
        args.folder.mkdir(parents=True, exist_ok=True)
        for key, frame in got.items():
            frame.write_parquet(args.folder / f"{key}.parquet")
        print(f"saved {len(got)} frames to {args.folder}")
        return
    kept = {p.stem: pl.read_parquet(p) for p in sorted(args.folder.glob("*.parquet"))}
    missing, extra = sorted(set(kept) - set(got)), sorted(set(got) - set(kept))
    differ = []
    for key in sorted(set(kept) & set(got)):
        try:
            assert_frame_equal(got[key], kept[key])
        except AssertionError as error:
            differ.append(key)
            print(f"{key}: {str(error).splitlines()[0]}")
    same = len(set(kept) & set(got)) - len(differ)
    print(f"{same} frames equal; differ {differ}; missing {missing}; new {extra}")
    if missing or differ:
        sys.exit(1)


if __name__ == "__main__":
    main()

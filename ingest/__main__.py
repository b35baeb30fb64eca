"""python -m ingest: check and load export files into the database, as the upload page does.

Examples:
  python -m ingest contacts.csv enrollments.csv          # check, then load all or nothing
  python -m ingest exports.zip --dry-run                 # check and show what would change
  python -m ingest contacts.csv --valid-rows             # load valid rows, quarantine the rest
  python -m ingest --undo 7                              # undo import 7
  python -m ingest --mapping riverbend.toml export.csv  # another system's export (MAPPING.md)
  python -m ingest --mapping riverbend.toml --save-mapping export.csv  # ...and keep its mapping
  python -m ingest next-export.csv                      # read through the saved mapping

Exit status: 0 loaded (or nothing to change), 1 refused (problems listed), 2 bad arguments,
3 the database cannot be opened (e.g. the app holds it); nothing is written unless 0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

from ingest.limits import MB, Limits
from ingest.load import LoadRefused
from ingest.mapping import Mapping, MappingError, load_mapping
from ingest.pipeline import Options, Prepared
from ingest.saved_mappings import save_mapping
from ingest.service import check_upload, load_upload, undo_import
from records.models import RECORD_TYPES
from records.spreadsheet import safe_csv_bytes
from settings import Settings, SettingsError, load_settings
from store.connection import DatabaseUnavailable
from store.published import Unchanged, reading, writing
from store.upgrade import Windows

SHOWN_PROBLEMS = 50  # the rest are counted; --problems writes them all


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ingest", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, help="CSV, TSV, XLSX, Parquet or ZIP")
    parser.add_argument("--db", type=Path, help="the DuckDB file (default: PEERDASH_DB)")
    parser.add_argument("--type", choices=list(RECORD_TYPES), dest="chosen",
                        help="the record type of files whose name does not say it")
    parser.add_argument("--slashed-dates", choices=["mdy", "dmy"],
                        help="read 3/4/2026 as M/D/YYYY (mdy) or D/M/YYYY (dmy)")
    parser.add_argument("--valid-rows", action="store_true",
                        help="load the valid rows and quarantine the rest (default: all or "
                             "nothing)")
    parser.add_argument("--hidden-sheets", action="store_true",
                        help="also read a workbook's hidden sheets (the dry run names them)")
    parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
    parser.add_argument("--problems", type=Path, help="write every problem to this CSV")
    parser.add_argument("--uploader", default="command line", help="recorded with the import")
    parser.add_argument("--undo", type=int, metavar="IMPORT", help="undo this import")
    parser.add_argument("--mapping", type=Path, metavar="FILE.toml",
                        help="read every file through this source mapping (docs/MAPPING.md); "
                             "without it, a saved mapping is used for the files whose headers "
                             "it recognises")
    parser.add_argument("--save-mapping", action="store_true",
                        help="also keep --mapping in the dashboard's records, so that later "
                             "exports with its recognise headers need no --mapping")
    return parser


def _report(prepared: Prepared, problems_file: Path | None) -> None:
    with pl.Config(tbl_rows=-1, tbl_hide_dataframe_shape=True, tbl_width_chars=120,
                   fmt_str_lengths=60):
        print(prepared.summary())
        for source, note in prepared.reading.notes:
            print(f"Note: {source}: {note}")
        problems = prepared.problems
        if problems.height:
            print(f"{problems.height:,} problems" + (
                f" (the first {SHOWN_PROBLEMS} shown)" if problems.height > SHOWN_PROBLEMS
                else "") + ":")
            print(problems.head(SHOWN_PROBLEMS))
    if problems_file:
        problems_file.write_bytes(safe_csv_bytes(prepared.problems))
        print(f"Every problem is in {problems_file}.")


class BadArguments(Exception):
    """A file named on the command line cannot be used: exit 2, nothing opened."""


def _files(paths: list[Path], limit: int) -> list[tuple[str, bytes]]:
    for path in paths:
        if not path.is_file():
            raise BadArguments(f"{path} is not a file. Check the name and run the command "
                               "again; nothing was loaded.")
        if path.stat().st_size > limit:
            raise BadArguments(f"{path} is larger than {limit // MB:,} MB, the upload limit "
                               "(setting PEERDASH_UPLOAD_MAX_MB). Split it into smaller files; "
                               "nothing was loaded.")
    return [(p.name, p.read_bytes()) for p in paths]


def _held(db: Path, error: Exception) -> str:
    """The command line's own sentence: no page to reload here."""
    if "in use by another program" in str(error):
        return (f"The database {db} is in use by another program (the dashboard, or another "
                "import): stop it, or wait for it to finish, then run the command again. "
                "Nothing was loaded.")
    return f"{error}\nNothing was loaded."


def run(args: argparse.Namespace) -> int:
    try:
        settings = load_settings({})
    except SettingsError as error:
        print(f"{error}\nNothing was loaded.", file=sys.stderr)
        return 3
    try:  # before the database: a typo touches nothing
        files = _files(args.files, settings.upload_max_mb * MB)
        mapping = load_mapping(args.mapping) if args.mapping else None
        if args.save_mapping and (mapping is None or not mapping.recognise):
            raise BadArguments("--save-mapping keeps the mapping given with --mapping, and it "
                               "needs recognise = [...] headers to be found again. Name a "
                               "mapping with them; nothing was loaded or saved.")
    except (BadArguments, MappingError) as error:
        print(f"{error}\nNothing was loaded." if isinstance(error, MappingError) else error,
              file=sys.stderr)
        return 2
    db = args.db or settings.db
    wanted = settings.reassessment_windows
    try:
        if args.undo is not None:
            undo_import(db, args.undo, args.uploader, "command line", wanted)
            print(f"Import {args.undo} is undone.")
            return 0
        return _import(db, wanted, args, settings, files, mapping)
    except DatabaseUnavailable as error:
        print(_held(db, error), file=sys.stderr)
        return 3
    except LoadRefused as error:
        print(error, file=sys.stderr)
        return 1


def _save(db: Path, mapping: Mapping, who: str) -> None:
    """Keep the mapping in the dashboard's records, for the Upload page and later runs."""
    if db.exists():  # the own records beside the current version; the records unchanged
        with reading(db) as store:
            save_mapping(store, mapping.text, who, "command line")
    else:
        with writing(db) as store:
            save_mapping(store, mapping.text, who, "command line")
            raise Unchanged  # no records yet: none are made for a mapping
    print(f"Saved the mapping {mapping.name!r}: a later export with its headers "
          f"({', '.join(map(repr, mapping.recognise))}) is read through it without --mapping.")


def _import(db: Path, wanted: Windows, args: argparse.Namespace, settings: Settings,
            files: list[tuple[str, bytes]], mapping: Mapping | None) -> int:
    """Check, report and (unless refused or a dry run) load, with its audit row, as the
    database's next version."""
    options = Options(slashed=args.slashed_dates, chosen=args.chosen,
                      policy="valid_rows" if args.valid_rows else "all_or_nothing",
                      limits=Limits.of(settings), hidden_sheets=args.hidden_sheets,
                      mapping=mapping)
    if mapping is not None:
        print(f"Read through the mapping {mapping.name!r} ({args.mapping}).")
        if args.save_mapping:
            _save(db, mapping, args.uploader)
    prepared = check_upload(db, files, options, wanted)
    _report(prepared, args.problems)
    if reason := prepared.refusal():
        print(reason, file=sys.stderr)
        return 1
    if args.dry_run:
        print("Dry run: nothing was loaded.")
        return 0
    if not prepared.changes():
        print("Nothing to load: every row is already in the database, unchanged.")
        return 0
    import_id = load_upload(db, prepared, args.uploader, "command line", wanted)
    print("Nothing to load: every row is already in the database, unchanged."
          if import_id is None else f"Loaded as import {import_id} into {db}.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.files and args.undo is None:
        parser.error("name at least one file to load, or --undo IMPORT")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())

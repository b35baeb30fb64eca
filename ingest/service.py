"""The import service: the one way an upload is checked and loaded, and an import undone, for
the Upload and Import history pages and the command line alike. Each write makes the next
version of the database, published when done, with its audit row in the same transaction, so
no import or undo is ever kept without one (or one without it)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from access.audit import record
from ingest.load import LoadRefused, load
from ingest.pipeline import Options, Prepared, Progress, prepare
from ingest.saved_mappings import saved_mappings
from ingest.undo import undo
from store.connection import Target
from store.published import WRITER_WAIT, Unchanged, reading, writing
from store.upgrade import Windows, up_to_date, upgrade
from store.versions import data_version


def prepare_upload(target: Target, files: list[tuple[str, bytes]], options: Options,
             progress: Progress | None) -> Prepared:
    """Read, checked and dry-run against `target` (never written): through the saved
    mappings, each for the files it recognises, when no mapping is given."""
    if options.mapping is None and not options.saved:
        saved = tuple(s.mapping for s in saved_mappings(target))
        options = replace(options, saved=saved)
    return prepare(target, files, options, progress)


def check_upload(db: Path, files: list[tuple[str, bytes]], options: Options, wanted: Windows,
                 progress: Progress | None = None) -> Prepared:
    """The upload checked against the current version, writing nothing: read-only when that
    version is up to date (a check waits for no writer), else against an upgraded copy that is
    then thrown away."""
    if db.exists():
        with reading(db) as store:
            if up_to_date(store, wanted):
                return prepare_upload(store, files, options, progress)
    with writing(db) as store:
        upgrade(store, wanted)
        prepared = prepare_upload(store, files, options, progress)
        raise Unchanged
    return prepared


def _names(prepared: Prepared) -> str:
    files = ", ".join(name for name, _ in prepared.files)
    used = list(prepared.reading.used)
    return files + (f" (through the mapping{'s' * (len(used) > 1)} "
                    f"{', '.join(map(repr, used))})" if used else "")


def load_upload(db: Path, prepared: Prepared, who: str, role: str, wanted: Windows,
                wait: float = WRITER_WAIT) -> int | None:
    """Load a checked upload in one transaction: the new import's id, or None when nothing
    would change. If another import or an undo changed the database since the check, the
    upload is checked again and loads only if the dry run came out the same. Raises
    LoadRefused or DatabaseUnavailable with a sentence."""
    with writing(db, wait=wait) as store:
        upgrade(store, wanted)
        if data_version(store.con) != prepared.version:
            again = prepare_upload(store, prepared.files, prepared.options, None)
            if again.refusal() or not again.summary().equals(prepared.summary()):
                raise LoadRefused("The database changed after this upload was checked (another "
                                  "import or an undo), and checked again it would load "
                                  "differently. Check it again before loading; nothing was "
                                  "loaded.")
            prepared = again
        n, policy, names = prepared.changes(), prepared.options.policy, _names(prepared)
        return load(store, prepared, who, audit=lambda cur, i: record(
            cur, who, role, "import",
            f"import {i}: {names}, {n:,} new or changed row{'s' * (n != 1)}, {policy}"))


def undo_import(db: Path, import_id: int, who: str, role: str, wanted: Windows,
                wait: float = WRITER_WAIT) -> None:
    """Undo one import in one transaction (published as the next version). Raises LoadRefused
    or DatabaseUnavailable with a sentence."""
    with writing(db, wait=wait) as store:
        upgrade(store, wanted)
        undo(store, import_id, who, audit=lambda cur, i: record(
            cur, who, role, "undo", f"import {i} undone"))

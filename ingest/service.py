"""The import service: what the Upload and Import history pages do to the database. Each
writes the next version of it, published when done, with its audit row in the same
transaction, so no import or undo is ever kept without one (or one without it)."""

from __future__ import annotations

from pathlib import Path

from access.audit import record
from ingest.load import load
from ingest.pipeline import Prepared
from ingest.undo import undo
from store.published import PAGE_WAIT, writing


def load_upload(db: Path, prepared: Prepared, who: str, role: str, files: list[str],
                policy: str) -> int | None:
    """Load a checked upload in one transaction: the new import's id, or None when nothing
    would change. Raises LoadRefused or DatabaseUnavailable with a sentence."""
    n = prepared.changes()
    with writing(db, wait=PAGE_WAIT) as store:
        return load(store, prepared, who, audit=lambda cur, i: record(
            cur, who, role, "import",
            f"import {i}: {', '.join(files)}, {n:,} new or changed rows, {policy}"))


def undo_import(db: Path, import_id: int, who: str, role: str) -> None:
    """Undo one import in one transaction (published as the next version). Raises LoadRefused
    or DatabaseUnavailable with a sentence."""
    with writing(db, wait=PAGE_WAIT) as store:
        undo(store, import_id, who, audit=lambda cur, i: record(
            cur, who, role, "undo", f"import {i} undone"))

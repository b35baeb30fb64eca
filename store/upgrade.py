"""Whether a published version of the records is what this release and these settings read:
every table and column of the schema, the reassessment windows wanted, the summary tables
built of its data. Versions never change once published, so each is checked once."""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

import duckdb

from store.connection import Store
from store.published import current, reading, writing
from store.schema import create_schema
from store.summaries import ensure_summaries, summaries_current
from store.windows import reassessment_windows, set_reassessment_windows

Windows = dict[str, tuple[int, int]]  # R1's reassessment window per instrument
_checked: set[tuple] = set()  # (version file, windows) found up to date
_lock = threading.Lock()

COLUMNS_SQL = ("select table_name, column_name from information_schema.columns "
               "where table_catalog = current_database() and table_schema = 'main'")


@cache
def schema_columns() -> frozenset[tuple[str, str]]:
    """The (table, column) pairs of this release's schema."""
    con = duckdb.connect(":memory:")
    try:
        create_schema(con)
        return frozenset(con.execute(COLUMNS_SQL).fetchall())
    finally:
        con.close()


def _key(file: Path, wanted: Windows) -> tuple:
    """A version as checked: its file (as it is now) and the windows wanted."""
    found = file.stat()
    return str(file), found.st_ino, found.st_mtime_ns, tuple(sorted(wanted.items()))


def up_to_date(store: Store, wanted: Windows) -> bool:
    """Does the version hold every table and column, the windows wanted and current
    summaries? (Read-only: it changes nothing.)"""
    key = _key(store.file or store.path, wanted)
    with _lock:
        if key in _checked:
            return True
    with store.con.cursor() as cur:
        found = schema_columns() <= frozenset(cur.execute(COLUMNS_SQL).fetchall())
        found = found and all(reassessment_windows(cur).get(i) == w
                              for i, w in wanted.items())
        found = found and summaries_current(cur)
    if found:
        with _lock:
            _checked.add(key)
    return found


def bring_up_to_date(base: Path, wanted: Windows) -> None:
    """Publish a new version if the current one is not up to date: its tables created, the
    windows set, the summary tables rebuilt (a change of the records, like an import's)."""
    file = current(base)
    with _lock:
        if _key(file, wanted) in _checked:  # a page run's usual case: no connection opened
            return
    with reading(base) as store:
        if up_to_date(store, wanted):
            return
    with writing(base) as store:  # create_schema runs on the copy
        upgrade(store, wanted)


def upgrade(store: Store, wanted: Windows) -> None:
    """On a writer's copy: the windows set as wanted and the summary tables current."""
    set_reassessment_windows(store.con, wanted)
    ensure_summaries(store.con, store.path)

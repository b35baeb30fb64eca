"""A database whose every text field holds markdown and HTML: the sample with each free text
column of each record type (names, regions, funders, every id but the program's, which has a
pattern) carrying images, links, emphasis, autolinks and tags, one program gone quiet, and own
records (an annotation, an acknowledgement, an audit row) with the same in their notes. Every
link and image points at EVIL_HOST, so a test can tell one the app did not make."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import duckdb

from access.audit import record
from access.notes import add_annotation
from access.viewer import Viewer
from access.worklists import acknowledge
from records.columns import columns
from records.models import RECORD_TYPES
from store.summaries import refresh_summaries
from store.versions import bump_data_version
from ui.data import database

EVIL_HOST = "evil.invalid"
# Every way markdown makes a link or fetches something, and HTML that would
TEXT = (f"![i](http://{EVIL_HOST}/i.png) [login again](https://{EVIL_HOST}/p) "
        f"<http://{EVIL_HOST}/a> www.{EVIL_HOST} http://{EVIL_HOST}/b [r]: http://{EVIL_HOST}/r "
        f"**bold** _em_ ~~s~~ `code` :red[red] $x$ <img src=http://{EVIL_HOST}/h.png> "
        f"<a href=http://{EVIL_HOST}/h>a</a>")
# Appended to ids (the same to every column that holds or refers to one, so the joins hold):
# no colon, because an id travels in ?focus=worker:<id>:<label>
ID_TAIL = f" ![w](//{EVIL_HOST}/w.png) [x](//{EVIL_HOST}/x) *i*"
QUIET = "harbor"  # the program whose contacts stop two months before the data's last day


def _free_text(table: str) -> tuple[list[str], list[str]]:
    """The table's text columns a markdown payload may go into: (ids and references, other)."""
    ids, other = [], []
    for col in columns(RECORD_TYPES[table]):
        if col.kind != "text" or col.choices or col.pattern or col.name == "program_id":
            continue
        (ids if col.key or col.ref else other).append(col.name)
    return ids, other


def _poison(con: duckdb.DuckDBPyConnection, last_day: date) -> None:
    for table in RECORD_TYPES:
        ids, other = _free_text(table)
        sets = [f"{c} = {c} || $tail" for c in ids] + [f"{c} = {c} || ' ' || $text"
                                                        for c in other]
        if sets:
            con.execute(f"update {table} set {', '.join(sets)}",
                        {"tail": ID_TAIL, "text": TEXT} if other and ids else
                        {"tail": ID_TAIL} if ids else {"text": TEXT})
    con.execute("delete from contacts where contact_on > $cut and enrollment_id in "
                "(select enrollment_id from enrollments where program_id = $p)",
                {"cut": last_day - timedelta(days=60), "p": QUIET})


def quiet_worker(path: Path) -> str:
    """The first worker (by id) of the quiet program, whose flag is acknowledged."""
    return database(str(path)).con.execute(
        "select worker_id from workers where program_id = $p order by worker_id limit 1",
        {"p": QUIET}).fetchall()[0][0]


def hostile_database(sample_path: Path, folder: Path) -> Path:
    """A copy of the sample made hostile (module docstring), as the app would find it."""
    path = folder / "hostile.duckdb"
    shutil.copy(sample_path, path)
    con = duckdb.connect(str(path))
    last_day = con.execute("select max(contact_on) from contacts").fetchall()[0][0]
    _poison(con, last_day)
    bump_data_version(con, "hostile text")
    refresh_summaries(con)
    con.close()
    store = database(str(path))
    worker = quiet_worker(path)
    add_annotation(store, QUIET, last_day - timedelta(days=90), TEXT[:190], False,
                   f"a{ID_TAIL}@example.org", "analyst")
    acknowledge(store, Viewer("sup@example.org", "analyst"), worker, "No recent check-in",
                None, TEXT, None, last_day)
    record(store, "x@example.org", "analyst", "download", TEXT, {"programs": [QUIET]})
    return path

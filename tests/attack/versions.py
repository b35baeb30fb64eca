"""Two data versions a funder may keep: the database, and a copy after a late import of
overdose events for one program and quarter (its undo gives the first version back, byte for
byte what was served before, so the pair is everything the sequence serves)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb

from store.summaries import refresh_summaries
from store.versions import bump_data_version


def late_import(source: Path, copy: Path, program_name: str, quarter: date,
                events: int = 8) -> Path:
    """`copy` = `source` plus `events` overdose events of the program's enrollments on the
    quarter's 15th day (a late export, loaded as the ingest would: rows and a new version),
    beside a copy of the dashboard's own records (an import changes the records in place:
    what the deployment has kept, e.g. released funder figures, stays)."""
    shutil.copyfile(source, copy)
    for own in (".own.duckdb", ".own.duckdb.wal"):  # the same deployment: its own records too
        if (kept := source.with_name(source.stem + own)).exists():
            shutil.copyfile(kept, copy.with_name(copy.stem + own))
    con = duckdb.connect(str(copy))
    try:
        day = quarter.replace(day=15)
        rows = con.execute(
            "select e.enrollment_id from enrollments e join programs p using (program_id) "
            "where p.program_name = ? and e.enrolled_on <= ? order by e.enrolled_on desc "
            "limit ?", [program_name, day, events]).fetchall()
        for i, (enrollment,) in enumerate((rows * events)[:events]):
            con.execute("insert into events values (?, ?, ?, 'overdose')",
                        [f"LATE{i:06d}", enrollment, day])
        bump_data_version(con, f"late import: {events} overdose events")
        with con.cursor() as cur:  # as an import does, in the version it makes
            refresh_summaries(cur)
    finally:
        con.close()
    return copy

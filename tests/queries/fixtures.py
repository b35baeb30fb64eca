"""Hand-built fixture rows: `add(db, table, **row)` with sensible defaults for the rest."""

from __future__ import annotations

from datetime import date
from typing import Any

from queries.db import Database
from store.versions import record_data_change

D = date.fromisoformat
DEFAULTS: dict[str, dict[str, Any]] = {
    "programs": {"program_name": "Program"},
    "workers": {"display_name": "A. B.", "role": "peer_specialist", "fte": 1.0,
                "hired_on": D("2025-01-01")},
    "participants": {},
    "enrollments": {"pathway": "comprehensive"},
    "contacts": {"contact_type": "check_in", "mode": "phone", "minutes": 10},
    "appointments": {"service": "sud_treatment", "status": "attended"},
    "assessments": {},
    "events": {},
    "wellbeing": {},
}


def add(db: Database, table: str, **row: Any) -> None:
    """Insert one row into `table`, the defaults above filling what the test leaves out, and
    record the change as every writer does (the summary tables are rebuilt on it)."""
    row = {**DEFAULTS[table], **row}
    names, marks = ", ".join(row), ", ".join(f"${k}" for k in row)
    with db.con.cursor() as cur:
        cur.execute(f"insert into {table} ({names}) values ({marks})", row)
        record_data_change(cur, f"test fixture: a row of {table}")


def enroll(db: Database, eid: str, program: str, worker: str, start: str,
           end: str | None = None, reason: str | None = None) -> None:
    """A participant and their enrollment, in one line."""
    add(db, "participants", participant_id=f"P{eid}")
    add(db, "enrollments", enrollment_id=eid, participant_id=f"P{eid}", program_id=program,
        worker_id=worker, enrolled_on=D(start), discharged_on=end and D(end),
        discharge_reason=reason)

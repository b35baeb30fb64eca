"""Hand-built fixture rows: `add(db, table, **row)` with sensible defaults for the rest."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from store.database import Database
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
    "supervision": {"kind": "individual"},
    "incidents": {"kind": "overdose"},
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


PARTIAL_LAST_DAY = D("2026-12-01")  # the data's last day: December has one day in it


def partial_month(db: Database) -> None:
    """A program whose data ends on 1 December 2026: 25 enrollments on 5 October (20 with two
    contacts in their first 30 days, 5 with one), 3 on 1 November (each with two contacts:
    100% of 3), a contact on 1 December; 6-month interviews in October, November and on 1
    December (abstinent 8 of 10, 9 of 10, 1 of 1), each enrolled 180 days before."""
    add(db, "programs", program_id="p", program_name="Harbor")
    add(db, "workers", worker_id="w", program_id="p")
    days = {"10": ("2026-10-05", 25), "11": ("2026-11-01", 3)}
    for month, (start, count) in days.items():
        for i in range(count):
            eid = f"E{month}-{i:02d}"
            enroll(db, eid, "p", "w", start)
            contacts = 1 if month == "10" and i >= 20 else 2
            for k in range(contacts):
                add(db, "contacts", contact_id=f"C{eid}-{k}", enrollment_id=eid,
                    worker_id="w", contact_on=D(start).replace(day=D(start).day + 1 + k))
    add(db, "contacts", contact_id="Cdec", enrollment_id="E11-00", worker_id="w",
        contact_on=PARTIAL_LAST_DAY)
    for month, (on, abstinent, n) in {"10": ("2026-10-15", 8, 10),
                                      "11": ("2026-11-15", 9, 10),
                                      "12": ("2026-12-01", 1, 1)}.items():
        for i in range(n):  # enrolled and interviewed 180 days before the 6-month interview
            eid, intake = f"I{month}-{i:02d}", D(on) - timedelta(days=180)
            enroll(db, eid, "p", "w", intake.isoformat())
            add(db, "assessments", assessment_id=f"A{eid}-0", enrollment_id=eid,
                assessed_on=intake, wave="intake")
            add(db, "assessments", assessment_id=f"A{eid}-6", enrollment_id=eid,
                assessed_on=D(on), wave="6_month", days_used_30=0 if i < abstinent else 3)

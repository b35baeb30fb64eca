"""The dashboard's own records: a supervisor's acknowledgement (or snooze) of a worker's flag,
an attempt to reach a participant for follow-up, and a supervision session's note. Each is
checked, stored and audited; only roles that see identified rows may write them, and only for
their own programs."""

from __future__ import annotations

from datetime import date

import duckdb

from access.audit import record
from access.roles import sees_identified
from access.viewer import NotAllowed, Viewer
from store.connection import Target
from store.own import own_transaction

OUTCOMES = {"reached": "Reached", "no_answer": "No answer", "left_message": "Left message",
            "declined": "Declined"}
WORKLISTS = {"aftercare": "the call list", "interview": "the interviews due"}
NOTE_LIMIT = 2_000  # characters: a note, not a case file


class NoteRefused(ValueError):
    """The record cannot be kept; the message says why and what to do."""


def _program_of(cur: duckdb.DuckDBPyConnection, table: str, key: str, value: str) -> str:
    found = cur.execute(f"select program_id from {table} where {key} = $v",
                        {"v": value}).fetchall()
    if not found:
        raise NoteRefused(f"There is no {key.removesuffix('_id')} {value} in the database; "
                          "reload the page to see the current list.")
    return found[0][0]


def _check_viewer(viewer: Viewer, program: str) -> None:
    if not sees_identified(viewer.role):
        raise NotAllowed(f"The {viewer.role} role cannot keep notes about people.")
    if viewer.programs is not None and program not in viewer.programs:
        raise NotAllowed("That record belongs to a program you do not supervise.")


def _note(note: str) -> str:
    text = note.strip()
    if len(text) > NOTE_LIMIT:
        raise NoteRefused(f"The note is {len(text):,} characters; shorten it to "
                          f"{NOTE_LIMIT:,} or fewer.")
    return text


def _insert(target: Target, viewer: Viewer, about: tuple[str, str], table: str,
            row: dict[str, object], action: str, what: str) -> None:
    """Check the viewer may write about the record (`about`: its table and key column, the
    key's value in `row`), add `row` to `table` with who and when, and audit it. Table and
    column names are this module's own, never input."""
    parent, key = about
    values = {**row, "made_by": viewer.email, "role": viewer.role}
    names = ", ".join(values)
    marks = ", ".join(f"${name}" for name in values)
    with own_transaction(target) as cur:
        _check_viewer(viewer, _program_of(cur, parent, key, str(row[key])))
        cur.execute(f"insert into {table} ({names}, made_at) values ({marks}, "
                    "current_timestamp)", values)
        record(cur, viewer.email, viewer.role, action, what)


def acknowledge(target: Target, viewer: Viewer, worker_id: str, rule: str,
                figure: float | None, note: str, until: date | None, today: date) -> None:
    """Acknowledge a flag (until its figure gets worse) or snooze it until a day (or until
    its figure gets worse, whichever comes first); refused with a sentence if invalid."""
    text = _note(note)
    if not text:
        raise NoteRefused("Write a note: what was done, or why the flag can wait.")
    if until is not None and until <= today:
        raise NoteRefused(f"A snooze must end after today ({today:%d %b %Y}); choose a later "
                          "day, or acknowledge without a date.")
    what = f"until {until.isoformat()}" if until else "until it gets worse"
    _insert(target, viewer, ("workers", "worker_id"), "flag_acknowledgements",
            {"worker_id": worker_id, "rule": rule, "figure": figure, "snoozed_until": until,
             "note": text}, "acknowledge",
            f"{rule} for worker {worker_id} (figure {figure:g}) {what}" if figure is not None
            else f"{rule} for worker {worker_id} {what}")


def record_attempt(target: Target, viewer: Viewer, enrollment_id: str, worklist: str,
                   on: date, outcome: str, note: str, today: date) -> None:
    """Record one attempt to reach the participant of an enrollment on a worklist."""
    if worklist not in WORKLISTS:
        raise NoteRefused(f"There is no worklist {worklist!r}; one of {', '.join(WORKLISTS)}.")
    if outcome not in OUTCOMES:
        raise NoteRefused(f"Choose what happened: {', '.join(OUTCOMES.values())}.")
    if on > today:
        raise NoteRefused(f"The attempt's date {on:%d %b %Y} is after today; record an "
                          "attempt once it has been made.")
    _insert(target, viewer, ("enrollments", "enrollment_id"), "followup_attempts",
            {"enrollment_id": enrollment_id, "worklist": worklist, "attempted_on": on,
             "outcome": outcome, "note": _note(note)}, "follow_up",
            f"{OUTCOMES[outcome]} on {on.isoformat()} for enrollment {enrollment_id} "
            f"({WORKLISTS[worklist]})")


def keep_session_note(target: Target, viewer: Viewer, supervision_id: str, worker_id: str,
                      note: str) -> None:
    """A supervision session's note, kept beside the session's record (logged by the same
    person a moment before) in the dashboard's own records: never in the records, so never
    in an export. The audit trail says a note was kept, never what it says."""
    text = _note(note)
    if not text:
        return
    with own_transaction(target) as cur:  # the session is the worker's, or no note at all
        held = cur.execute("select worker_id from supervision where supervision_id = $s",
                           {"s": supervision_id}).fetchall()
    if held != [(worker_id,)]:
        raise NoteRefused(f"There is no supervision session {supervision_id} of {worker_id} "
                          "to keep a note on; reload the page to see the current list.")
    _insert(target, viewer, ("workers", "worker_id"), "session_notes",
            {"supervision_id": supervision_id, "worker_id": worker_id, "note": text},
            "annotations", f"note kept on supervision session {supervision_id} of {worker_id}")

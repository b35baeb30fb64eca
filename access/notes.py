"""The dashboard's own records that analysts set on a page: annotations (a dated program
change, shown on every chart of that program; one may restart the control limits' baseline)
and targets per program and metric. Each change is audited; imports and undo never touch
them."""

from __future__ import annotations

from datetime import date

from access.audit import record
from access.roles import LOADS_DATA
from access.viewer import NotAllowed
from store.connection import Target
from store.own import own_connection, own_transaction

NOTE_LENGTH = 200  # an annotation is a label on a chart, not a report
# The metrics a target can be set for, and whether each is a proportion: the keys of
# metrics/targets.py's TARGET_METRICS (access may not import metrics; a test holds them equal).
TARGET_KINDS = {"intakes_per_quarter": False, "followup_rate": True, "early_engagement": True,
                "caseload_per_fte": False}


class NoteRefused(ValueError):
    """The change cannot be made; the message says why and what to do."""


def _allowed(by_role: str) -> None:
    if by_role not in LOADS_DATA:
        raise NotAllowed(f"The {by_role} role cannot set annotations or targets; an analyst "
                         "can.")


def _program(target: Target, program_id: str) -> str:
    with own_connection(target) as cur:
        found = cur.execute("select program_name from programs where program_id = $p",
                            {"p": program_id}).fetchall()
    if not found:
        raise NoteRefused(f"No program has the id {program_id!r}; choose one from the list.")
    return found[0][0]


def add_annotation(target: Target, program_id: str, noted_on: date, note: str,
                   restarts_baseline: bool, by: str, by_role: str) -> None:
    """Record a dated program change; refused with a sentence if it cannot be saved."""
    _allowed(by_role)
    note = note.strip()
    if not note:
        raise NoteRefused("Say in a few words what changed, e.g. 'new intake process'.")
    if len(note) > NOTE_LENGTH:
        raise NoteRefused(f"The note is {len(note)} characters; keep it to {NOTE_LENGTH}, it "
                          "is a label on the charts.")
    name = _program(target, program_id)
    restart = " (restarts the control limits)" if restarts_baseline else ""
    with own_transaction(target) as cur:
        cur.execute("insert into annotations (program_id, noted_on, note, restarts_baseline, "
                    "added_at, added_by) values ($p, $d, $n, $r, current_timestamp, $by)",
                    {"p": program_id, "d": noted_on, "n": note, "r": restarts_baseline,
                     "by": by})
        record(cur, by, by_role, "annotations",
               f"added for {name} on {noted_on.isoformat()}: {note}{restart}")


def remove_annotation(target: Target, annotation_id: int, by: str, by_role: str) -> None:
    _allowed(by_role)
    with own_transaction(target) as cur:
        gone = cur.execute("delete from annotations where annotation_id = $id returning "
                           "program_id, noted_on, note", {"id": annotation_id}).fetchall()
        if not gone:
            raise NoteRefused(f"There is no annotation {annotation_id} to remove.")
        program, noted_on, note = gone[0]
        record(cur, by, by_role, "annotations",
               f"removed from {program} on {noted_on.isoformat()}: {note}")


def _words(metric: str) -> str:
    return metric.replace("_", " ")


def _check_target(metric: str, value: float) -> None:
    if metric not in TARGET_KINDS:
        raise NoteRefused(f"No target can be set for {metric!r}; choose one of "
                          f"{', '.join(_words(m) for m in TARGET_KINDS)}.")
    if value < 0 or (TARGET_KINDS[metric] and value > 1):
        limit = "between 0% and 100%" if TARGET_KINDS[metric] else "0 or more"
        raise NoteRefused(f"A target for {_words(metric)} must be {limit}.")


def set_target(target: Target, program_id: str, metric: str, value: float, by: str,
               by_role: str) -> None:
    """Set (or change) a program's target for a metric; proportions as fractions."""
    _allowed(by_role)
    _check_target(metric, value)
    name = _program(target, program_id)
    with own_transaction(target) as cur:
        cur.execute("insert or replace into targets values ($p, $m, $v, current_timestamp, "
                    "$by)", {"p": program_id, "m": metric, "v": value, "by": by})
        record(cur, by, by_role, "targets", f"{name}: {_words(metric)} target {value:g}")


def clear_target(target: Target, program_id: str, metric: str, by: str, by_role: str) -> None:
    """Remove a program's own target: the setting's default applies again."""
    _allowed(by_role)
    with own_transaction(target) as cur:
        gone = cur.execute("delete from targets where program_id = $p and metric = $m "
                           "returning target", {"p": program_id, "m": metric}).fetchall()
        if not gone:
            raise NoteRefused("That program has no target of its own for this metric.")
        record(cur, by, by_role, "targets",
               f"{program_id}: {_words(metric)} target back to the default")

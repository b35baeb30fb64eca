"""Who may log a record for a worker on their detail (the forms of ui/record_forms.py), read
through the one scope filter: a worker of the viewer's own programs only, and only for a role
that logs (access.roles.LOGS_RECORDS); and a peer worker's own check-ins (FILLS_OWN_CHECKIN)."""

from __future__ import annotations

from datetime import date

import polars as pl

from access.roles import FILLS_OWN_CHECKIN, LOGS_RECORDS
from access.viewer import NotAllowed, Viewer
from queries.scope import Scope, program_params, viewer_programs
from store.database import Database


def loggable_worker(db: Database, viewer: Viewer, worker_id: str) -> dict[str, object] | None:
    """The worker's row (workers.sql) if the viewer may log for them, else None: another
    program's worker, or a role that does not log, gets nothing, however the address names
    them."""
    if viewer.role not in LOGS_RECORDS:
        return None
    mine = db.frame("workers", **program_params(viewer_programs(viewer)))
    rows = mine.filter(pl.col("worker_id") == worker_id)
    return rows.row(0, named=True) if rows.height else None


def log_programs(db: Database, viewer: Viewer) -> frozenset[str]:
    """The programs whose workers the viewer may log for, named one by one (the write side
    checks the worker's program against them again, in the import's own transaction)."""
    if viewer.role in FILLS_OWN_CHECKIN and viewer.programs:  # their own worker's program
        return frozenset(viewer.programs)
    if viewer.role not in LOGS_RECORDS:
        return frozenset()
    return frozenset(db.frame("workers", **program_params(viewer_programs(viewer)))
                     ["program_id"])


def supervisors_for(db: Database, viewer: Viewer, worker_id: str) -> pl.DataFrame:
    """Who may have given the worker supervision: the peer supervisors of the worker's
    program, the worker's own supervisor first (worker_id, display_name)."""
    worker = loggable_worker(db, viewer, worker_id)
    if worker is None:
        return pl.DataFrame(schema={"worker_id": pl.String, "display_name": pl.String})
    staff = db.frame("workers", **program_params((str(worker["program_id"]),)))
    own = pl.col("worker_id").eq(worker["supervisor_id"] or "")
    return (staff.filter((pl.col("role") == "peer_supervisor") | own,
                         pl.col("worker_id") != worker_id)
            .sort(own.not_(), "display_name", "worker_id").select("worker_id", "display_name"))


def own_checkins(db: Database, viewer: Viewer) -> pl.DataFrame:
    """A peer worker's own check-ins, newest first: the day and the three raw sums (and what
    each reported), read through the one scope filter narrowed to their worker record."""
    if viewer.role not in FILLS_OWN_CHECKIN or viewer.worker is None or not viewer.programs:
        raise NotAllowed(f"Only a peer worker reads their own check-ins, not the {viewer.role} "
                         "role.")
    mine = Scope(viewer.programs, date(1900, 1, 1), date(9999, 12, 31), (viewer.worker,))
    return db.frame("worker_checkins", **mine.params()).sort("checkin_on", "checkin_id",
                                                             descending=True)

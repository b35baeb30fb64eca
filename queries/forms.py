"""Who may log a record for a worker on their detail (the forms of ui/record_forms.py), read
through the one scope filter: a worker of the viewer's own programs only, and only for a role
that logs (access.roles.LOGS_RECORDS)."""

from __future__ import annotations

import polars as pl

from access.roles import LOGS_RECORDS
from access.viewer import Viewer
from queries.scope import program_params, viewer_programs
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

"""What the admin and analyst pages read of the dashboard's own records and its imports: the
users, the audit trail (filtered in SQL by action, person and days) and the people in it, the
names it refers to, and the import history with each import's files and quarantine. Pages
read these here, never by naming SQL themselves (tests/test_layers.py)."""

from __future__ import annotations

from datetime import date

import polars as pl

from queries.scope import ALL, program_params
from store.database import Database


def users(db: Database, email: str | None = None) -> pl.DataFrame:
    """Everyone who may sign in (with `email`: that person's row, if any)."""
    return db.frame("users", email=None if email is None else email.lower())


def audit_trail(db: Database, *, limit: int, action: str | None = None,
                who: str | None = None, since: date | None = None,
                until: date | None = None) -> pl.DataFrame:
    """The newest `limit` events of `action` by `who` between `since` and `until` (each
    None: no restriction), newest first."""
    return db.frame("audit_log", action=action, who=who, since=since, until=until,
                    limit=limit)


def audit_people(db: Database) -> list[str]:
    """Everyone with a row in the trail, in order of address."""
    return db.frame("audit_people")["who"].to_list()


def names(db: Database) -> tuple[dict[str, str], dict[str, str]]:
    """Every program's and every worker's name by id: what the trail's filters refer to."""
    programs = dict(db.frame("programs").select("program_id", "program_name").iter_rows())
    workers = dict(db.frame("workers", **program_params(ALL))
                   .select("worker_id", "display_name").iter_rows())
    return programs, workers


def import_history(db: Database) -> pl.DataFrame:
    """Every import, newest first, with its counts, policy and whether it was undone."""
    return db.frame("import_history")


def import_files(db: Database, import_id: int) -> pl.DataFrame:
    """One import's files, as uploaded."""
    return db.frame("import_files", import_id=import_id)


def quarantine(db: Database, import_id: int) -> pl.DataFrame:
    """One import's refused rows, with their raw values and problems."""
    return db.frame("quarantine", import_id=import_id)

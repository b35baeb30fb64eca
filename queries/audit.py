"""The audit trail as the admins' page reads it: its rows, filtered in SQL by action, person
and days, and the people in it."""

from __future__ import annotations

from datetime import date

import polars as pl

from queries.db import Database


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

"""What every page is framed by: the programs, their workers, and the days the data covers."""

from __future__ import annotations

from datetime import date

import polars as pl

from queries.scope import Programs, program_params
from store.database import Database


def data_span(db: Database) -> tuple[date | None, date | None]:
    """The first and last day the data covers (None, None for an empty database)."""
    row = db.frame("data_span").row(0)
    return row[0], row[1]


def programs(db: Database) -> pl.DataFrame:
    """Every program, with its name."""
    return db.frame("programs")


def workers(db: Database, chosen: Programs) -> pl.DataFrame:
    """The workers of the chosen programs, with their program's name."""
    return db.frame("workers", **program_params(chosen))


def stored_keys(db: Database) -> tuple[frozenset[str], frozenset[str]]:
    """Every stored participant id, and every stored enrollment id."""
    keys = db.frame("stored_keys")

    def of(kind: str) -> frozenset[str]:
        return frozenset(keys.filter(pl.col("kind") == kind)["key"].to_list())

    return of("participant"), of("enrollment")

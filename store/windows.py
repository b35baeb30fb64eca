"""R1's reassessment windows as the database holds them: the app sets SUPRT's from its
settings, and every writer and reader of the summary tables then uses the same."""

from __future__ import annotations

import duckdb

from store.versions import record_data_change


def reassessment_windows(cur: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int]]:
    return {i: (o, c) for i, o, c in
            cur.execute("select instrument, opens, closes from reassessment_windows").fetchall()}


def set_reassessment_windows(con: duckdb.DuckDBPyConnection,
                             wanted: dict[str, tuple[int, int]]) -> bool:
    """Store the windows wanted where they differ, as a change of the data (so cached figures
    and the summary tables follow); whether anything changed."""
    with con.cursor() as cur:
        if all(reassessment_windows(cur).get(i) == w for i, w in wanted.items()):
            return False
        cur.execute("begin transaction")
        for instrument, (opens, closes) in wanted.items():
            cur.execute("insert or replace into reassessment_windows values ($i, $o, $c)",
                        {"i": instrument, "o": opens, "c": closes})
        record_data_change(cur, f"reassessment windows set: {sorted(wanted.items())}")
        cur.execute("commit")
    return True

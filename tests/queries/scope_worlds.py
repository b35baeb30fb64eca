"""The sample as an attacker finds it, and the same sample with every program but the viewer's
removed (the viewer's world): a query that honours the scope filter gives the same rows on
both for any scope the viewer can reach; one that forgets it counts other programs' records on
the first, however it aggregates them."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb

from queries.scope import ALL, Programs, Scope
from records.models import RECORD_TYPES
from store.connection import connect
from store.database import Database
from store.lake import PROGRAM_VIA
from store.own import own_path, own_transaction
from store.versions import bump_data_version

MINE, OTHER, NOWHERE = "harbor", "mesa", "no-such-program"  # the viewer's, another, none
START, END = date(2025, 1, 1), date(2026, 11, 20)  # the sample's last 23 months


def other_worker(con: duckdb.DuckDBPyConnection) -> str:
    """The other program's busiest primary worker."""
    with con.cursor() as cur:
        return cur.execute("select worker_id from enrollments where program_id = $p group by "
                           "worker_id order by count(*) desc, worker_id limit 1",
                           {"p": OTHER}).fetchall()[0][0]


# What a viewer asks for, by address: the sidebar's programs and workers (?programs=,
# ?workers=) and then a click's focus (?focus=program:… or worker:…); None: not asked.
ATTACKS: dict[str, tuple[Programs, str | None, tuple[str, str] | None]] = {
    "their own programs": (ALL, None, None),
    "another program": ((OTHER,), None, None),
    "no program": ((), None, None),
    "a program that does not exist": ((NOWHERE,), None, None),
    "a worker of another program": (ALL, "other", None),
    "a focus on another program": (ALL, None, ("program", OTHER)),
    "a focus on a worker of another program": (ALL, None, ("worker", "other")),
}


def asked(attack: str, worker: str) -> tuple[Scope, tuple[str, str] | None]:
    """The sidebar's scope and the focus an attack asks for (`worker`: the other's)."""
    programs, workers, focus = ATTACKS[attack]
    scope = Scope(programs, START, END, (worker,) if workers else None)
    if focus is not None and focus[1] == "other":
        focus = (focus[0], worker)
    return scope, focus


def own_rows(db: Database, programs: tuple[str, ...]) -> None:
    """The dashboard's own records about each program: an acknowledgement of a flag of one of
    its workers, a follow-up attempt on each worklist, an annotation, a target and a note on
    a supervision session of one of its workers."""
    with own_transaction(db) as cur:
        for program in programs:
            p = {"p": program}
            cur.execute("insert into flag_acknowledgements (worker_id, rule, figure, note, "
                        "made_at, made_by, role) select min(worker_id), 'High burnout', 44, "
                        "'Talked', timestamp '2026-11-02 10:00:00', 'sam@example.org', "
                        "'supervisor' from workers where program_id = $p", p)
            cur.execute("insert into followup_attempts (enrollment_id, worklist, attempted_on, "
                        "outcome, note, made_at, made_by, role) select min(enrollment_id), "
                        "worklist, date '2026-11-02', 'no_answer', '', timestamp '2026-11-02 "
                        "10:00:00', 'sam@example.org', 'supervisor' from enrollments, "
                        "(values ('aftercare'), ('interview')) as w(worklist) "
                        "where program_id = $p group by worklist", p)
            cur.execute("insert into annotations (program_id, noted_on, note, "
                        "restarts_baseline, added_at, added_by) values ($p, date '2026-03-01', "
                        "'New intake process', true, timestamp '2026-11-02 10:00:00', "
                        "'ana@example.org')", p)
            cur.execute("insert into targets values ($p, 'early_engagement', 0.6, "
                        "timestamp '2026-11-02 10:00:00', 'ana@example.org')", p)
            cur.execute("insert into session_notes values ('S-' || $p, (select min(worker_id) "
                        "from workers where program_id = $p), 'Talked it through', "
                        "timestamp '2026-11-02 10:00:00', 'sam@example.org', 'supervisor')", p)


def attacked_copy(sample: Path, folder: Path) -> Path:
    """A copy of the sample with own records about every program."""
    path = folder / "full.duckdb"
    shutil.copy(sample, path)
    con = connect(path)
    db = Database(con, path)
    with con.cursor() as cur:
        programs = tuple(r[0] for r in cur.execute("select program_id from programs").fetchall())
        # a logged supervision session for a worker of every program (the sample's one
        # logging program has many), for a note about it in own_rows
        cur.execute("insert into supervision (supervision_id, worker_id, held_on, minutes, kind) "
                    "select 'S-' || program_id, min(worker_id), date '2026-11-02', 60, "
                    "'individual' from workers group by program_id")
    own_rows(db, programs)
    con.close()
    return path


def viewers_world(full: Path, folder: Path) -> Path:
    """`full` with every record of a program other than MINE deleted, its summaries rebuilt
    on first read; the dashboard's own records alike."""
    path = folder / "mine.duckdb"
    shutil.copy(full, path)
    shutil.copy(own_path(full), own_path(path))
    con = connect(path)
    keep = {"p": MINE}
    with con.cursor() as cur:
        for table in RECORD_TYPES:
            if table in PROGRAM_VIA:  # names from the record definitions, never from input
                parent, key = PROGRAM_VIA[table]
                cur.execute(f"delete from {table} where {key} not in "
                            f"(select {key} from {parent} where program_id = $p)", keep)
        for table in ("enrollments", "workers", "programs"):
            cur.execute(f"delete from {table} where program_id <> $p", keep)
    bump_data_version(con, "the viewer's world")
    con.close()
    with duckdb.connect(str(own_path(path))) as own:
        for table in ("annotations", "targets"):
            own.execute(f"delete from {table} where program_id <> $p", keep)
    return path

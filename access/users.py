"""The users table: who may sign in, with which role and programs (and for a peer worker, the
worker record they are). Each change is audited."""

from __future__ import annotations

import re

import duckdb

from access.audit import record
from access.roles import FILLS_OWN_CHECKIN, ROLES
from access.viewer import parse_programs
from store.connection import Target
from store.own import own_transaction

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class UserRefused(ValueError):
    """The change cannot be made; the message says why and what to do."""


def _known_programs(cur: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in cur.execute("select program_id from programs").fetchall()}


def _worker_program(cur: duckdb.DuckDBPyConnection, worker: str) -> str | None:
    found = cur.execute("select program_id from workers where worker_id = $w",
                        {"w": worker}).fetchall()
    return found[0][0] if found else None


def check_user(cur: duckdb.DuckDBPyConnection, email: str, role: str,
               programs: tuple[str, ...] | None, worker: str | None = None) -> list[str]:
    """Every problem with a users row, each a sentence (empty: it can be saved)."""
    problems = []
    if role in FILLS_OWN_CHECKIN:
        if not worker:
            problems.append("A peer worker signs in as one worker: choose their worker record.")
        elif _worker_program(cur, worker) is None:
            problems.append(f"No worker has the id {worker}; choose from the list.")
    elif worker:
        problems.append(f"Only a peer worker is linked to a worker record, not the {role} role: "
                        "leave the worker empty.")
    if not EMAIL.fullmatch(email):
        problems.append(f"{email!r} is not an e-mail address: write it as name@example.org.")
    if role not in ROLES:
        problems.append(f"The role {role!r} is not one of {', '.join(ROLES)}.")
    if role == "supervisor" and not programs:
        problems.append("A supervisor sees only their own programs: choose at least one.")
    unknown = sorted(set(programs or ()) - _known_programs(cur))
    if unknown:
        problems.append(f"No program has the id {', '.join(unknown)}; choose from the list.")
    return problems


def save_user(target: Target, email: str, role: str, programs: object,
              by: str, by_role: str, worker: str | None = None) -> None:
    """Add the user, or change their role and programs; refused with sentences if invalid. A
    peer worker is linked to `worker`, and sees that worker's program only."""
    email, chosen = email.strip().lower(), parse_programs(programs)
    with own_transaction(target) as cur:
        if problems := check_user(cur, email, role, chosen, worker):
            raise UserRefused(" ".join(problems))
        if worker:
            chosen = (str(_worker_program(cur, worker)),)
        existed = cur.execute("select count(*) from users where email = $email",
                              {"email": email}).fetchall()[0][0]
        cur.execute("insert or replace into users (email, role, programs, added_at, added_by, "
                    "worker_id) values ($email, $role, $programs, current_timestamp, $by, "
                    "$worker)", {"email": email, "role": role, "by": by, "worker": worker or None,
                                 "programs": list(chosen) if chosen else None})
        what = "changed" if existed else "added"
        record(cur, by, by_role, "users", f"{what} {email}: {role}, programs "
               f"{', '.join(chosen) if chosen else 'all'}"
               + (f", worker {worker}" if worker else ""))


def remove_user(target: Target, email: str, by: str, by_role: str) -> None:
    """Remove the user; they can no longer sign in unless their token carries a role."""
    if email == by:
        raise UserRefused("You cannot remove yourself: ask another admin.")
    with own_transaction(target) as cur:
        gone = cur.execute("delete from users where email = $email returning email",
                           {"email": email}).fetchall()
        if not gone:
            raise UserRefused(f"No user {email} to remove.")
        record(cur, by, by_role, "users", f"removed {email}")

"""python -m access: who may sign in, from the command line (a new deployment's first admin, or
a change while no admin can sign in). Users are written where the app reads them, the
dashboard's own records beside the database (store/own.py), through the same functions as the
Users page, so each change is checked and audited as it is there.

Examples:
  python -m access users add --db records.duckdb you@example.org admin
  python -m access users add --db records.duckdb sup@example.org supervisor --programs harbor,bay
  python -m access users list --db records.duckdb
  python -m access users remove --db records.duckdb sup@example.org

Exit status: 0 done, 1 refused (the sentence says why), 2 bad arguments, 3 the database cannot
be opened. The app may be running meanwhile: the own records take one writer at a time.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from access.roles import ROLES
from access.users import UserRefused, remove_user, save_user
from store.connection import DatabaseUnavailable, Store, connect
from store.own import own_connection
from store.published import current

ROLE = "command line"  # the audit trail's role for a change made here, as the import's


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m access", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    users = parser.add_subparsers(dest="what", required=True).add_parser(
        "users", help="add, change, list or remove the users who may sign in")
    actions = users.add_subparsers(dest="action", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=os.environ.get("PEERDASH_DB"),
                        help="the DuckDB file (default: PEERDASH_DB)")
    common.add_argument("--by", default=f"{ROLE} ({os.environ.get('USER') or 'unknown'})",
                        help="who makes the change, for the audit trail")
    add = actions.add_parser("add", parents=[common], help="add a user, or change one")
    add.add_argument("email")
    add.add_argument("role", choices=list(ROLES))
    add.add_argument("--programs", help="program ids separated by commas (a supervisor needs "
                                        "at least one; none: every program)")
    actions.add_parser("list", parents=[common], help="every user, their role and programs")
    remove = actions.add_parser("remove", parents=[common], help="remove a user")
    remove.add_argument("email")
    return parser


def _store(db: Path) -> Store:
    """The database's current version, read-only (the users are not in it, but their programs
    are checked against it), as the app opens it."""
    if not db.is_file():
        raise DatabaseUnavailable(f"The database {db} does not exist. Name the records file "
                                  "the app opens (its PEERDASH_DB) with --db.")
    file = current(db)
    return Store(connect(file, read_only=True), db, file)


def _list(store: Store) -> None:
    with own_connection(store) as con:
        rows = con.execute("select email, role, programs, added_at, added_by from users "
                           "order by email").fetchall()
    if not rows:
        print("No users yet: add the first admin with `python -m access users add --db FILE "
              "EMAIL admin`.")
    for email, role, programs, at, by in rows:
        print(f"{email}\t{role}\t{','.join(programs) if programs else 'all programs'}\t"
              f"changed {at:%Y-%m-%d %H:%M} by {by}")


def run(args: argparse.Namespace) -> int:
    if args.db is None:
        print("Name the database with --db FILE (or set PEERDASH_DB).", file=sys.stderr)
        return 2
    try:
        store = _store(args.db)
        try:
            if args.action == "list":
                _list(store)
            elif args.action == "add":
                save_user(store, args.email, args.role, args.programs, args.by, ROLE)
                print(f"Saved {args.email.strip().lower()} as {args.role} in {args.db}.")
            else:
                remove_user(store, args.email.strip().lower(), args.by, ROLE)
                print(f"Removed {args.email.strip().lower()} from {args.db}.")
        finally:
            store.con.close()
    except UserRefused as error:
        print(f"{error} Nothing was changed.", file=sys.stderr)
        return 1
    except DatabaseUnavailable as error:
        print(f"{error}\nNothing was changed.", file=sys.stderr)
        return 3
    return 0


def main(argv: list[str] | None = None) -> int:
    return run(_parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())

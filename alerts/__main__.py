"""python -m alerts: digests and alerts by mail, for cron.

  python -m alerts send --db records.duckdb                 # send what is due (daily cron)
  python -m alerts preview --db records.duckdb --email x@y  # print what x@y would get now
  python -m alerts subscribe --db records.duckdb --email x@y --digest weekly --alerts on
  python -m alerts list --db records.duckdb                 # who gets what

Exit status: 0 done (or nothing due), 1 some mail not delivered (kept: the next run retries
it), 2 bad arguments or no mail server set (nothing queued), 3 the database cannot be used
(or another send run is at work on it).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from alerts.compose import Message, alerts, digest, funder_digest
from alerts.outbox import SENDER_ROLE, history
from alerts.smtp import AnotherRun, MailNotSetUp, Report, send
from alerts.subscriptions import CADENCES, SubscriptionRefused, subscribe, subscriptions
from settings import Settings, SettingsError, load_settings
from store.connection import DatabaseUnavailable, connect
from store.database import Database
from store.published import current
from store.upgrade import bring_up_to_date


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m alerts", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=os.environ.get("PEERDASH_DB"),
                        help="the DuckDB file (default: PEERDASH_DB)")
    actions = parser.add_subparsers(dest="action", required=True)
    actions.add_parser("send", parents=[common], help="send the digests and alerts due")
    preview = actions.add_parser("preview", parents=[common], help="print what a user would get")
    preview.add_argument("--email", required=True)
    sub = actions.add_parser("subscribe", parents=[common], help="set a user's digest or alerts")
    sub.add_argument("--email", required=True)
    sub.add_argument("--digest", choices=CADENCES)
    sub.add_argument("--alerts", choices=("on", "off"))
    sub.add_argument("--by", default=f"{SENDER_ROLE} ({os.environ.get('USER') or 'unknown'})")
    actions.add_parser("list", parents=[common], help="every user and the mail they get")
    return parser


def open_database(path: Path, settings: Settings) -> Database:
    """The database's current version, read-only, brought up to date as the app does."""
    if not path.is_file():
        raise DatabaseUnavailable(f"The database {path} does not exist. Name the records file "
                                  "the app opens (its PEERDASH_DB) with --db.")
    bring_up_to_date(path, settings.reassessment_windows)
    file = current(path)
    return Database(connect(file, read_only=True), path, file)


def _plural(n: int, one: str) -> str:
    return f"{n} {one}{'' if n == 1 else 's'}"


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def _said(report: Report) -> list[str]:
    """The run in sentences."""
    out = []
    if report.retried:
        ok = sum(q in report.delivered for q in report.retried)
        out.append(f"Retried {_plural(len(report.retried), 'message')} that an earlier run "
                   f"could not deliver: {ok} delivered now.")
    sent = [q for q in report.delivered if q in report.new]
    if sent:
        kinds = [_plural(n, k) for k in ("digest", "alert")
                 if (n := sum(q.kind == k for q in sent))]
        out.append(f"Sent {' and '.join(kinds)} to {_people(len({q.email for q in sent}))}.")
    if not report.new and not report.retried:
        out.append("Nothing new to send: every digest and alert due now was sent already.")
    if report.failed:
        errors = sorted({e for _, e in report.failed})
        out.append(f"Could not deliver {_plural(len(report.failed), 'message')} "
                   f"({'; '.join(errors)}). They are kept, and the next run retries them.")
    return out


def _preview(db: Database, settings: Settings, email: str, last_day: date,
             now: datetime) -> int:
    found = [s for s in subscriptions(db) if s.email == email.strip().lower()]
    if not found:
        print(f"{email} is not a user of {db.path}.", file=sys.stderr)
        return 1
    sub = found[0]
    print(f"{sub.email} ({sub.role}): digest {sub.digest}, alerts "
          f"{'on' if sub.alerts else 'off'}.")
    build: Callable[[], Message] | None = {
        "funder": lambda: funder_digest(db, sub, settings, now,
                                        history(db)[1].get(sub.email, frozenset())),
        "supervisor": lambda: digest(db, sub, settings, last_day, now),
        "analyst": lambda: digest(db, sub, settings, last_day, now)}.get(sub.role)
    if build is None:
        print("An admin sees no figures: there is no digest for them.")
        return 0
    messages = [build(), *(alerts(db, sub, settings, last_day, now) if sub.alerts else [])]
    for m in messages:
        print(f"\n--- {m.kind} ---\nSubject: {m.subject}\n\n{m.text}")
    return 0


def _list(db: Database) -> None:
    for s in subscriptions(db):
        print(f"{s.email}\t{s.role}\tdigest {s.digest}{'' if s.chosen else ' (default)'}\t"
              f"alerts {'on' if s.alerts else 'off'}")


def run(args: argparse.Namespace, now: datetime) -> int:
    if args.db is None:
        print("Name the database with --db FILE (or set PEERDASH_DB).", file=sys.stderr)
        return 2
    try:
        settings = load_settings()
        db = open_database(args.db, settings)
    except (SettingsError, DatabaseUnavailable) as error:
        print(error, file=sys.stderr)
        return 2 if isinstance(error, SettingsError) else 3
    try:
        last_day = db.frame("data_span").row(0)[1]
        if last_day is None and args.action in ("send", "preview"):
            print(f"The database {args.db} has no records yet: there is nothing to tell anyone.")
            return 0
        if args.action == "list":
            _list(db)
        elif args.action == "subscribe":
            alerts_on = None if args.alerts is None else args.alerts == "on"
            s = subscribe(db, args.email, args.digest, alerts_on, args.by, SENDER_ROLE)
            print(f"{s.email}: digest {s.digest}, alerts {'on' if s.alerts else 'off'}.")
        elif args.action == "preview":
            return _preview(db, settings, args.email, last_day, now)
        else:
            report = send(db, settings, last_day, now)
            print("\n".join(_said(report)))
            return 1 if report.failed else 0
    except (MailNotSetUp, SubscriptionRefused) as error:
        print(f"{error} Nothing was sent or changed.", file=sys.stderr)
        return 2
    except (DatabaseUnavailable, AnotherRun) as error:
        print(error, file=sys.stderr)
        return 3
    finally:
        db.con.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    return run(_parser().parse_args(argv), datetime.now())


if __name__ == "__main__":
    sys.exit(main())

"""What is due and what was sent: every message is queued in the dashboard's own records
(mail_messages) before it is delivered, marked sent (and audited) once the server took it,
or kept with its error for the next run to retry. The unique (email, kind, period) means a
digest or alert is never composed, so never sent, twice."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from access.audit import MAIL, record
from access.roles import sees_identified
from alerts.compose import Message, alerts, digest, funder_digest, period
from alerts.subscriptions import Subscription
from settings import Settings
from store.connection import Target
from store.database import Database
from store.own import own_connection, own_transaction

SENDER, SENDER_ROLE = "python -m alerts", "command line"  # the audit trail's who and role


@dataclass(frozen=True)
class Queued:
    """A message waiting in the outbox (or just delivered)."""

    message_id: int
    email: str
    kind: str
    period: str
    subject: str
    text: str
    html: str
    rules: tuple[str, ...]
    counts: dict[str, int]
    attempts: int


def history(target: Target) -> tuple[set[tuple[str, str, str]], dict[str, frozenset[str]]]:
    """Every (email, kind, period) composed so far, and each person's latest digest's keys."""
    with own_connection(target) as con:
        done = {tuple(r) for r in con.execute(
            "select email, kind, period from mail_messages").fetchall()}
        latest = con.execute(
            "select email, keys from mail_messages where kind = 'digest' "
            "order by created_at, message_id").fetchall()
    return done, {email: frozenset(keys) for email, keys in latest}  # the last one wins


@dataclass(frozen=True)
class Sent:
    """The latest message the mail server took for a person (the Subscriptions page's)."""

    kind: str
    subject: str
    sent_at: datetime


def last_sent(target: Target) -> dict[str, Sent]:
    """Each person's latest delivered message, by address (none for who never got one)."""
    with own_connection(target) as con:
        rows = con.execute("select email, kind, subject, sent_at from mail_messages where "
                           "sent_at is not null order by sent_at, message_id").fetchall()
    return {email: Sent(kind, subject, sent_at) for email, kind, subject, sent_at in rows}


def _digest(db: Database, sub: Subscription, settings: Settings, last_day: date,
            now: datetime, seen: frozenset[str]) -> Message | None:
    """The digest due for the person now, or None: daily only when it counts something the
    last one did not; weekly whatever it holds."""
    if sub.role == "funder":
        message = funder_digest(db, sub, settings, now, seen)
    elif sees_identified(sub.role):
        message = digest(db, sub, settings, last_day, now)
    else:
        return None
    if sub.digest == "daily" and set(message.keys) <= seen:
        return None  # nothing new since the last digest (or nothing at all)
    return message


def due(db: Database, subs: list[Subscription], settings: Settings, last_day: date,
        now: datetime) -> list[Message]:
    """The digests and alerts due now that were never composed before."""
    done, seen = history(db)
    out: list[Message] = []
    for sub in subs:
        if sub.digest != "off" and (sub.email, "digest", period(sub.digest, now)) not in done:
            message = _digest(db, sub, settings, last_day, now, seen.get(sub.email, frozenset()))
            out += [message] if message is not None else []
        if sub.alerts:
            out += [m for m in alerts(db, sub, settings, last_day, now)
                    if (sub.email, "alert", m.period) not in done]
    return out


def queue(target: Target, messages: list[Message]) -> None:
    """Keep the messages in the outbox, undelivered (one already there is left as it is)."""
    with own_transaction(target) as cur:
        for m in messages:
            cur.execute(
                "insert into mail_messages (email, kind, period, rules, counts, keys, subject, "
                "text_body, html_body, created_at) values ($email, $kind, $period, $rules, "
                "$counts, $keys, $subject, $text, $html, current_timestamp) on conflict do nothing",
                {"email": m.email, "kind": m.kind, "period": m.period, "rules": list(m.rules),
                 "counts": m.counts_json(), "keys": list(m.keys), "subject": m.subject,
                 "text": m.text, "html": m.html})


def supersede(target: Target) -> int:
    """Drop each undelivered digest that a later one to the same person replaces (after a
    mail outage of days: the latest says what needs action now), audited; how many."""
    with own_transaction(target) as cur:
        gone = cur.execute(
            "delete from mail_messages as m where m.kind = 'digest' and m.sent_at is null "
            "and exists (select 1 from mail_messages as later where later.email = m.email "
            "and later.kind = 'digest' and later.message_id > m.message_id) "
            "returning email, period").fetchall()
        for email, old in gone:
            record(cur, SENDER, SENDER_ROLE, MAIL, f"dropped digest to {email} ({old}), never "
                   "delivered: a later digest replaces it", {"to": email, "period": old})
    return len(gone)


def outbox(target: Target) -> list[Queued]:
    """Every message not delivered yet, oldest first."""
    with own_connection(target) as con:
        rows = con.execute(
            "select message_id, email, kind, period, subject, text_body, html_body, rules, "
            "counts, attempts from mail_messages where sent_at is null "
            "order by created_at, message_id").fetchall()
    return [Queued(message_id=r[0], email=r[1], kind=r[2], period=r[3], subject=r[4], text=r[5],
                   html=r[6], rules=tuple(r[7]), counts=json.loads(r[8]), attempts=r[9])
            for r in rows]


def _what(q: Queued) -> str:
    counts = ", ".join(f"{k} {v}" for k, v in q.counts.items()) or "no counts"
    return f"{q.kind} to {q.email} ({q.period}): {counts}"


def mark_sent(target: Target, q: Queued) -> None:
    """The server took the message: sent now, and in the audit trail (to, when, rules,
    counts)."""
    with own_transaction(target) as cur:
        cur.execute("update mail_messages set sent_at = current_timestamp, attempts = "
                    "attempts + 1, last_error = null where message_id = $id",
                    {"id": q.message_id})
        record(cur, SENDER, SENDER_ROLE, MAIL, f"sent {_what(q)}",
               {"to": q.email, "kind": q.kind, "period": q.period, "rules": list(q.rules),
                "counts": q.counts})


def mark_failed(target: Target, q: Queued, error: str) -> None:
    """Not delivered: kept for the next run, the error noted (and audited)."""
    with own_transaction(target) as cur:
        cur.execute("update mail_messages set attempts = attempts + 1, last_error = $error "
                    "where message_id = $id", {"id": q.message_id, "error": error})
        record(cur, SENDER, SENDER_ROLE, MAIL, f"not delivered, kept to retry: {_what(q)} "
               f"({error})", {"to": q.email, "kind": q.kind, "period": q.period})

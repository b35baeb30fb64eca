"""Delivery over SMTP, from the settings (PEERDASH_SMTP_HOST, _PORT, PEERDASH_MAIL_FROM; with
PEERDASH_SMTP_USER and _PASSWORD: STARTTLS, then login), and one send run: the outbox's
earlier failures retried, what is due queued, everything waiting delivered."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from alerts.outbox import Queued, due, mark_failed, mark_sent, outbox, queue, supersede
from alerts.subscriptions import subscriptions
from settings import Settings
from store.database import Database
from store.locks import Busy, exclusive

TIMEOUT = 30  # seconds: a server that does not answer fails this run, the next one retries
ONE_SENDER_WAIT = 5.0  # seconds a run waits for another run on the same database to finish


class MailNotSetUp(RuntimeError):
    """No mail server is set; the message says which settings to set."""


class AnotherRun(RuntimeError):
    """Another send run holds this database's outbox."""


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    sender: str
    user: str = ""
    password: str = field(default="", repr=False)


def server(settings: Settings) -> Server:
    """The mail server the settings name, or MailNotSetUp with a sentence."""
    missing = [name for name, value in (("PEERDASH_SMTP_HOST", settings.smtp_host),
                                        ("PEERDASH_MAIL_FROM", settings.mail_from)) if not value]
    if missing:
        raise MailNotSetUp(f"No mail can be sent: {' and '.join(missing)} "
                           f"{'is' if len(missing) == 1 else 'are'} not set (and "
                           "PEERDASH_SMTP_PORT if not 25, or 587 with a login). Set them as "
                           "README.md's 'Digests and alerts by mail' says.")
    if bool(settings.smtp_user) != bool(settings.smtp_password):
        raise MailNotSetUp("PEERDASH_SMTP_USER and PEERDASH_SMTP_PASSWORD go together: set "
                           "both to log in, or neither.")
    port = settings.smtp_port or (587 if settings.smtp_user else 25)
    return Server(settings.smtp_host, port, settings.mail_from, settings.smtp_user,
                  settings.smtp_password)


@contextmanager
def connected(srv: Server) -> Iterator[smtplib.SMTP]:
    """A session with the server: STARTTLS and login when a user is set."""
    with smtplib.SMTP(srv.host, srv.port, timeout=TIMEOUT) as smtp:
        if srv.user:
            smtp.starttls()
            smtp.login(srv.user, srv.password)
        yield smtp


def email_of(q: Queued, sender: str) -> EmailMessage:
    """The message as mail: plain text, with the HTML as its alternative."""
    mail = EmailMessage()
    mail["Subject"], mail["From"], mail["To"] = q.subject, sender, q.email
    mail["Date"], mail["Message-ID"] = formatdate(localtime=True), make_msgid()
    mail.set_content(q.text)
    mail.add_alternative(q.html, subtype="html")
    return mail


@dataclass
class Report:
    """What a run did: retried (queued by an earlier run), new, delivered, failed (error)."""

    retried: list[Queued] = field(default_factory=list)
    new: list[Queued] = field(default_factory=list)
    delivered: list[Queued] = field(default_factory=list)
    failed: list[tuple[Queued, str]] = field(default_factory=list)


def _deliver(db: Database, srv: Server, waiting: list[Queued], report: Report) -> None:
    try:
        with connected(srv) as smtp:
            for q in waiting:
                try:
                    smtp.send_message(email_of(q, srv.sender))
                except smtplib.SMTPRecipientsRefused as error:  # this address only
                    report.failed.append((q, f"refused by the server: {error}"))
                    mark_failed(db, q, str(error))
                    continue
                mark_sent(db, q)
                report.delivered.append(q)
    except (OSError, smtplib.SMTPException) as error:
        said = f"{srv.host}:{srv.port}: {error}"
        for q in waiting:
            if q not in report.delivered and all(q is not f for f, _ in report.failed):
                report.failed.append((q, said))
                mark_failed(db, q, said)


def send(db: Database, settings: Settings, last_day: date, now: datetime) -> Report:
    """Retry what earlier runs could not deliver, queue what is due now, deliver both; one
    run at a time per database (two overlapping cron runs would deliver the outbox twice)."""
    srv = server(settings)  # before anything is queued: no server, nothing changes
    lock = db.path.with_name(f"{db.path.name}.mail.lock")
    try:
        with exclusive(lock, ONE_SENDER_WAIT):
            return _send(db, srv, settings, last_day, now)
    except Busy:
        raise AnotherRun(f"Another `python -m alerts send` is sending for {db.path}; this "
                           "run leaves it to that one.") from None


def _send(db: Database, srv: Server, settings: Settings, last_day: date,
          now: datetime) -> Report:
    report = Report(retried=outbox(db))
    queue(db, due(db, subscriptions(db), settings, last_day, now))
    supersede(db)
    earlier = {q.message_id for q in report.retried}
    waiting = outbox(db)
    report.retried = [q for q in report.retried if q in waiting]
    report.new = [q for q in waiting if q.message_id not in earlier]
    if waiting:
        _deliver(db, srv, waiting, report)
    return report

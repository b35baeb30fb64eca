"""The outbox over several days, in process (the day is a parameter here; the command takes
today's): a daily digest only when something is new, a weekly one each ISO week, and after a
mail outage the latest digest replaces the one never delivered. Real SMTP on 127.0.0.1."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from aiosmtpd.controller import Controller

from alerts.smtp import send
from settings import Settings
from store.connection import connect
from store.database import Database
from store.published import current
from tests.alerts.conftest import Inbox
from tests.conftest import AS_OF, own_rows

MONDAY = datetime(2026, 11, 23, 7, 0)  # the Monday after the data's last day


def mail_settings(port: int) -> Settings:
    return Settings(smtp_host="127.0.0.1", smtp_port=port, mail_from="dashboard@example.org",
                    app_url="https://dashboard.example.org")


def run(path: Path, port: int, now: datetime) -> list[str]:
    """One send on the day; the addresses delivered to."""
    db = Database(connect(current(path), read_only=True), path, current(path))
    try:
        report = send(db, mail_settings(port), AS_OF, now)
    finally:
        db.con.close()
    return sorted(q.email for q in report.delivered)


def test_a_day_with_nothing_new_sends_nothing_and_a_new_week_the_weekly_digests(
        db: Path, port: int, inbox: Inbox):
    assert len(run(db, port, MONDAY)) == 4
    tuesday = MONDAY.replace(day=24)
    assert run(db, port, tuesday) == []  # the same flags, calls and interviews as Monday
    next_monday = MONDAY.replace(day=30)
    assert run(db, port, next_monday) == ["analyst@example.org", "funder@example.org"]


def test_after_an_outage_the_latest_digest_replaces_the_one_never_delivered(
        db: Path, port: int):
    assert run(db, port, MONDAY) == []  # the server is down: four digests queued
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        delivered = run(db, port, MONDAY.replace(day=30))
    finally:
        controller.stop()
    # one mail each: this week's for the weekly readers, Monday's (still the news) for the
    # supervisors, who have nothing newer
    assert delivered == ["analyst@example.org", "funder@example.org",
                         "sup-harbor@example.org", "sup-two@example.org"]
    assert len(handler.received) == 4
    dropped = own_rows(db, "select what from audit_log where action = 'mail' and what like "
                           "'dropped digest%' order by what")
    assert [w[0].split(" (")[0] for w in dropped] == [
        "dropped digest to analyst@example.org", "dropped digest to funder@example.org"]

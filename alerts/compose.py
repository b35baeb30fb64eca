"""The mails: a digest of what needs action (queries/today.py, the Overview's own rules), a
funder's word on the release, and an alert on a worker's flag. Counts, sentences and links
only: never a participant id, a worker id or name, and for a funder no count at all (so no
count of 1 to 10); the reader signs in to see more. Each as plain text and as HTML."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape

import polars as pl

from access.viewer import Viewer
from alerts.subscriptions import Subscription
from metrics.formats import day
from queries.scope import ALL, Scope, viewer_programs
from queries.today import Item, hashed, needs_action, waiting_flags
from settings import Settings
from store.database import Database

TITLE = "Peer Recovery Dashboard"
ALERT_RULES = {"Recent critical incident": "a critical incident in the last {days} days",
               "Burnout rising": "burnout up {rise} points or more between their last two "
                                 "check-ins"}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@dataclass(frozen=True)
class Message:
    """One mail to one person; `period` makes it unique (a digest's day or week, an alert's
    flag and acknowledgement), `rules` and `counts` are what the audit trail keeps of it."""

    email: str
    kind: str  # digest or alert
    period: str
    subject: str
    text: str
    html: str
    rules: tuple[str, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)
    keys: tuple[str, ...] = ()

    def counts_json(self) -> str:
        return json.dumps(self.counts, sort_keys=True)


def viewer_of(sub: Subscription) -> Viewer:
    return Viewer(sub.email, sub.role, sub.programs, signed_in=True)


def period(cadence: str, now: datetime) -> str:
    """The digest's period: its day, or its ISO week (a weekly digest once a week)."""
    if cadence == "daily":
        return f"day {now.date().isoformat()}"
    year, week, _ = now.isocalendar()
    return f"week {year}-W{week:02d}"


def _link(settings: Settings, page: str) -> str:
    return f"{settings.app_url.rstrip('/')}/{page}"


def _mail(sub: Subscription, when: str, subject: str, lines: list[tuple[str, str]],
          footer: str, settings: Settings) -> tuple[str, str, str]:
    """Subject, text and HTML of `lines` (a sentence and the page it links to, '' for none)."""
    text = [f"{TITLE}: {subject}", ""]
    html = [f"<html><body><h2>{escape(TITLE)}</h2><p>{escape(subject)}</p><ol>"]
    for sentence, page in lines:  # worst first; bullets, not numbers: no digit but a count
        text.append(f"- {sentence}")
        html.append(f"<li>{escape(sentence)}")
        if page:
            text.append(f"   {_link(settings, page)}")
            html.append(f' <a href="{escape(_link(settings, page))}">Open the page</a>')
        html.append("</li>")
    change = _link(settings, "subscriptions")  # the page where each person chooses
    text += ["", footer, "", f"To {sub.email}: {when}. To change how often you get this, or "
             f"to stop it: {change}"]
    html.append(f"</ol><p>{escape(footer)}</p><p><small>To {escape(sub.email)}: {escape(when)}"
                f'. <a href="{escape(change)}">Change how often you get this, or stop it'
                "</a>.</small></p></body></html>")
    return f"{TITLE}: {subject}", "\n".join(text) + "\n", "".join(html)


def digest(db: Database, sub: Subscription, settings: Settings, last_day: date,
           now: datetime) -> Message:
    """A supervisor's or analyst's digest: what needs action in their programs, worst first."""
    items: list[Item] = needs_action(db, viewer_of(sub), settings, last_day, now.date())
    total = len(items)
    subject = (f"{total} {'thing needs' if total == 1 else 'things need'} action" if total
               else "nothing needs action")
    where = "any program" if viewer_programs(viewer_of(sub)) is ALL else "your programs"
    lines = [(i.sentence, i.page) for i in items] or [
        (f"Nothing in {where} needs action today.", "overview")]
    footer = (f"Judged on the data up to {day(last_day)}. This mail carries counts and links "
              "only: sign in to see who and why.")
    when = f"your {sub.digest} digest"
    subject, text, html = _mail(sub, when, subject, lines, footer, settings)
    return Message(sub.email, "digest", period(sub.digest, now), subject, text, html,
                   tuple(i.key for i in items), {i.key: i.count for i in items},
                   tuple(k for i in items for k in i.keys))


def quarter_words(quarter: date) -> str:
    """A quarter in words, with no small number in it: 'July to September 2026'."""
    return f"{MONTHS[quarter.month - 1]} to {MONTHS[quarter.month + 1]} {quarter.year}"


def funder_digest(db: Database, sub: Subscription, settings: Settings, now: datetime,
                  seen: frozenset[str]) -> Message:
    """A funder's digest: whether a new quarter's release is out since their last digest
    (`seen`: its keys). No figure at all: the release is read signed in."""
    quarters = db.frame("released_figures")["quarter"]
    latest = quarters.max() if quarters.len() else None
    key = hashed("quarter", latest) if latest is not None else None
    if not isinstance(latest, date):
        subject, sentence = "no quarter released yet", "No quarter's release is out yet."
    elif key not in seen:
        subject = "a new quarter's release is out"
        sentence = f"A new quarter's release is out: {quarter_words(latest)}."
    else:
        subject = "no new quarter's release"
        sentence = (f"No new quarter has been released since your last digest; the latest is "
                    f"{quarter_words(latest)}.")
    footer = "This mail carries no figures: sign in to read the funder report."
    subject, text, html = _mail(sub, f"your {sub.digest} digest", subject,
                                [(sentence, "funder")], footer, settings)
    new = key is not None and key not in seen
    return Message(sub.email, "digest", period(sub.digest, now), subject, text, html,
                   ("release",), {"new_quarter": int(new)}, (key,) if key else ())


def alerts(db: Database, sub: Subscription, settings: Settings, last_day: date,
           now: datetime) -> list[Message]:
    """An alert per waiting critical-incident or burnout-rise flag in the supervisor's
    programs; its period (flag and latest acknowledgement, hashed) is sent once, so a flag
    mails again only once acknowledged and back."""
    scope = Scope(viewer_programs(viewer_of(sub)), last_day, last_day)
    flags = waiting_flags(db, scope, settings, now.date()).filter(
        pl.col("rule").is_in(list(ALERT_RULES)))
    out = []
    for worker, rule, acked in flags.select("worker_id", "rule", "made_at").iter_rows():
        what = ALERT_RULES[rule].format(days=settings.incident_days,
                                        rise=settings.burnout_rise_points)
        sentence = (f"A worker in your programs has a flag waiting for a look: "
                    f"{rule.lower()} ({what}).")
        footer = ("Their name is not in this mail: sign in to see who, and acknowledge the flag "
                  "once you have acted. You will not get this alert again for them unless it "
                  "is acknowledged and comes back.")
        subject, text, html = _mail(sub, "an alert you asked for",
                                    f"a worker's flag: {rule.lower()}", [(sentence, "workforce")],
                                    footer, settings)
        stamp = acked.isoformat() if acked is not None else "never acknowledged"
        out.append(Message(sub.email, "alert", f"{hashed(worker, rule)} {stamp}", subject, text,
                           html, (rule,), {"flags": 1}, (hashed(worker, rule),)))
    return out

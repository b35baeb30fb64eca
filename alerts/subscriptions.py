"""Who gets which mail: each user's digest cadence (daily, weekly or off) and whether they
want alerts, kept in the dashboard's own records (mail_subscriptions); a user without a row
has their role's default. Each change is audited."""

from __future__ import annotations

from dataclasses import dataclass

from access.audit import MAIL, record
from store.connection import Target
from store.own import own_connection, own_transaction

CADENCES = ("daily", "weekly", "off")
# Supervisors act on today's list; analysts and funders follow the week (the rule).
# Admins see no figures, so they have no digest to get.
DEFAULT_DIGEST = {"supervisor": "daily", "analyst": "weekly", "funder": "weekly",
                  "admin": "off"}
ALERTS_FOR = frozenset({"supervisor"})  # alerts name a worker's flag: a supervisor's to act on


class SubscriptionRefused(ValueError):
    """The subscription cannot be saved; the message says why and what to do."""


@dataclass(frozen=True)
class Subscription:
    email: str
    role: str
    programs: tuple[str, ...] | None
    digest: str  # daily, weekly or off
    alerts: bool
    chosen: bool  # False: the role's default, never set


def subscriptions(target: Target) -> list[Subscription]:
    """Every user with their subscription (their role's default when they have not chosen),
    in order of address."""
    with own_connection(target) as con:
        rows = con.execute(
            "select u.email, u.role, u.programs, s.digest, s.alerts from users as u "
            "left join mail_subscriptions as s on s.email = u.email order by u.email"
        ).fetchall()
    return [Subscription(email, role, tuple(programs) if programs else None,
                         digest or DEFAULT_DIGEST.get(role, "off"),
                         bool(alerts) and role in ALERTS_FOR, digest is not None)
            for email, role, programs, digest, alerts in rows]


def subscribe(target: Target, email: str, digest: str | None, alerts: bool | None,
              by: str, by_role: str) -> Subscription:
    """Set a user's digest cadence and/or alerts (None: keep as it is); refused with a
    sentence for an unknown user or a choice their role cannot have."""
    email = email.strip().lower()
    if digest is not None and digest not in CADENCES:
        raise SubscriptionRefused(f"A digest is {', '.join(CADENCES)}, not {digest!r}.")
    with own_transaction(target) as cur:
        current = {s.email: s for s in subscriptions(cur)}.get(email)
        if current is None:
            raise SubscriptionRefused(f"{email} is not a user: add them first "
                                      "(python -m access users add).")
        digest = current.digest if digest is None else digest
        alerts = current.alerts if alerts is None else alerts
        if digest != "off" and current.role == "admin":
            raise SubscriptionRefused("An admin sees no figures, so there is no digest to "
                                      "send them: choose off.")
        if alerts and current.role not in ALERTS_FOR:
            raise SubscriptionRefused("Alerts are about a supervisor's workers: only "
                                      "supervisors can have them.")
        cur.execute("insert or replace into mail_subscriptions values ($email, $digest, "
                    "$alerts, current_timestamp, $by)",
                    {"email": email, "digest": digest, "alerts": alerts, "by": by})
        record(cur, by, by_role, MAIL, f"subscription of {email}: digest {digest}, alerts "
               f"{'on' if alerts else 'off'}")
    return Subscription(email, current.role, current.programs, digest, alerts, True)

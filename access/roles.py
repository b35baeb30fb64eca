"""The roles, defined once, and what each may see."""

from __future__ import annotations

ROLES = {
    "supervisor": "Supervisor: participants and workers of your programs",
    "funder": "Funder: aggregated, small-cell suppressed figures only",
    "analyst": "Analyst: all pages",
    "admin": "Admin: the users and the audit trail",
    "peer_worker": "Peer worker: your own ProQOL check-ins, nothing else",
}
SEES_IDENTIFIED = frozenset({"supervisor", "analyst"})  # everyone else: suppressed figures
SEES_FUNDER_REPORT = frozenset({"funder", "analyst"})  # analysts preview what funders get
LOADS_DATA = frozenset({"analyst"})
# Who may log a worker's supervision sessions and incidents on their detail (a form is an
# import of one record): a supervisor for their own programs' workers, an analyst for any.
LOGS_RECORDS = frozenset({"supervisor", "analyst"})
ADMINISTERS = frozenset({"admin"})
# A peer worker signs in to fill in their own ProQOL check-in and read their own scores: no
# participant, no other worker, no figure (their users row links them to their worker record).
FILLS_OWN_CHECKIN = frozenset({"peer_worker"})
SEES_FIGURES = frozenset(ROLES) - ADMINISTERS - FILLS_OWN_CHECKIN
# Who gets a digest by mail (alerts/: their role's, on their Subscriptions page); an admin gets
# none but sees and changes who gets what there.
GETS_MAIL = SEES_FIGURES
# Who may be given every program (queries/scope.py ALL); a supervisor has programs of their own.
HOLDS_ALL_PROGRAMS = frozenset({"analyst", "funder", "admin"})

# Which roles may open each page (ui/access.py lists the pages themselves).
PAGE_ROLES: dict[str, frozenset[str]] = {
    "overview": SEES_FIGURES,
    "engagement": SEES_IDENTIFIED,
    "aftercare": SEES_IDENTIFIED,
    "workforce": SEES_IDENTIFIED,
    "outcomes": SEES_IDENTIFIED,
    "funder": SEES_FUNDER_REPORT,
    "upload": LOADS_DATA,
    "import_history": LOADS_DATA,
    "users": ADMINISTERS,
    "audit": ADMINISTERS,
    "completeness": LOADS_DATA,
    "targets": LOADS_DATA,
    "my_checkins": FILLS_OWN_CHECKIN,
    "subscriptions": GETS_MAIL | ADMINISTERS,
}


def sees_identified(role: str) -> bool:
    """Whether the role sees identified rows (participants, workers); else suppressed only."""
    return role in SEES_IDENTIFIED


def role_named(text: object) -> str | None:
    """The role whose id `text` is, in any case ('Funder', ' ANALYST '); None for anything
    else ('root', '', the label of no role): never a default."""
    key = text.strip().lower() if isinstance(text, str) else ""
    return key if key in ROLES else None

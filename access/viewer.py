"""Who is looking: their role and the programs they may see (queries/scope.py narrows
every scope to them)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from access.roles import FILLS_OWN_CHECKIN, ROLES

ALL_PROGRAMS = ("", "*", "all")  # how a claim or a users row says "every program"


@dataclass(frozen=True)
class Viewer:
    """A signed-in person (or a demo role): e-mail, role, programs (None: every program), and
    for a peer worker the worker record they are (their users row links it)."""

    email: str
    role: str
    programs: tuple[str, ...] | None = None
    signed_in: bool = False
    worker: str | None = None


class NotAllowed(PermissionError):
    """A query was asked for by a viewer whose role may not see its rows."""


def parse_programs(raw: object) -> tuple[str, ...] | None:
    """Programs from a claim or a users row: a list, or text separated by commas or spaces;
    None, empty, "*" or "all" mean every program."""
    if raw is None:
        return None
    if isinstance(raw, str):
        items = raw.replace(",", " ").split()
    elif isinstance(raw, Iterable):
        items = [str(p) for p in raw]
    else:
        raise TypeError(f"programs are text or a list, not {raw!r}")
    items = [p.strip() for p in items if p.strip()]
    if not items or (len(items) == 1 and items[0].lower() in ALL_PROGRAMS):
        return None
    return tuple(sorted(set(items)))


def viewer_from_claims(claims: Mapping[str, object], role_claim: str,
                       programs_claim: str) -> Viewer | None:
    """The viewer an ID token describes, or None when it carries no role claim."""
    role = claims.get(role_claim)
    if not role:
        return None
    return Viewer(str(claims.get("email") or claims.get("sub") or ""), str(role),
                  parse_programs(claims.get(programs_claim)), signed_in=True)


def unverified(claims: Mapping[str, object]) -> bool:
    """Whether the identity provider says the e-mail is not verified: then the address says
    nothing about who signed in (a provider that sends no email_verified is trusted)."""
    said = claims.get("email_verified")
    return said is False or (isinstance(said, str) and said.strip().lower() == "false")


def problem(viewer: Viewer, show: Callable[[str], str] = str) -> str | None:
    """Why this viewer cannot use the dashboard, in a sentence (None: they can); `show` writes
    their role and e-mail into it (the pages: as markdown that is shown as itself)."""
    if viewer.role not in ROLES:
        return (f"The role '{show(viewer.role)}' is not one this dashboard knows "
                f"({', '.join(ROLES)}).")
    if viewer.role == "supervisor" and viewer.signed_in and viewer.programs is None:
        return (f"You are signed in as {show(viewer.email)} with the supervisor role, but no "
                "programs are set up for you. Ask an admin.")
    if viewer.role in FILLS_OWN_CHECKIN and viewer.worker is None:
        return (f"You are signed in as {show(viewer.email)} with the peer worker role, but your "
                "sign-in is not linked to your worker record yet. Ask your supervisor to have "
                "an admin link it on the Users page; then sign in again.")
    return None

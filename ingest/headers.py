"""Which record type a file holds, and which column each header means (generous matching)."""

from __future__ import annotations

import re
from pathlib import PurePath

from records.columns import columns
from records.models import RECORD_TYPES

# Common names in case-management exports for the contract's columns.
ALIASES = {
    "client_id": "participant_id", "person_id": "participant_id",
    "participant": "participant_id", "client": "participant_id",
    "staff_id": "worker_id", "peer_id": "worker_id", "peer_worker_id": "worker_id",
    "employee_id": "worker_id", "site_id": "program_id", "program": "program_id",
    "episode_id": "enrollment_id", "enrolment_id": "enrollment_id",
    "duration_minutes": "minutes", "duration": "minutes",
    "contact_mode": "mode",
}


def norm(name: str) -> str:
    """A header without case, spaces, hyphens or punctuation: `Contact-On` -> `contacton`."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def header_map(table: str) -> dict[str, str]:
    """Normalised header -> contract column, for one record type."""
    names = [c.name for c in columns(RECORD_TYPES[table])]
    found = {norm(n): n for n in names}
    for name in names:  # `Contact Date` for `contact_on`
        if name.endswith("_on"):
            found.setdefault(norm(name[:-3] + "_date"), name)
            found.setdefault(norm("date_" + name[:-3]), name)
    for alias, target in ALIASES.items():
        if target in names:
            found.setdefault(norm(alias), target)
    return found


def match_headers(table: str, headers: list[str | None]
                  ) -> tuple[dict[int, str], list[str], list[str]]:
    """Column position -> contract column; the unknown headers; headers matched twice."""
    known = header_map(table)
    matched: dict[int, str] = {}
    unknown, twice = [], []
    for i, header in enumerate(h or "" for h in headers):
        target = known.get(norm(header))
        if target is None:
            if header.strip():
                unknown.append(header)
        elif target in matched.values():
            twice.append(header)
        else:
            matched[i] = target
    return matched, unknown, twice


def _singular(table: str) -> str:
    return table[:-1] if table.endswith("s") else table


def table_from_name(name: str) -> str | None:
    """The record type a file or sheet name says: `Contacts 2026-10.xlsx` -> contacts."""
    stem = re.sub(r"[^a-z]", "", PurePath(name).stem.lower()) if "." in name else \
        re.sub(r"[^a-z]", "", name.lower())
    hits = [t for t in RECORD_TYPES if stem.startswith(_singular(t))]
    # `wellbeing` and `workers` share no prefix, so at most one type matches; be safe anyway.
    return max(hits, key=len) if hits else None

"""The audit trail: who signed in, imported, undid or downloaded what, when, with which
filters. Rows are only ever added."""

from __future__ import annotations

import json
from collections.abc import Mapping

from store.connection import Target, connection_of

ACTIONS = ("sign_in", "import", "undo", "download", "users", "acknowledge", "follow_up",
           "annotations", "targets")


def record(target: Target, who: str, role: str, action: str, what: str,
           filters: Mapping[str, object] | None = None) -> None:
    """Add one row to audit_log; `filters` is kept as JSON (dates as ISO text)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}; one of {', '.join(ACTIONS)}")
    text = json.dumps(dict(filters), default=str, sort_keys=True) if filters else None
    with connection_of(target).cursor() as cur:
        cur.execute("insert into audit_log (happened_at, who, role, action, what, filters) "
                    "values (current_timestamp, $who, $role, $action, $what, $filters)",
                    {"who": who, "role": role, "action": action, "what": what,
                     "filters": text})

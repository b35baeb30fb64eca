"""The audit trail: who signed in, imported, undid or downloaded what, when, with which
filters. Rows are only ever added."""

from __future__ import annotations

import json
from collections.abc import Mapping

from store.connection import Target
from store.own import own_connection

MAPPINGS = "mappings"  # a source mapping saved or forgotten (ingest/saved_mappings.py)
MAIL = "mail"  # a mail sent, kept to retry or dropped, and a change of subscription (alerts/)
ACTIONS = ("sign_in", "import", "undo", "download", "users", "acknowledge", "follow_up",
           "annotations", "targets", MAIL, MAPPINGS)


def record(target: Target, who: str, role: str, action: str, what: str,
           filters: Mapping[str, object] | None = None) -> None:
    """Add one row to audit_log (the dashboard's own, or the records' when `target` is an
    import's cursor); `filters` is kept as JSON (dates as ISO text)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}; one of {', '.join(ACTIONS)}")
    text = json.dumps(dict(filters), default=str, sort_keys=True) if filters else None
    with own_connection(target) as cur:
        cur.execute("insert into audit_log (happened_at, who, role, action, what, filters) "
                    "values (current_timestamp, $who, $role, $action, $what, $filters)",
                    {"who": who, "role": role, "action": action, "what": what,
                     "filters": text})

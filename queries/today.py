"""What needs action today, for one viewer: the one definition the Overview's "Today" and the
digests by mail (alerts/) both read. Counts only, each with a sentence and the page that
lists the people behind it; judged on the data's last day, as the worklists are.

The items (docs/WORKLISTS.md):
- flags: needs-attention flags (W6) waiting for a look: new, not yet acknowledged, or back
  since acknowledged (an acknowledged flag stays out until it gets worse: queries/triage.py);
- calls: discharged more than 7 days ago, not followed up, nothing booked, not yet reached or
  declined (the call list's urgent rows, queries/worklists.py);
- interviews: follow-up interviews (6-month, and SUPRT's annual) whose window closes within 7
  days, not yet reached or declined (the interviews due, queries/interviews.py);
- quiet: programs that have sent no contacts for longer than their usual gaps allow (the
  completeness rule, queries/completeness.py: more than five usual gaps and 21 days);
- imports (analysts): imports of the last QUARANTINE_DAYS days, not undone, that left rows
  in quarantine. An upload refused whole is not kept anywhere, so it cannot be counted.
Pure functions over the read side's queries; no Streamlit, so the command line runs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from hashlib import sha1

import polars as pl

from access.roles import LOADS_DATA, sees_identified
from access.viewer import Viewer
from queries.admin import import_history
from queries.aftercare import awaiting
from queries.attention import RULES, thresholds
from queries.completeness import completeness
from queries.interviews import interviews_at
from queries.scope import Scope, viewer_programs
from queries.triage import flag_states
from queries.workforce import acknowledgements, attention_flags
from queries.worklists import attempts, call_list, interview_list
from settings import Settings
from store.database import Database

CLOSING_DAYS = 7  # an interview whose window closes within a week cannot wait for next week
QUARANTINE_DAYS = 14  # an import's quarantined rows wait for an analyst this long in "today"
LOOKBACK_DAYS = 90  # the scope's start: every item is judged on its end day alone
# Rank in a digest, worst first: people not followed up after discharge (the weeks of highest
# overdose risk), then a worker's flag by its own triage weight (queries.attention.RULES: 1-5),
# interviews about to be lost, then the data's own problems.
SEVERITY = {"calls": 6, "interviews": 3, "quiet": 2, "imports": 2}


@dataclass(frozen=True)
class Item:
    """One thing that needs action: a count, a sentence, the page (url path) listing it, and
    keys (hashes of what was counted, never an id) that say whether it is new."""

    key: str
    count: int
    sentence: str
    page: str
    severity: int
    keys: tuple[str, ...] = ()


def hashed(*parts: object) -> str:
    """A short hash of what was counted: enough to tell new from seen, no id readable."""
    return sha1("|".join(str(p) for p in parts).encode()).hexdigest()[:16]


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _scope(viewer: Viewer, last_day: date) -> Scope:
    return Scope(viewer_programs(viewer), last_day - timedelta(days=LOOKBACK_DAYS), last_day)


def waiting_flags(db: Database, scope: Scope, settings: Settings, today: date) -> pl.DataFrame:
    """The W6 flags of the scope waiting for a look (as the Workforce page judges them):
    worker_id, rule, weight, state, the figure's day and the latest acknowledgement."""
    flags = attention_flags(db, scope, thresholds(settings))
    return flag_states(flags, acknowledgements(db, scope), today).filter("waiting")


def _flags(db: Database, scope: Scope, settings: Settings, today: date) -> Item:
    waiting = waiting_flags(db, scope, settings, today)
    by_rule = waiting.group_by("rule").len().sort("rule")
    worst = max((RULES[r].weight for r in by_rule["rule"]), default=0)
    parts = [f"{rule.lower()} {n:,}" for rule, n in sorted(
        by_rule.iter_rows(), key=lambda r: (-RULES[r[0]].weight, r[0]))]
    workers = waiting["worker_id"].n_unique()
    sentence = (f"{_plural(waiting.height, 'needs-attention flag', 'needs-attention flags')} "
                f"of {_plural(workers, 'worker', 'workers')} wait for a look (new, or back "
                f"since acknowledged): {'; '.join(parts)}." if waiting.height else
                "No needs-attention flag waits for a look.")
    keys = tuple(hashed(w, r, s) for w, r, s in waiting.select("worker_id", "rule", "state")
                 .iter_rows())
    return Item("flags", waiting.height, sentence, "workforce", worst, keys)


def _calls(db: Database, scope: Scope) -> Item:
    rows = call_list(awaiting(db, scope), attempts(db, scope, "aftercare")).filter(
        pl.col("urgent") & ~pl.col("settled"))
    verb = "has" if rows.height == 1 else "have"
    sentence = (f"{_plural(rows.height, 'person', 'people')} discharged more than 7 days ago "
                f"{verb} not been followed up and {verb} nothing booked.")
    return Item("calls", rows.height, sentence, "aftercare", SEVERITY["calls"],
                tuple(hashed("call", e) for e in rows["enrollment_id"]))


def _interviews(db: Database, scope: Scope) -> Item:
    due = interviews_at(db, scope, scope.end)
    rows = interview_list(due, attempts(db, scope, "interview")).filter(
        (pl.col("days_left") <= CLOSING_DAYS) & ~pl.col("settled"))
    sentence = (f"{_plural(rows.height, 'follow-up interview', 'follow-up interviews')} "
                f"{'has its' if rows.height == 1 else 'have their'} window closing within "
                f"{CLOSING_DAYS} days.")
    return Item("interviews", rows.height, sentence, "outcomes", SEVERITY["interviews"],
                tuple(hashed("interview", e) for e in rows["enrollment_id"]))


def _quiet(db: Database, viewer: Viewer, last_day: date) -> Item:
    summary = completeness(db, viewer_programs(viewer), last_day).summary
    quiet = summary.filter(pl.col("record_type") == "contacts", pl.col("silent"))
    sentence = (f"{_plural(quiet.height, 'program has', 'programs have')} sent no contacts "
                f"for longer than {'its' if quiet.height == 1 else 'their'} usual gaps "
                "between contacts allow.")
    page = "completeness" if viewer.role in LOADS_DATA else "overview"
    return Item("quiet", quiet.height, sentence, page, SEVERITY["quiet"],
                tuple(hashed("quiet", p, d) for p, d in
                      quiet.select("program_id", "last_record_on").iter_rows()))


def _imports(db: Database, today: date) -> Item:
    since = datetime.combine(today - timedelta(days=QUARANTINE_DAYS), time())  # whole days
    history = import_history(db).filter(
        pl.col("status") == "loaded", pl.col("rows_rejected") > 0,
        pl.col("loaded_at") >= since)
    rows = int(history["rows_rejected"].sum())
    sentence = (f"{_plural(history.height, 'import', 'imports')} of the last "
                f"{QUARANTINE_DAYS} days left {_plural(rows, 'row', 'rows')} in quarantine.")
    return Item("imports", history.height, sentence, "import_history", SEVERITY["imports"],
                tuple(hashed("import", i) for i in history["import_id"]))


def needs_action(db: Database, viewer: Viewer, settings: Settings, last_day: date,
                 today: date) -> list[Item]:
    """What needs action for the viewer, worst first (only items with a count), judged on
    the data's `last_day`; `today` dates acknowledgements' snoozes and recent imports (the
    imports loaded on the last 14 days and today), so the list is a function of the day. Empty
    for a role that sees no identified rows (funders, admins): theirs is the release."""
    if not sees_identified(viewer.role):
        return []
    scope = _scope(viewer, last_day)
    items = [_flags(db, scope, settings, today), _calls(db, scope),
             _interviews(db, scope), _quiet(db, viewer, last_day)]
    if viewer.role in LOADS_DATA:
        items.append(_imports(db, today))
    return sorted((i for i in items if i.count), key=lambda i: (-i.severity, -i.count, i.key))

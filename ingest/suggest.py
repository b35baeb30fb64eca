"""A first guess at a source mapping (docs/MAPPING.md) from one export's headers and values, for
the Upload page's mapping step: the analyst confirms or changes each guess, so a guess only has
to be right often and plainly wrong never (nothing close enough gives no guess at all).

Per contract column: its header by name (as ingest/headers.py matches them), then by a similar
name (rapidfuzz), then by what the cells hold (dates, stored ids, workers' and programs' names,
an enum's labels). What is stored comes in as plain data (`Known`), so this stays pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import polars as pl
from rapidfuzz import fuzz

from ingest.cast import SLASHED, SlashedDates, settled_order
from ingest.headers import ALIASES, header_map, norm
from ingest.mapping import (
    EnrollmentOf,
    FromHeader,
    Lookup,
    MadeKey,
    Mapping,
    RecordMapping,
    Way,
)
from ingest.suggest_cells import (
    Known,
    by_values,
    cells_of,
    headed,
    intake_rows,
    reference,
    stored,
)
from ingest.suggest_labels import SIMILAR, LabelCount, as_code, code_for, suggest_labels, words
from records.columns import Column, columns, key_column
from records.models import RECORD_TYPES

NOTHING_KNOWN = Known()  # an empty database: the cells' names and ids match nothing


def _names_of(column: str) -> list[str]:
    """The names a header may be like for `column`: its own, its aliases, `X Date` for `X_on`."""
    names = [column, *(a for a, target in ALIASES.items() if target == column)]
    if column.endswith("_on"):
        names.append(column[:-3] + "_date")
    return names


def _by_name(table: str, headers: list[str]) -> dict[str, str]:
    """Contract column -> header, by name: exact or alias first, then the most similar."""
    exact = header_map(table)
    found: dict[str, str] = {}
    for header in headers:
        column = exact.get(norm(header))
        if column and column not in found:
            found[column] = header
    for col in columns(RECORD_TYPES[table]):
        rest = [h for h in headers if h not in found.values()]
        if col.name not in found and (near := _best_header(col.name, rest)):
            found[col.name] = near
    return found


def _best_header(column: str, headers: list[str]) -> str | None:
    """Letter by letter (`Contact Method` ~ contact_mode): a shared word is too little here
    (`record_id` is not `participant_id`); the cells settle the rest."""
    scored = [(fuzz.ratio(words(h), words(n)), h)
              for h in headers for n in _names_of(column)]
    best = max(scored, default=(0.0, ""))
    return best[1] if best[0] >= SIMILAR else None


def _upgraded(col: Column, way: FromHeader, frame: pl.DataFrame, known: Known) -> Way:
    """A header found by name whose cells are names, not keys, becomes a lookup."""
    if col.ref in ("workers", "programs"):
        return reference(col, way.header, cells_of(frame, way.header), known) or way
    return way


def uses(way: Way | None) -> tuple[str, ...]:
    """The headers a way reads."""
    match way:
        case FromHeader(header) | Lookup(header, _):
            return (header,)
        case EnrollmentOf(participant, on):
            return participant, on
        case MadeKey(headers):
            return headers
    return ()


def _identifying(table: str, ways: dict[str, Way | None]) -> tuple[str, ...]:
    """The headers that tell one record from another. A record of a moment (a service, an
    interview) is its required references but its program, its day and its kind (its first
    required enum): the same client, day, worker and service is the same contact. A record
    with an end (an optional date: an enrollment's discharge, a worker's leaving) is an
    episode whose worker or pathway may change: only whose it is and its start tell it."""
    cols = [c for c in columns(RECORD_TYPES[table]) if c.required and not c.key]
    episode = any(c.kind == "date" and not c.required for c in columns(RECORD_TYPES[table]))
    refs = [c.name for c in cols if c.ref and c.ref != "programs"][:1 if episode else None]
    kind = [] if episode else [c.name for c in cols if c.kind == "enum"][:1]
    chosen = [c.name for c in cols if c.name in refs or c.kind == "date" or c.name in kind]
    return tuple(dict.fromkeys(h for c in chosen for h in uses(ways.get(c))))


def _participant(frame: pl.DataFrame, known: Known) -> str | None:
    """The header naming participants: by name (Client ID), else by stored ids in its cells."""
    if found := _by_name("participants", frame.columns).get("participant_id"):
        return found
    col = key_column(RECORD_TYPES["participants"])
    way = by_values(frame, col, frame.columns, known)
    return way.header if isinstance(way, FromHeader) else None


def suggest_ways(frame: pl.DataFrame, table: str, known: Known = NOTHING_KNOWN
                 ) -> dict[str, Way | None]:
    """Per contract column of `table` (in the contract's order), how to get it, or None."""
    cols = columns(RECORD_TYPES[table])
    ways: dict[str, Way | None] = {
        c: _upgraded(next(x for x in cols if x.name == c), FromHeader(h), frame, known)
        for c, h in _by_name(table, frame.columns).items()}
    used = {h for w in ways.values() for h in uses(w)}
    for col in cols:
        if col.name not in ways:
            ways[col.name] = way = by_values(frame, col, [h for h in frame.columns
                                                           if h not in used], known)
            used.update(uses(way))
    days = [w.header for c in cols if c.required and c.kind == "date"
            and isinstance(w := ways[c.name], FromHeader)]
    if table != "enrollments" and ways.get("enrollment_id", 0) is None and days and \
            (who := _participant(frame, known)):
        ways["enrollment_id"] = EnrollmentOf(who, days[0])
    key = key_column(RECORD_TYPES[table]).name
    if ways[key] is None and (identifying := _identifying(table, ways)):
        ways[key] = MadeKey(identifying)
    return {c.name: ways[c.name] for c in cols}


def _covered(table: str, ways: dict[str, Way | None]) -> tuple[int, float]:
    """How many required columns come from the file's cells, and what share of them."""
    required = [c.name for c in columns(RECORD_TYPES[table]) if c.required]
    found = sum(isinstance(ways[c], FromHeader | Lookup | EnrollmentOf) for c in required)
    return found, found / len(required)


def suggest_tables(frame: pl.DataFrame, known: Known = NOTHING_KNOWN) -> tuple[str, ...]:
    """The record type the file most looks like (most required columns found in it); with
    enrollments of people the database does not hold, participants too: a new enrollment's
    person is loaded with it (never a stored person, whose other columns it would empty)."""
    head = frame.head(500)  # the first rows tell the type; labels are counted on the whole
    scores = {t: _covered(t, suggest_ways(head, t, known)) for t in RECORD_TYPES}
    best = max(scores, key=lambda t: scores[t])
    if scores[best][0] == 0:
        return ()
    who = suggest_ways(head, best, known).get("participant_id")
    if best == "enrollments" and isinstance(who, FromHeader) and \
            not stored(head, who.header, known.participant_ids):
        return "participants", "enrollments"
    return (best,)


def suggest_dates(frame: pl.DataFrame, headers: Iterable[str]) -> SlashedDates:
    """The one order the slashed dates of these headers fit together, or None (none slashed,
    none past 12, or both kinds: the analyst must say)."""
    cells = [frame.get_column(h) for h in dict.fromkeys(headers) if h in frame.columns]
    if not cells:
        return None
    every = pl.concat(cells).drop_nulls()
    return settled_order(every.filter(every.str.strip_chars().str.contains(SLASHED)))


def record_mapping(frame: pl.DataFrame, table: str, ways: dict[str, Way | None]
                   ) -> RecordMapping:
    """The record's ways, and a code for each label of its enum columns that is not already a
    code the contract reads and has a suggestion."""
    cols = {c.name: c for c in columns(RECORD_TYPES[table])}
    labels = []
    for name, way in ways.items():
        if cols[name].kind == "enum" and isinstance(way, FromHeader):
            pairs = tuple((s.label, s.code) for s in suggest_labels(frame, way.header, cols[name])
                          if s.code and as_code(s.label) != s.code)
            if pairs:
                labels.append((name, pairs))
    return RecordMapping(table, tuple((c, w) for c, w in ways.items() if w is not None),
                         tuple(labels))


def suggest_mapping(name: str, frame: pl.DataFrame, known: Known = NOTHING_KNOWN) -> Mapping:
    """A whole mapping to start the step from: the record types (people and episodes from the
    rows that open one), their ways and labels, the order of slashed dates, and the headers
    that recognise this source next time."""
    opening = intake_rows(frame)  # people and their episodes come from the rows opening one
    records = tuple(replace(record_mapping(frame, t, suggest_ways(frame, t, known)),
                            rows=opening if t in ("participants", "enrollments") else None)
                    for t in suggest_tables(frame, known))
    used = {h for r in records for _, w in r.ways for h in uses(w)}
    return Mapping(name, records, tuple(h for h in frame.columns if h in used),
                   suggest_dates(frame, [h for r in records for h in _days(r)]))


def _days(record: RecordMapping) -> list[str]:
    """The headers a record reads dates from: its date columns', and enrollments' days."""
    kinds = {c.name: c.kind for c in columns(RECORD_TYPES[record.table])}
    return [w.on if isinstance(w, EnrollmentOf) else w.header for c, w in record.ways
            if isinstance(w, EnrollmentOf) or (isinstance(w, FromHeader) and kinds[c] == "date")]


__all__ = ["Known", "LabelCount", "code_for", "headed", "record_mapping",
           "suggest_dates", "suggest_labels", "suggest_mapping", "suggest_tables",
           "suggest_ways", "uses"]

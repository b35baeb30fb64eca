"""Source mappings kept in the dashboard's own records (source_mappings), by the source's name,
as their TOML text: saved from the Upload page or the command line, and used again at once for
a later file whose headers include all of a mapping's `recognise` headers (docs/MAPPING.md).
Saving or forgetting one is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from access.audit import MAPPINGS, record
from ingest.mapping import Mapping, MappingError, parse_mapping
from store.connection import Target
from store.own import own_connection, own_transaction


@dataclass(frozen=True)
class SavedMapping:
    name: str
    text: str  # its TOML, as saved
    recognise: tuple[str, ...]
    saved_by: str
    saved_at: datetime

    @property
    def mapping(self) -> Mapping:
        return parse_mapping(self.text)


def saved_mappings(target: Target) -> list[SavedMapping]:
    """Every saved mapping, by name."""
    with own_connection(target) as con:
        rows = con.execute("select name, text, recognise, saved_by, saved_at "
                           "from source_mappings order by name").fetchall()
    return [SavedMapping(name, text, tuple(recognise), by, at)
            for name, text, recognise, by, at in rows]


def save_mapping(target: Target, text: str, who: str, role: str) -> Mapping:
    """Save a mapping's TOML under its name (replacing the one of that name). A file that is
    not a mapping raises MappingError with its sentence, and nothing is saved; so does one
    with no `recognise` headers, which no later file could be matched to."""
    mapping = parse_mapping(text)
    if not mapping.recognise:
        raise MappingError(f"The mapping {mapping.name!r} has no recognise = [...] headers, so "
                           "no file could be recognised as this source's. Add the headers "
                           "every export of it has, e.g. recognise = [\"Client ID\", "
                           "\"Date of Service\"], and save it again.")
    with own_transaction(target) as cur:
        replaced = cur.execute("select count(*) from source_mappings where name = ?",
                               [mapping.name]).fetchall()[0][0]
        cur.execute("insert or replace into source_mappings values ($name, $text, $recognise, "
                    "current_timestamp, $who)", {"name": mapping.name, "text": text,
                                                 "recognise": list(mapping.recognise),
                                                 "who": who})
        record(cur, who, role, MAPPINGS, f"source mapping {mapping.name!r} "
               f"{'changed' if replaced else 'saved'}")
    return mapping


def forget_mapping(target: Target, name: str, who: str, role: str) -> bool:
    """Delete a saved mapping; False if there was none of that name. Imports made through it
    keep its text in their archive (Import history)."""
    with own_transaction(target) as cur:
        gone = cur.execute("delete from source_mappings where name = ? returning name",
                           [name]).fetchall()
        if gone:
            record(cur, who, role, MAPPINGS, f"source mapping {name!r} forgotten")
    return bool(gone)

"""Read, check and dry-run an upload: every problem, and what a load would change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import duckdb
import polars as pl

from ingest.cast import SlashedDates
from ingest.check import Checked, check_table, file_problem, no_problems
from ingest.limits import Limits
from ingest.lookups import resolve_lookups
from ingest.mapping import Mapping
from ingest.parts import CELLS, Reading
from ingest.plan import Plan, plan_table
from ingest.read import read_upload
from ingest.refs import after_leaving, check_references, check_stored_children
from records.columns import columns
from records.models import RECORD_TYPES
from store.connection import Target, connection_of
from store.versions import data_version

Policy = Literal["all_or_nothing", "valid_rows"]
POLICY: dict[Policy, str] = {  # each as the Upload page offers it and Import history shows it
    "all_or_nothing": "All or nothing: load only if every row is valid",
    "valid_rows": "Load the valid rows; keep the rejected ones in quarantine"}
ORDERS = {"mdy": "month/day/year", "dmy": "day/month/year"}
Progress = Callable[[float, str], object]  # what it returns is ignored


@dataclass(frozen=True)
class Options:
    slashed: SlashedDates = None  # the order of M/D/YYYY or D/M/YYYY dates, if any
    policy: Policy = "all_or_nothing"
    chosen: str | None = None  # the record type of files whose name does not say it
    today: date | None = None  # for rules about the future; the day of the load if None
    limits: Limits = field(default_factory=Limits)  # how much one upload may hold (settings)
    hidden_sheets: bool = False  # read a workbook's hidden sheets too
    mapping: Mapping | None = None  # the source mapping every file is read through
    saved: tuple[Mapping, ...] = ()  # else: saved mappings, each for the files it recognises


@dataclass
class Prepared:
    """An upload read, checked and compared with the database; nothing written yet."""

    files: list[tuple[str, bytes]]
    options: Options
    reading: Reading
    checked: dict[str, Checked] = field(default_factory=dict)
    plans: dict[str, Plan] = field(default_factory=dict)
    problems: pl.DataFrame = field(default_factory=no_problems)
    version: int = 0  # the data version checked against: a load refuses if it has moved
    unloadable: list[tuple[str, str]] = field(default_factory=list)  # (source, why)

    def summary(self) -> pl.DataFrame:
        """Per record type: rows read, new, changed, unchanged, rejected."""
        return pl.DataFrame([p.counts() for p in self.plans.values()],
                            schema={"record type": pl.String, "read": pl.Int64,
                                    "new": pl.Int64, "changed": pl.Int64,
                                    "unchanged": pl.Int64, "rejected": pl.Int64})

    def changes(self) -> int:
        return sum(p.new + p.changed for p in self.plans.values())

    def refusal(self) -> str | None:
        """Why this upload may not be loaded under its policy, or None if it may."""
        rejected = sum(p.rejected for p in self.plans.values())
        if self.reading.errors:
            (source, why), more = self.reading.errors[0], len(self.reading.errors) - 1
            return (f"The upload cannot be read as it is. {source}: {why} Nothing was loaded"
                    + (f"; see the problems listed for {more} more." if more else "."))
        if over := [t for t, c in self.checked.items() if c.capped]:
            limit = self.options.limits.problems
            return (f"The {', '.join(over)} rows have more than {limit:,} problems, the limit "
                    "listed (setting PEERDASH_UPLOAD_MAX_PROBLEMS), so nothing was loaded. The "
                    "first are listed: check that the file is the right export, fix it and "
                    "upload it again.")
        if self.unloadable:
            source, why = self.unloadable[0]
            more = len(self.unloadable) - 1
            return (f"{source}: {why} Nothing was loaded"
                    + (f"; {more} other file{'s' * (more != 1)} also hold nothing that can "
                       "load (see the problems listed)." if more else "."))
        if rejected and self.options.policy == "all_or_nothing":
            rows = "1 row has" if rejected == 1 else f"{rejected:,} rows have"
            them = "it" if rejected == 1 else "them"
            return (f"{rows} problems, so nothing was loaded. Fix {them} and upload again, or "
                    "choose to load the valid rows and quarantine the rest.")
        if not self.plans:
            return "The upload holds no rows. Nothing was loaded."
        return None


def _combine(reading: Reading) -> dict[str, pl.DataFrame]:
    """The parts of each record type together, in load order, so keys are unique across
    files."""
    frames: dict[str, list[pl.DataFrame]] = {}
    for part in reading.parts:
        frames.setdefault(part.table, []).append(part.frame)
    return {t: pl.concat(frames[t], how="diagonal") for t in RECORD_TYPES if t in frames}


def _with_mapped(checked: Checked, reading: Reading) -> None:
    """The mapping's problems of this record type's cells in place of the checks' own on the
    same cells (a name no worker has is not also "no such worker"). Run again after the
    references are checked: the same problems result."""
    parts = [p for p in reading.parts if p.table == checked.table]
    mapped = pl.concat([no_problems(), *(p.problems for p in parts)])
    told = pl.concat([mapped.select(*CELLS), *(p.told for p in parts)])
    if told.height:
        checked.problems = pl.concat([mapped, checked.problems.join(
            told, on=list(CELLS), how="anti")])


def _unloadable(reading: Reading) -> list[tuple[str, str]]:
    """Files none of whose rows can load: no rows at all, or no column for a required field.
    Each refuses the upload: a scheduled load must never drop an export quietly."""
    found = []
    for part in reading.parts:
        cols = columns(RECORD_TYPES[part.table])
        missing = [c.name for c in cols if c.required and c.name not in part.frame.columns]
        if missing:
            headers = ", ".join(repr(h) for h in part.headers if h.strip()) or "none"
            found.append((part.source, f"The {part.table} file has no column for "
                          f"{', '.join(missing)} (required), so none of its rows can load. "
                          f"Columns expected: {', '.join(c.name for c in cols)}; found: "
                          f"{headers}. Check that the file is an export of {part.table} (or "
                          "choose its record type); if it comes from another system, read it "
                          "through a source mapping of its columns (docs/MAPPING.md)."))
        elif part.frame.height == 0:
            found.append((part.source, f"The {part.table} file holds no rows: only a header "
                          "line. Export it again with its rows, or leave it out."))
    return found


def _compare(cur: duckdb.DuckDBPyConnection, prepared: Prepared, say: Progress) -> None:
    """References, the stored rows that depend on the upload, and the dry run's plans."""
    prepared.version = data_version(cur)
    limit = prepared.options.limits.problems
    for i, (table, checked) in enumerate(prepared.checked.items()):
        say(0.6 + 0.4 * i / len(prepared.checked), f"Comparing {table} with the database…")
        checked.problems = pl.concat([checked.problems,
                                      check_references(cur, prepared.checked, table, limit),
                                      check_stored_children(cur, prepared.checked, table)])
        _with_mapped(checked, prepared.reading)
        rejected = checked.problems.select("source", "row").unique().height
        prepared.plans[table] = plan_table(cur, table, checked.valid(), checked.rows.height,
                                           rejected)
    if late := after_leaving(cur, prepared.checked):
        prepared.reading.notes.append(("contacts", late))


def prepare(target: Target, files: list[tuple[str, bytes]],
            options: Options = Options(), progress: Progress | None = None) -> Prepared:
    """Read, check and dry-run; never writes. `progress(fraction, what)` is told each step."""
    say = progress or (lambda _f, _w: None)
    say(0.0, "Reading the files…")
    reading = read_upload(files, options.chosen, options.limits, options.hidden_sheets,
                          options.mapping, options.saved)
    prepared = Prepared(files, options, reading)
    today = options.today or date.today()
    if any(part.pending for part in reading.parts):
        with connection_of(target).cursor() as cur:
            resolve_lookups(cur, reading)
    tables = _combine(reading)
    for i, (table, raw) in enumerate(tables.items()):
        say(0.1 + 0.5 * i / len(tables), f"Checking {table} ({raw.height:,} rows)…")
        checked = prepared.checked[table] = check_table(table, raw, options.slashed, today,
                                                        options.limits.problems)
        _with_mapped(checked, reading)
        reading.notes += [(table, f"Slashed dates in {column} read as {ORDERS[order]}: every "
                                  "one of them fits only that order.")
                          for column, order in checked.orders.items()]
        if n := checked.repeats.height:
            first = checked.repeats.row(0)
            reading.notes.append((table, f"{n:,} row{'s' * (n != 1)} repeat{'s' * (n == 1)} "
                                  "an earlier row exactly (every column the same), so each is "
                                  f"read once; the first is row {first[1]:,} of {first[0]}."))
    with connection_of(target).cursor() as cur:
        _compare(cur, prepared, say)
    prepared.unloadable = _unloadable(reading)
    errors = [file_problem(s, m) for s, m in reading.errors + prepared.unloadable]
    prepared.problems = pl.concat([no_problems(), *errors,
                                   *(c.problems for c in prepared.checked.values())]
                                  ).sort("source", "row", maintain_order=True
                                         ).head(options.limits.problems)
    say(1.0, "Checked.")
    return prepared

"""A form is an import of one record: what a form saves is written as a one-row CSV and goes
through the same service as an uploaded file (ingest.pipeline.prepare, then ingest.load.load):
the same checks, the same published-version write, a row in Import history that can be undone,
and an audit row naming the form ("form: supervision session") and who saved it. A ProQOL 5
check-in is scored here (metrics.proqol) and only its three raw sums are written."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from access.audit import record
from access.roles import FILLS_OWN_CHECKIN, LOGS_RECORDS
from ingest.load import LoadRefused, load
from ingest.pipeline import Options, Prepared, prepare
from metrics.proqol import ANSWERS, ITEMS, score, unanswered
from records.columns import columns, key_column
from records.models import RECORD_TYPES
from store.published import WRITER_WAIT, Unchanged, writing

WHOLE = ""  # the field of a problem about the entry as a whole


@dataclass(frozen=True)
class Form:
    """A record type a form logs, and what the form is called in Import history and audit."""

    table: str
    what: str  # "supervision session": audited as "form: supervision session"

    @property
    def file_name(self) -> str:
        """The archived file's name in Import history (a colon is no file name's)."""
        return f"form {self.what}.csv"


FORMS: dict[str, Form] = {f.table: f for f in (Form("supervision", "supervision session"),
                                               Form("incidents", "critical incident"),
                                               Form("wellbeing", "wellbeing check-in"))}
CHOICES = ", ".join(ANSWERS.values())  # "Never, Rarely, Sometimes, Often, Very often"


@dataclass
class Saved:
    """What became of a form: the import it made, or its problems per field (nothing saved)."""

    key: str  # the record's generated key
    import_id: int | None = None
    problems: dict[str, list[str]] = field(default_factory=dict)  # field -> sentences
    values: dict[str, object] = field(default_factory=dict)  # the record as written

    @property
    def saved(self) -> bool:
        return self.import_id is not None


def new_key() -> str:
    """A key no export uses: 'U-' and 12 hex digits of a random UUID (1 in 2^48 to repeat)."""
    return f"U-{uuid.uuid4().hex[:12]}"


def one_row_csv(table: str, values: Mapping[str, object]) -> bytes:
    """The entry as the CSV an export would hold: the record type's columns, one row, empty
    where a value is None."""
    names = [c.name for c in columns(RECORD_TYPES[table])]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    writer.writerow(["" if values.get(n) is None else str(values[n]) for n in names])
    return out.getvalue().encode("utf-8")


def problems_by_field(prepared: Prepared) -> dict[str, list[str]]:
    """Each problem in the checks' own words, by the field it is about (WHOLE if none)."""
    found: dict[str, list[str]] = {}
    for column, problem, accepted in prepared.problems.select(
            "column", "problem", "accepted").iter_rows():
        text = problem if not accepted or accepted in problem else f"{problem} ({accepted})"
        found.setdefault(column or WHOLE, []).append(text)
    if not found and (reason := prepared.refusal()):
        found[WHOLE] = [reason]
    return found


def _outside(prepared: Prepared, programs: frozenset[str],
             cur: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """A worker of a program not the person's: refused as the worker field's problem."""
    rows = prepared.checked[next(iter(prepared.checked))].valid()
    if rows.height == 0 or "worker_id" not in rows.columns:
        return {}
    worker = rows["worker_id"][0]
    found = cur.execute("select program_id from workers where worker_id = $w",
                        {"w": worker}).fetchall()
    if found and found[0][0] in programs:
        return {}
    return {"worker_id": [f"{worker} is not a worker of your programs: you may log only for "
                          "the workers of the programs you are given."]}


def role_refusal(role: str, table: str, worker_id: object = None,
                 own: str | None = None) -> dict[str, list[str]]:
    """A role that does not log (access.roles.LOGS_RECORDS), refused in a sentence; else none.
    A peer worker (FILLS_OWN_CHECKIN) logs one thing: a check-in of their own (`own`)."""
    what = FORMS[table].what
    if role in LOGS_RECORDS:
        return {}
    if role in FILLS_OWN_CHECKIN and table == "wellbeing":
        if own is not None and worker_id == own:
            return {}
        return {WHOLE: ["A peer worker may record only their own check-in, and this one is "
                        f"for {worker_id}."]}
    return {WHOLE: [f"The {role} role may not log a {what}: only a supervisor of the worker's "
                    "program or an analyst may."]}


def log_record(base: Path, table: str, values: Mapping[str, object], who: str, role: str,
               programs: frozenset[str], *, own: str | None = None, today: date | None = None,
               wait: float = WRITER_WAIT) -> Saved:
    """Check and load one record as an import by `who`, into the database's next version;
    `programs` are those whose workers the person may log for (`own`: the worker a peer
    worker is). Refused (nothing written): the problems per field."""
    form = FORMS[table]
    key = new_key()
    row = {**values, key_column(RECORD_TYPES[table]).name: key}
    saved = Saved(key, values=row)
    if refused := role_refusal(role, table, values.get("worker_id"), own):
        saved.problems = refused
        return saved
    files = [(form.file_name, one_row_csv(table, row))]
    options = Options(chosen=table, today=today)
    with writing(base, wait) as store:  # published only if the load commits
        prepared = prepare(store, files, options)
        saved.problems = problems_by_field(prepared)
        if not saved.problems:
            with store.con.cursor() as cur:
                saved.problems = _outside(prepared, programs, cur)
        if saved.problems:
            raise Unchanged
        try:
            saved.import_id = load(store, prepared, who, audit=lambda cur, i: record(
                cur, who, role, "import", f"form: {form.what}: import {i}, {table} {key} "
                f"for {row.get('worker_id')}"))
        except LoadRefused as error:
            saved.problems = {WHOLE: [str(error)]}
            raise Unchanged from error
    return saved


def log_checkin(base: Path, worker_id: str, checkin_on: date, answers: Sequence[int | None],
                hours_per_week: float | None, who: str, role: str, programs: frozenset[str],
                *, own: str | None = None, today: date | None = None,
                wait: float = WRITER_WAIT) -> Saved:
    """A ProQOL 5 check-in (30 answers, item 1 first, each 1-5) scored and logged as
    log_record does: the record holds the three raw sums, never the answers. Refused (nothing
    written): each unanswered item under its own field ('item_7'), a day after today."""
    if refused := role_refusal(role, "wellbeing", worker_id, own):
        return Saved(new_key(), problems=refused)
    problems = {f"item_{n}": [f"Item {n} has no answer: choose one of {CHOICES}."]
                for n in unanswered(answers)}
    if len(answers) > len(ITEMS):
        problems[WHOLE] = [f"The ProQOL 5 has {len(ITEMS)} items; {len(answers)} answers "
                           "were given."]
    day = today or date.today()
    if checkin_on > day:  # its questions ask about the 30 days before it
        problems["checkin_on"] = [f"checkin_on ({checkin_on}) is in the future (a date up to "
                                  f"{day}): the questions ask about the last 30 days"]
    if problems:
        return Saved(new_key(), problems=problems)
    values = {"worker_id": worker_id, "checkin_on": checkin_on,
              **score([a for a in answers if a is not None]).columns(),
              "hours_per_week": hours_per_week}
    return log_record(base, "wellbeing", values, who, role, programs, own=own, today=today,
                      wait=wait)

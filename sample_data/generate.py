"""Write a sample database: deterministic for a seed, a scale and an as-of day.

Vectorised throughout; rows are made and loaded a chunk of enrollments at a time, so memory
stays bounded at the benchmark scales (100k and 500k enrollments). The file is written
beside its destination and moved into place only when complete.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

from records.columns import columns, polars_schema
from records.models import RECORD_TYPES
from sample_data.care import appointment_rows
from sample_data.contacts import contact_rows
from sample_data.engagement import WINDOW
from sample_data.interviews import SUPRT_FROM, interview_rows
from sample_data.logged import incident_rows, supervision_rows
from sample_data.names import PROGRAM_PROFILES, generic_profile
from sample_data.outcomes import event_rows
from sample_data.people import RETURNING, enrollments, participants
from sample_data.staff import add_supervisors, make_programs, make_workers, primary_workers
from sample_data.strain import wellbeing_rows
from store.schema import create_schema
from store.summaries import refresh_summaries
from store.versions import bump_data_version

CHUNK = 25_000  # enrollments expanded into rows at a time: bounds memory at any scale
DEFAULT_SEED, DEFAULT_ENROLLMENTS = 7, 3000
ID_PREFIX = {"enrollments": "E", "contacts": "C", "appointments": "A", "assessments": "S",
             "events": "V", "wellbeing": "K", "supervision": "U", "incidents": "I"}


@dataclass(frozen=True)
class Scale:
    seed: int = DEFAULT_SEED
    enrollments: int = DEFAULT_ENROLLMENTS
    as_of: date | None = None  # the data's last day; today when not given


class Writer:
    """Turns generator frames (with day numbers and row indexes) into contract rows."""

    def __init__(self, con: duckdb.DuckDBPyConnection, start: date, enr: pl.DataFrame,
                 workers: pl.DataFrame) -> None:
        self.con, self.start, self.next_id = con, start, dict.fromkeys(ID_PREFIX, 0)
        self.enrollment_id = enr.sort("day", "idx").with_row_index("n").select(
            pl.col("idx").alias("enr"),
            enrollment_id=pl.format("E{}", (pl.col("n") + 1).cast(pl.String).str.zfill(7)))
        self.worker_id = workers.select(pl.col("idx").alias("worker"), "worker_id")

    def date(self, column: str) -> pl.Expr:
        return pl.lit(self.start) + pl.duration(days=pl.col(column))

    def write(self, table: str, frame: pl.DataFrame) -> None:
        model = RECORD_TYPES[table]
        schema = polars_schema(model)
        if "enr" in frame.columns:
            frame = frame.join(self.enrollment_id, on="enr", how="left", maintain_order="left")
        if "worker" in frame.columns:
            frame = frame.join(self.worker_id, on="worker", how="left", maintain_order="left")
        frame = frame.with_columns(pl.lit(c.default).alias(c.name) for c in columns(model)
                                   if c.default is not None and c.name not in frame.columns)
        if table in ID_PREFIX and table != "enrollments":
            key, first = next(iter(schema)), self.next_id[table]
            frame = frame.sort("enrollment_id" if "enr" in frame.columns else "worker", "day",
                               maintain_order=True)
            frame = frame.with_columns(pl.format(
                ID_PREFIX[table] + "{}",
                (pl.int_range(first + 1, first + frame.height + 1)).cast(pl.String).str.zfill(9),
            ).alias(key))
            self.next_id[table] += frame.height
        rows = frame.select([pl.col(c).cast(t) for c, t in schema.items()])  # noqa: F841 (read by the SQL)
        with self.con.cursor() as cur:
            cur.execute(f"insert into {table} by name select * from rows")


def generate(path: Path, scale: Scale = Scale()) -> dict[str, int]:
    """Write the sample database to `path` and return its row count per table."""
    as_of = scale.as_of or date.today()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        counts = _fill(con, as_of, scale)
    finally:
        con.close()
    os.replace(tmp, path)
    return counts


def _date_columns(frame: pl.DataFrame, writer: Writer, **days: str) -> pl.DataFrame:
    return frame.with_columns(
        pl.when(pl.col(day).is_not_null()).then(writer.date(day)).alias(name)
        for name, day in days.items())


def _fill(con: duckdb.DuckDBPyConnection, as_of: date, scale: Scale) -> dict[str, int]:
    create_schema(con)
    start = as_of - timedelta(days=WINDOW)
    rng = np.random.default_rng(scale.seed)
    programs, share = make_programs(scale.enrollments, rng)
    program_ids = programs["program_id"].to_list()
    workers = make_workers(share, program_ids, scale.enrollments, WINDOW, rng)
    workers = add_supervisors(workers, len(program_ids), program_ids, rng)
    mixes = [(PROGRAM_PROFILES[i] if i < 6 else generic_profile(i)).referral_mix
             for i in range(len(program_ids))]
    people = participants(round(scale.enrollments / (1 + RETURNING)), as_of.year, rng)
    enr, rec = enrollments(scale.enrollments, people, share, mixes, rng)
    enr = enr.with_columns(stop_day=pl.col("discharged_day").fill_null(WINDOW))
    enr = primary_workers(enr, workers, rng, WINDOW)
    writer = Writer(con, start, enr, workers)
    writer.write("programs", programs)
    writer.write("workers", _date_columns(
        workers.with_columns(pl.when(pl.col("left_day") >= 0).then("left_day").alias("left")),
        writer, hired_on="hired_day", left_on="left"))
    writer.write("participants", people)
    writer.write("enrollments", _date_columns(
        enr.join(people.select("person", "participant_id"), on="person", maintain_order="left")
        .with_columns(pl.Series("program_id", np.array(program_ids)[enr["program_idx"]]),
                      worker=pl.col("worker_idx"), enr=pl.col("idx")),
        writer, enrolled_on="day", discharged_on="discharged_day"))
    overdoses = []
    for i, chunk in enumerate(enr.iter_slices(CHUNK)):
        crng = np.random.default_rng([scale.seed, i])
        events = event_rows(chunk, rec, crng)
        writer.write("contacts", _date_columns(contact_rows(chunk, crng), writer,
                                               contact_on="day"))
        writer.write("appointments", _date_columns(appointment_rows(chunk, crng), writer,
                                                   scheduled_on="day"))
        interviews = interview_rows(chunk, events, rec, crng, (SUPRT_FROM - start).days)
        writer.write("assessments", _date_columns(interviews, writer, assessed_on="day"))
        writer.write("events", _date_columns(events, writer, event_on="day"))
        overdoses.append(events.filter(pl.col("event_type").str.starts_with("overdose")))
    checkins = wellbeing_rows(workers, enr, pl.concat(overdoses), rng)
    writer.write("wellbeing", _date_columns(checkins, writer, checkin_on="day"))
    writer.write("supervision", _date_columns(supervision_rows(checkins, workers), writer,
                                              held_on="day"))
    writer.write("incidents", _date_columns(
        incident_rows(checkins, workers, np.random.default_rng([scale.seed, 1_000_000])), writer,
        occurred_on="day"))
    bump_data_version(con, f"sample data: seed {scale.seed}, {scale.enrollments} enrollments, "
                           f"as of {as_of}")
    with con.cursor() as cur:
        refresh_summaries(cur)
        return {t: cur.execute(f"select count(*) from {t}").fetchall()[0][0]
                for t in RECORD_TYPES}

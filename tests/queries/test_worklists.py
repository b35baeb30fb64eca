"""The worklists on hand-built databases: an acknowledged flag stays acknowledged when the
database is opened again and comes back when burnout rises at a check-in imported through
ingest; a recorded attempt reorders the call list and is audited; the open enrollments of a
worker who left are listed for reassignment; funders can neither read nor write any of it."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

import ui.data as store
from access.viewer import NotAllowed, Viewer
from access.worklists import NoteRefused, acknowledge, record_attempt
from ingest.undo import undo
from queries.admin import audit_trail
from queries.aftercare import awaiting
from queries.attention import Thresholds
from queries.scope import Every, Scope, program_params
from queries.triage import flag_states, triage
from queries.workforce import workforce_frames
from queries.worklists import call_list
from store.connection import connect
from store.database import Database
from store.lake import export_parquet, lake_database
from tests.ingest.conftest import upload
from tests.queries.fixtures import D, add, enroll

SUPERVISOR = Viewer("sam@example.org", "supervisor", ("p1",), signed_in=True)
FUNDER = Viewer("fay@example.org", "funder", None, signed_in=True)
TODAY = D("2026-07-01")  # the day the supervisor works the list
CHECKINS = "checkin_id,worker_id,checkin_on,proqol_cs,proqol_bo,proqol_sts\n"


def states(db: Database, end: str, today: date = TODAY) -> dict[str, str]:
    """W1's flags judged on `end`, each rule's state against the acknowledgements."""
    frames = workforce_frames(db, Scope(("p1",), D("2026-01-01"), D(end)), Thresholds())
    acks = db.frame("flag_acknowledgements", **program_params(("p1",)))
    found = flag_states(frames.flags.filter(pl.col("worker_id") == "W1"), acks, today)
    return dict(zip(found["rule"], found["state"], strict=True))


@pytest.fixture
def burnt(fresh_db: Database) -> Database:
    """W1's burnout 38 on 15 May, then 43 on 15 June: high (≥ 42) and rising (by 5 ≥ 5)."""
    add(fresh_db, "programs", program_id="p1")
    add(fresh_db, "workers", worker_id="W1", program_id="p1", display_name="Ana R.")
    for cid, day, bo in (("k1", "2026-05-15", 38), ("k2", "2026-06-15", 43)):
        add(fresh_db, "wellbeing", checkin_id=cid, worker_id="W1", checkin_on=D(day),
            proqol_cs=40, proqol_bo=bo, proqol_sts=20, supervision_minutes=90)
    return fresh_db


def test_an_acknowledged_flag_survives_a_reload_and_returns_when_burnout_rises(burnt):
    assert states(burnt, "2026-06-30") == {"High burnout": "not yet acknowledged",
                                           "Burnout rising": "not yet acknowledged"}
    for rule in ("High burnout", "Burnout rising"):
        acknowledge(burnt, SUPERVISOR, "W1", rule, 43.0, "Talked on 1 July; leave booked",
                    None, TODAY)
    burnt.con.close()
    reopened = Database(connect(burnt.path), burnt.path)  # as the app does after a restart
    assert states(reopened, "2026-06-30") == {"High burnout": "acknowledged",
                                              "Burnout rising": "acknowledged"}
    # a check-in at 43 again, imported: not worse, still acknowledged (rising no longer fires)
    upload(reopened, [("wellbeing.csv", (CHECKINS + "k3,W1,2026-07-10,40,43,20\n").encode())])
    assert states(reopened, "2026-07-15") == {"High burnout": "acknowledged"}
    # 43 -> 48: worse by 5 points (and rising by 5 again), so both come back
    second = upload(reopened, [("wellbeing.csv",
                                (CHECKINS + "k4,W1,2026-07-20,40,48,20\n").encode())])
    assert states(reopened, "2026-07-31") == {"High burnout": "back: worse",
                                              "Burnout rising": "back: worse"}
    # the acknowledgements are the dashboard's own: an undo of the import leaves them
    undo(reopened.con, second, "test analyst")
    assert states(reopened, "2026-07-31") == {"High burnout": "acknowledged"}
    trail = audit_trail(reopened, action="acknowledge", limit=10)
    assert sorted(trail["what"]) == [
        "Burnout rising for worker W1 (figure 43) until it gets worse",
        "High burnout for worker W1 (figure 43) until it gets worse"]
    assert set(trail["who"]) == {"sam@example.org"}
    reopened.con.close()


def test_a_snoozed_flag_returns_when_its_day_comes_and_a_new_one_is_marked_new(burnt):
    acknowledge(burnt, SUPERVISOR, "W1", "High burnout", 43.0, "Away until mid-July",
                D("2026-07-14"), TODAY)
    seen = states(burnt, "2026-06-30")
    assert seen["High burnout"] == "snoozed"
    assert seen["Burnout rising"] == "new", "not acknowledged, though W1 was looked at"
    assert states(burnt, "2026-06-30", today=D("2026-07-14"))["High burnout"] == \
        "back: date passed"
    ranked = triage(flag_states(workforce_frames(
        burnt, Scope(("p1",), D("2026-01-01"), D("2026-06-30")), Thresholds()).flags,
        burnt.frame("flag_acknowledgements", **program_params(Every.ALL)), TODAY))
    # only the rising flag waits: its weight (4) alone, and one chip with the figure
    assert ranked.select("severity", "chips", "acknowledged", "new").row(0) == (
        4, ["Burnout 43 ↑5"], ["Burnout 43 · until 14 Jul 2026"], 1)


def test_an_acknowledgement_without_a_note_or_with_a_past_day_is_refused(burnt):
    with pytest.raises(NoteRefused, match="Write a note"):
        acknowledge(burnt, SUPERVISOR, "W1", "High burnout", 43.0, "  ", None, TODAY)
    with pytest.raises(NoteRefused, match="must end after today"):
        acknowledge(burnt, SUPERVISOR, "W1", "High burnout", 43.0, "x", TODAY, TODAY)
    elsewhere = Viewer("sue@example.org", "supervisor", ("p2",), signed_in=True)
    with pytest.raises(NotAllowed, match="program you do not supervise"):
        acknowledge(burnt, elsewhere, "W1", "High burnout", 43.0, "x", None, TODAY)
    assert burnt.frame("flag_acknowledgements", **program_params(Every.ALL)).height == 0


END = "2026-06-30"


@pytest.fixture
def discharged(fresh_db: Database) -> Database:
    """Four discharges in the 30 days to 30 June, none followed up: E1 25 days ago, E2 20,
    E3 10, each with nothing booked, and E4 20 days ago with an appointment on 3 July."""
    add(fresh_db, "programs", program_id="p1", program_name="Harbor")
    add(fresh_db, "workers", worker_id="W1", program_id="p1", display_name="Ana R.")
    for eid, gone in (("E1", "2026-06-05"), ("E2", "2026-06-10"), ("E3", "2026-06-20"),
                      ("E4", "2026-06-10")):
        enroll(fresh_db, eid, "p1", "W1", "2026-01-05", gone, "completed")
    add(fresh_db, "appointments", appointment_id="A4", enrollment_id="E4",
        scheduled_on=D("2026-07-03"), status="scheduled")
    return fresh_db


def calls(db: Database) -> pl.DataFrame:
    scope = Scope(("p1",), D("2026-01-01"), D(END))
    return call_list(awaiting(db, scope), db.frame("followup_attempts", **program_params(("p1",)),
                                                   worklist="aftercare"))


def test_a_recorded_attempt_reorders_the_call_list_and_is_audited(discharged):
    first = calls(discharged)
    # past day 7 and unbooked first (E1, E2, E3 by days since), then E4 (booked)
    assert first["enrollment_id"].to_list() == ["E1", "E2", "E3", "E4"]
    assert first["next_appointment"].to_list() == ["Not booked"] * 3 + ["3 Jul 2026"]
    assert first["last_attempt"].to_list() == ["None yet"] * 4
    record_attempt(discharged, SUPERVISOR, "E1", "aftercare", TODAY, "no_answer",
                   "Rang twice", TODAY)
    # E1 was tried; the untried E2 and E3 are called first now
    second = calls(discharged)
    assert second["enrollment_id"].to_list() == ["E2", "E3", "E1", "E4"]
    assert second.filter(pl.col("enrollment_id") == "E1")["last_attempt"].to_list() == [
        "No answer, 1 Jul 2026"]
    record_attempt(discharged, SUPERVISOR, "E2", "aftercare", TODAY, "reached", "", TODAY)
    record_attempt(discharged, SUPERVISOR, "E1", "aftercare", TODAY, "left_message", "",
                   TODAY)
    third = calls(discharged)
    # reached: done calling, last; E1 tried twice now
    assert third["enrollment_id"].to_list() == ["E3", "E1", "E4", "E2"]
    assert third.filter(pl.col("enrollment_id") == "E1")["last_attempt"].to_list() == [
        "Left message, 1 Jul 2026 (2 attempts)"]
    trail = audit_trail(discharged, action="follow_up", limit=10)
    assert "No answer on 2026-07-01 for enrollment E1 (the call list)" in set(trail["what"])
    assert trail.height == 3


def test_an_attempt_in_the_future_or_by_a_funder_is_refused(discharged):
    with pytest.raises(NoteRefused, match="after today"):
        record_attempt(discharged, SUPERVISOR, "E1", "aftercare", D("2026-07-02"), "reached",
                       "", TODAY)
    with pytest.raises(NotAllowed):
        record_attempt(discharged, FUNDER, "E1", "aftercare", TODAY, "reached", "", TODAY)
    with pytest.raises(NotAllowed):
        acknowledge(discharged, FUNDER, "W1", "High burnout", 43.0, "x", None, TODAY)
    assert discharged.frame("followup_attempts", **program_params(Every.ALL), worklist="aftercare"
                            ).height == 0


def test_funders_cannot_read_the_dashboards_own_records():
    """The query layer refuses before it opens anything (the path is never read)."""
    scope = Scope(Every.ALL, D("2026-01-01"), D(END))
    with pytest.raises(NotAllowed):
        store.acknowledgements("/nonexistent.duckdb", scope, FUNDER)
    with pytest.raises(NotAllowed):
        store.attempts("/nonexistent.duckdb", scope, "aftercare", FUNDER)
    with pytest.raises(NotAllowed):
        store.reassignment.__wrapped__("/nonexistent.duckdb", 1, scope, FUNDER)


def test_open_enrollments_of_a_worker_who_left_need_reassignment(fresh_db):
    """Worker L left on 15 June with three open enrollments (one discharged before, one
    after); N is hired on 1 July; S is on staff; another program's leaver is not listed."""
    for pid, name in (("p1", "Harbor"), ("p2", "Mesa")):
        add(fresh_db, "programs", program_id=pid, program_name=name)
    add(fresh_db, "workers", worker_id="L", program_id="p1", display_name="Lee L.",
        left_on=D("2026-06-15"))
    add(fresh_db, "workers", worker_id="N", program_id="p1", display_name="Noor N.",
        hired_on=D("2026-07-01"))
    add(fresh_db, "workers", worker_id="S", program_id="p1", display_name="Sam S.")
    add(fresh_db, "workers", worker_id="M", program_id="p2", left_on=D("2026-05-01"))
    for eid in ("L1", "L2", "L3"):
        enroll(fresh_db, eid, "p1", "L", "2026-03-01")
    enroll(fresh_db, "L4", "p1", "L", "2026-03-01", "2026-06-01", "completed")  # closed
    enroll(fresh_db, "L5", "p1", "L", "2026-03-01", "2026-07-15", "completed")  # open on 30th
    enroll(fresh_db, "N1", "p1", "N", "2026-06-20")  # its worker starts in July
    enroll(fresh_db, "S1", "p1", "S", "2026-03-01")
    enroll(fresh_db, "M1", "p2", "M", "2026-03-01")
    rows = fresh_db.frame("needs_reassignment", **program_params(("p1",)), end=D(END))
    assert rows.select("program_name", "enrollment_id", "worker", "days_since_left").rows() == [
        ("Harbor", "L1", "Lee L.", 15), ("Harbor", "L2", "Lee L.", 15),
        ("Harbor", "L3", "Lee L.", 15), ("Harbor", "L5", "Lee L.", 15),
        ("Harbor", "N1", "Noor N.", None)]
    both = fresh_db.frame("needs_reassignment", **program_params(Every.ALL), end=D(END))
    assert both.filter(pl.col("program_name") == "Mesa")["enrollment_id"].to_list() == ["M1"]


def test_a_lake_read_side_keeps_the_dashboards_own_records_beside_it(discharged, tmp_path):
    record_attempt(discharged, SUPERVISOR, "E1", "aftercare", TODAY, "no_answer", "", TODAY)
    acknowledge(discharged, SUPERVISOR, "W1", "High burnout", 43.0, "ok", None, TODAY)
    export_parquet(discharged.con, tmp_path / "lake")
    for table in ("followup_attempts", "flag_acknowledgements"):  # the dashboard's own
        assert not (tmp_path / "lake" / table).exists()
    lake = lake_database(tmp_path / "lake", discharged.path)  # ...kept beside the database
    got = lake.frame("followup_attempts", **program_params(("p1",)), worklist="aftercare")
    assert got.select("enrollment_id", "outcome").rows() == [("E1", "no_answer")]
    acks = lake.frame("flag_acknowledgements", **program_params(Every.ALL))
    assert acks["note"].to_list() == ["ok"]
    lake.con.close()

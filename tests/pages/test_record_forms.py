"""The forms on a worker's detail (issue 35): a supervisor signed in for their program logs a
supervision session and a critical incident, and the page's W4 and W5 change at once; a refused
save shows each problem under its field and keeps what was typed; the entries are imports, in
Import history and the audit trail, and undone there; a supervisor of another program gets no
form, by any address, and the service refuses them too."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from access.viewer import NotAllowed, Viewer
from access.worklists import NoteRefused, keep_session_note
from ingest.forms import log_record
from queries.forms import log_programs, loggable_worker
from tests.conftest import own_rows
from tests.pages.apptest import ROOT, all_text
from tests.pages.worker_forms import DAY, MESA, OTHER, SAM, detail
from ui.data import database

AFTER = date(2026, 11, 25)  # after it, and not in the future


def w4(at: AppTest) -> int:
    """The worker's latest month's individual minutes, as the W4 reading says it."""
    return int(re.search(r"received ([\d,]+) minutes of individual supervision",
                         all_text(at))[1].replace(",", ""))


def w5(at: AppTest) -> int:
    """The worker's critical incidents over the range, as the W5 reading says it."""
    return int(re.search(r"had ([\d,]+) critical incident", all_text(at))[1])


def problems(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def test_a_supervisor_logs_a_session_and_an_incident_and_w4_and_w5_change_at_once(
        monkeypatch, own_db, harbor_worker, sample):
    at = detail(monkeypatch, own_db, SAM, harbor_worker)
    assert not at.exception
    before_minutes, before_incidents = w4(at), w5(at)
    november = sample.execute(
        "select sum(minutes) from supervision where worker_id = $w and kind = 'individual' "
        "and held_on between '2026-11-01' and '2026-11-20'", {"w": harbor_worker[0]}).fetchone()[0]
    assert before_minutes == (november or 0), "the month's logged sessions, as W4 counts"
    at.date_input(key="sup_day").set_value(DAY)
    at.number_input(key="sup_minutes").set_value(30)
    given_by = at.selectbox(key="sup_by").options[1]  # the worker's supervisor, named
    at.selectbox(key="sup_by").select_index(1)
    at.button(key="FormSubmitter:log_supervision-Log supervision session").click().run()
    assert not at.exception
    key = re.search(r"Saved the supervision session as import \d+ \((U-[0-9a-f]{12})\)",
                    at.success[0].value)[1]
    assert w4(at) == before_minutes + 30
    with database(str(own_db)).con.cursor() as cur:
        stored = cur.execute("select worker_id, held_on, minutes, kind, supervisor_id from "
                             "supervision where supervision_id = $k", {"k": key}).fetchall()
    assert stored == [(harbor_worker[0], DAY, 30, "individual", re.search(r"\((\w+)\)$",
                                                                    given_by)[1])]
    at.date_input(key="inc_day").set_value(DAY)
    at.selectbox(key="inc_kind").set_value("violence")
    at.checkbox(key="inc_debriefed").check()
    at.button(key="FormSubmitter:log_incident-Log critical incident").click().run()
    assert not at.exception and "Saved the critical incident" in at.success[0].value
    # Q4 2026 had no incident record for this worker, so its check-ins counted; now the
    # record counts for the quarter instead of them (docs/METRICS.md W5)
    reported = sample.execute(
        "select coalesce(sum(critical_incidents), 0) from wellbeing where worker_id = $w and "
        "checkin_on between '2026-10-01' and '2026-11-20'", {"w": harbor_worker[0]}).fetchone()[0]
    logged = sample.execute("select count(*) from incidents where worker_id = $w and "
                            "occurred_on >= '2026-10-01'", {"w": harbor_worker[0]}).fetchone()[0]
    assert w5(at) == before_incidents - (0 if logged else reported) + 1
    incidents = next(d for d in at.dataframe if "What" in d.value.columns).value
    assert "Violence (logged, debriefed)" in incidents["What"].tolist()
    audit = own_rows(own_db, "select who, role, action, what from audit_log where what like "
                     "'form:%' order by happened_at")
    assert [(w, r, a, t.split(":")[1].strip()) for w, r, a, t in audit] == [
        ("sam@example.org", "supervisor", "import", "supervision session"),
        ("sam@example.org", "supervisor", "import", "critical incident")]


def test_a_refused_save_shows_each_problem_under_its_field_and_keeps_what_was_typed(
        monkeypatch, own_db, harbor_worker):
    at = detail(monkeypatch, own_db, SAM, harbor_worker)
    tomorrow = date.today() + timedelta(days=1)
    at.date_input(key="sup_day").set_value(tomorrow)
    at.number_input(key="sup_minutes").set_value(0)
    at.radio(key="sup_kind").set_value("group")
    at.button(key="FormSubmitter:log_supervision-Log supervision session").click().run()
    assert not at.exception
    assert problems(at) == [
        f"held_on ({tomorrow.isoformat()}) is in the future (a date up to "
        f"{date.today().isoformat()})",
        "out of range (required: a whole number at least 1 and at most 480)"]
    assert "was not saved: see the problems under its fields" in at.warning[0].value
    assert at.date_input(key="sup_day").value == tomorrow  # nothing typed is lost
    assert at.number_input(key="sup_minutes").value == 0
    assert at.radio(key="sup_kind").value == "group"
    assert own_rows(own_db, "select count(*) from audit_log where what like 'form:%'") == [(0,)]


def test_the_entry_is_in_import_history_and_undone_there(monkeypatch, own_db, harbor_worker):
    at = detail(monkeypatch, own_db, SAM, harbor_worker)
    before = w4(at)
    at.date_input(key="sup_day").set_value(DAY)
    at.number_input(key="sup_minutes").set_value(45)
    at.button(key="FormSubmitter:log_supervision-Log supervision session").click().run()
    assert w4(at) == before + 45
    history = AppTest.from_file(str(ROOT / "pages" / "import_history.py"), default_timeout=60)
    history.session_state["role"] = "analyst"
    history.run()
    imports = history.dataframe[0].value
    row = imports.iloc[-1]
    assert (row["uploader"], row["files"], row["status"]) == (
        "sam@example.org", "form supervision session.csv", "loaded")
    chosen = int(row["import_id"])
    history.selectbox(key="history_import").set_value(chosen).run()
    history.checkbox(key=f"history_undo_sure:{chosen}").check().run()
    history.button(key="history_undo").click().run()
    assert not history.exception
    assert f"Import {chosen} is undone" in history.success[0].value
    assert w4(detail(monkeypatch, own_db, SAM, harbor_worker)) == before


def test_a_supervisor_of_another_program_gets_no_form_and_the_service_refuses_them(
        monkeypatch, own_db, harbor_worker):
    at = detail(monkeypatch, own_db, MESA, harbor_worker)  # the address names a harbor worker
    assert not at.exception
    assert "Log for this worker" not in [s.value for s in at.subheader]
    assert not [w for w in at.number_input if w.key == "sup_minutes"]
    db = database(str(own_db))
    mesa = Viewer("mo@example.org", "supervisor", (OTHER,), signed_in=True)
    assert loggable_worker(db, mesa, harbor_worker[0]) is None
    assert log_programs(db, mesa) == frozenset({OTHER})
    saved = log_record(own_db, "supervision", {"worker_id": harbor_worker[0], "held_on": DAY,
                                               "minutes": 30, "kind": "individual"},
                       mesa.email, mesa.role, log_programs(db, mesa))
    assert not saved.saved
    assert saved.problems == {"worker_id": [
        f"{harbor_worker[0]} is not a worker of your programs: you may log only for the workers of "
        "the programs you are given."]}
    assert own_rows(own_db, "select count(*) from audit_log where what like 'form:%'") == [(0,)]


def test_a_funder_role_may_log_for_no_one(own_db, harbor_worker):
    funder = Viewer("f@example.org", "funder", None, signed_in=True)
    assert loggable_worker(database(str(own_db)), funder, harbor_worker[0]) is None


def test_a_saved_entry_starts_the_next_one_afresh(monkeypatch, own_db, harbor_worker):
    at = detail(monkeypatch, own_db, SAM, harbor_worker)
    at.date_input(key="sup_day").set_value(DAY)
    at.number_input(key="sup_minutes").set_value(25)
    at.radio(key="sup_kind").set_value("group")
    at.button(key="FormSubmitter:log_supervision-Log supervision session").click().run()
    assert not at.exception and not at.warning
    assert "The figures include it" in at.success[0].value
    assert at.date_input(key="sup_day").value == date.today()
    assert at.number_input(key="sup_minutes").value == 60
    assert at.radio(key="sup_kind").value == "individual"
    assert at.selectbox(key="sup_by").value == "" and at.selectbox(key="sup_by").format_func(
        "") == "Not said"


def test_an_entry_dated_after_the_range_is_saved_and_says_the_figures_do_not_show_it_yet(
        monkeypatch, own_db, harbor_worker):
    at = detail(monkeypatch, own_db, SAM, harbor_worker)  # the range ends on 20 Nov 2026
    before = w4(at)
    at.date_input(key="sup_day").set_value(AFTER)
    at.button(key="FormSubmitter:log_supervision-Log supervision session").click().run()
    assert not at.exception
    assert (f"It is dated {AFTER.day} Nov 2026, outside the dates chosen (1 Dec 2025 to 20 Nov "
            "2026), so the figures here show it once the range includes that day"
            in at.success[0].value)
    assert w4(at) == before


def test_a_sessions_note_is_kept_in_the_dashboard_and_never_in_the_records(
        monkeypatch, own_db, harbor_worker):
    """The note is listed on the worker's detail and kept in the own records beside the
    session's record; the records (what exports and the lake are made of) and the audit
    trail hold no word of it."""
    note = "Talked through the overdose on the 12th; wants a second debrief next week"
    at = detail(monkeypatch, own_db, SAM, harbor_worker)
    at.date_input(key="sup_day").set_value(DAY)
    at.number_input(key="sup_minutes").set_value(45)
    at.text_area(key="sup_note").input(note)
    at.button(key="FormSubmitter:log_supervision-Log supervision session").click().run()
    assert not at.exception and not at.error
    key = re.search(r"\((U-[0-9a-f]{12})\)", at.success[0].value)[1]
    listed = next(d.value for d in at.dataframe if "Note" in d.value.columns)
    assert listed.iloc[0][["Minutes", "Note", "By"]].tolist() == [45, note, "sam@example.org"]
    assert own_rows(own_db, "select supervision_id, worker_id, note from session_notes") == [
        (key, harbor_worker[0], note)]
    with database(str(own_db)).con.cursor() as cur:
        tables = [t for (t,) in cur.execute("select table_name from information_schema.tables "
                                             "where table_schema = 'main'").fetchall()]
        def holding(text: str) -> list[str]:
            return [t for t in tables if cur.execute(
                f'select count(*) from "{t}" as r where cast(r as varchar) like $n',
                {"n": f"%{text}%"}).fetchone()[0]]

        assert "supervision" in holding(key), "the search finds what the records hold"
        assert holding("second debrief") == [], "the note is in no table of the records"
    trail = own_rows(own_db, "select what from audit_log where what like '%note kept%'")
    assert trail == [(f"note kept on supervision session {key} of {harbor_worker[0]}",)]
    assert not own_rows(own_db, "select what from audit_log where what like '%debrief%'")
    assert at.text_area(key="sup_note").value == "", "the next entry starts afresh"


def test_no_note_is_kept_on_another_programs_session(own_db, harbor_worker, sample):
    """Called directly, as an attacker would: a Mesa supervisor's note on a Harbor session
    (named by its key beside a Mesa worker's id, or beside the Harbor worker's) is refused,
    and Harbor's detail lists no note."""
    session = sample.execute("select supervision_id from supervision where worker_id = $w "
                             "limit 1", {"w": harbor_worker[0]}).fetchone()[0]
    mesa_worker = sample.execute("select min(worker_id) from workers where program_id = "
                                 "'mesa'").fetchone()[0]
    mesa = Viewer("mo@example.org", "supervisor", ("mesa",), signed_in=True)
    db = database(str(own_db))
    with pytest.raises(NoteRefused, match="no supervision session"):
        keep_session_note(db, mesa, session, mesa_worker, "planted")
    with pytest.raises(NotAllowed):
        keep_session_note(db, mesa, session, harbor_worker[0], "planted")
    assert own_rows(own_db, "select count(*) from session_notes") == [(0,)]

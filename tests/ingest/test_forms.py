"""A form is an import of one record (ingest/forms.py): the one-row CSV it makes goes through
prepare and load as an upload does, so it is checked in the contract's words, archived, counted,
audited as the form's import by the person, and undone as any import is."""

from __future__ import annotations

import re

import pytest

from ingest.forms import FORMS, WHOLE, log_record, one_row_csv
from store.published import current
from tests.conftest import own_rows
from tests.ingest.conftest import TODAY, undone
from tests.ingest.conftest import published_rows as rows

HARBOR = frozenset({"harbor"})


def test_the_form_writes_the_csv_an_export_would_hold():
    assert one_row_csv("incidents", {"incident_id": "U-1", "worker_id": "W0002",
                                     "occurred_on": "2026-11-02", "kind": "death"}) == (
        b"incident_id,worker_id,occurred_on,kind,debriefed\nU-1,W0002,2026-11-02,death,\n")


def test_a_session_is_an_import_archived_counted_audited_and_undone(base_path):
    saved = log_record(base_path, "supervision", {"worker_id": "W0002", "held_on": TODAY,
                                                  "minutes": 45, "kind": "group",
                                                  "supervisor_id": "W0001"},
                       "sam@example.org", "supervisor", HARBOR, today=TODAY)
    assert saved.saved and saved.problems == {} and re.fullmatch(r"U-[0-9a-f]{12}", saved.key)
    assert rows(base_path, "select supervision_id, worker_id, minutes, kind, supervisor_id "
                           "from supervision") == [(saved.key, "W0002", 45, "group", "W0001")]
    assert rows(base_path, "select i.uploader, f.file_name, c.table_name, c.rows_new from "
                           "imports as i join import_files as f using (import_id) join "
                           "import_counts as c using (import_id)") == [
        ("sam@example.org", "form supervision session.csv", "supervision", 1)]
    assert own_rows(base_path, "select who, role, action, what from audit_log") == [
        ("sam@example.org", "supervisor", "import",
         f"form: supervision session: import {saved.import_id}, supervision {saved.key} "
         "for W0002")]
    undone(base_path, saved.import_id)
    assert rows(base_path, "select count(*) from supervision") == [(0,)]


@pytest.mark.parametrize(("form", "values", "problems"), [
    ("supervision", {"held_on": "2026-11-21", "minutes": 0, "kind": "individual"},
     {"held_on": ["held_on (2026-11-21) is in the future (a date up to 2026-11-20)"],
      "minutes": ["out of range (required: a whole number at least 1 and at most 480)"]}),
    ("incidents", {"occurred_on": "2026-11-02", "kind": "fall"}, {"kind": None}),
    ("supervision", {"held_on": "2026-11-02", "minutes": 30, "kind": "individual",
                     "supervisor_id": "W9999"}, {"supervisor_id": None}),
])
def test_a_refused_form_writes_nothing_and_says_why_per_field(base_path, form, values,
                                                              problems):
    before = current(base_path)
    saved = log_record(base_path, form, {"worker_id": "W0002", **values}, "sam@example.org",
                       "supervisor", HARBOR, today=TODAY)
    assert not saved.saved and set(saved.problems) == set(problems)
    for field, said in problems.items():
        if said is not None:
            assert saved.problems[field] == said
    assert current(base_path) == before, "no new version published"
    assert rows(base_path, "select count(*) from imports") == [(0,)]
    assert own_rows(base_path, "select count(*) from audit_log") == [(0,)]


def test_a_worker_of_another_program_is_refused_in_the_write_itself(base_path):
    saved = log_record(base_path, "incidents", {"worker_id": "W0002", "occurred_on": TODAY,
                                                "kind": "overdose", "debriefed": "yes"},
                       "mo@example.org", "supervisor", frozenset({"mesa"}), today=TODAY)
    assert list(saved.problems) == ["worker_id"] and WHOLE not in saved.problems
    assert rows(base_path, "select count(*) from incidents") == [(0,)]


def test_every_form_names_its_record_type_and_import():
    assert {t: f.what for t, f in FORMS.items()} == {"supervision": "supervision session",
                                                    "incidents": "critical incident",
                                                    "wellbeing": "wellbeing check-in"}

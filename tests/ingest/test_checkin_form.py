"""The ProQOL 5 check-in form's write (ingest.forms.log_checkin): the 30 answers are scored on
the write side and only the three raw sums are written, as the wellbeing record's columns, in an
import of one record that is archived, audited and undone as any import is. Unanswered items,
a day in the future and a role that does not log are refused in a sentence, nothing written."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from ingest.forms import WHOLE, log_checkin
from store.published import current
from tests.conftest import own_rows
from tests.ingest.conftest import TODAY, undone
from tests.ingest.conftest import published_rows as rows

HARBOR = frozenset({"harbor"})
# item n answered n % 5 + 1: compassion satisfaction 28, burnout 28, STS 32
# (tests/metrics/test_proqol.py works it out item by item)
ANSWERS = [n % 5 + 1 for n in range(1, 31)]
DAY = TODAY - timedelta(days=2)


def nothing_written(path: Path, before: Path) -> None:
    assert current(path) == before, "no new version published"
    assert rows(path, "select count(*) from wellbeing") == [(0,)]
    assert rows(path, "select count(*) from imports") == [(0,)]
    assert own_rows(path, "select count(*) from audit_log") == [(0,)]


def test_a_checkin_is_scored_and_only_its_three_sums_are_written(base_path):
    saved = log_checkin(base_path, "W0002", DAY, ANSWERS, 37.5, "sam@example.org",
                        "supervisor", HARBOR, today=TODAY)
    assert saved.saved and saved.problems == {}
    assert rows(base_path, "select checkin_id, worker_id, checkin_on, proqol_cs, proqol_bo, "
                           "proqol_sts, hours_per_week, supervision_minutes, critical_incidents "
                           "from wellbeing") == [
        (saved.key, "W0002", DAY, 28, 28, 32, 37.5, None, None)]
    assert {k: saved.values[k] for k in ("proqol_cs", "proqol_bo", "proqol_sts")} == {
        "proqol_cs": 28, "proqol_bo": 28, "proqol_sts": 32}
    # the archived file is the one-row export a program would send: the sums, no answers
    [(name, content)] = rows(base_path, "select file_name, content from import_files")
    assert name == "form wellbeing check-in.csv"
    assert bytes(content).decode() == (
        "checkin_id,worker_id,checkin_on,proqol_cs,proqol_bo,proqol_sts,hours_per_week,"
        f"supervision_minutes,critical_incidents\n{saved.key},W0002,{DAY},28,28,32,37.5,,\n")
    assert own_rows(base_path, "select who, role, action, what from audit_log") == [
        ("sam@example.org", "supervisor", "import",
         f"form: wellbeing check-in: import {saved.import_id}, wellbeing {saved.key} "
         "for W0002")]
    undone(base_path, saved.import_id)
    assert rows(base_path, "select count(*) from wellbeing") == [(0,)]


def test_hours_may_be_left_out(base_path):
    saved = log_checkin(base_path, "W0002", DAY, [3] * 30, None, "sam@example.org",
                        "supervisor", HARBOR, today=TODAY)
    assert saved.saved
    assert rows(base_path, "select proqol_cs, proqol_bo, proqol_sts, hours_per_week from "
                           "wellbeing") == [(30, 30, 30, None)]


def test_each_unanswered_item_is_refused_under_its_own_field(base_path):
    before = current(base_path)
    answers: list[int | None] = list(ANSWERS)
    answers[6] = answers[29] = None
    saved = log_checkin(base_path, "W0002", DAY, answers, None, "sam@example.org",
                        "supervisor", HARBOR, today=TODAY)
    assert saved.problems == {
        "item_7": ["Item 7 has no answer: choose one of Never, Rarely, Sometimes, Often, "
                   "Very often."],
        "item_30": ["Item 30 has no answer: choose one of Never, Rarely, Sometimes, Often, "
                    "Very often."]}
    nothing_written(base_path, before)


def test_a_day_in_the_future_and_hours_out_of_range_are_refused(base_path):
    before = current(base_path)
    tomorrow = TODAY + timedelta(days=1)
    saved = log_checkin(base_path, "W0002", tomorrow, ANSWERS, None, "sam@example.org",
                        "supervisor", HARBOR, today=TODAY)
    assert saved.problems == {"checkin_on": [
        f"checkin_on ({tomorrow}) is in the future (a date up to {TODAY}): the questions ask "
        "about the last 30 days"]}
    saved = log_checkin(base_path, "W0002", DAY, ANSWERS, 120, "sam@example.org",
                        "supervisor", HARBOR, today=TODAY)
    assert list(saved.problems) == ["hours_per_week"]
    nothing_written(base_path, before)


@pytest.mark.parametrize("role", ["funder", "admin"])
def test_a_role_that_does_not_log_is_refused_in_a_sentence(base_path, role):
    before = current(base_path)
    saved = log_checkin(base_path, "W0002", DAY, ANSWERS, None, f"{role}@example.org", role,
                        HARBOR, today=TODAY)
    assert not saved.saved
    assert saved.problems == {WHOLE: [
        f"The {role} role may not log a wellbeing check-in: only a supervisor of the worker's "
        "program or an analyst may."]}
    nothing_written(base_path, before)


def test_a_worker_of_another_program_is_refused_in_the_write_itself(base_path):
    before = current(base_path)
    saved = log_checkin(base_path, "W0002", DAY, ANSWERS, None, "mo@example.org",
                        "supervisor", frozenset({"mesa"}), today=TODAY)
    assert list(saved.problems) == ["worker_id"]
    nothing_written(base_path, before)



def test_a_peer_worker_records_their_own_checkin(base_path):
    saved = log_checkin(base_path, "W0002", DAY, ANSWERS, None, "pat@example.org",
                        "peer_worker", HARBOR, own="W0002", today=TODAY)
    assert saved.saved
    assert rows(base_path, "select worker_id, proqol_cs, proqol_bo, proqol_sts "
                           "from wellbeing") == [("W0002", 28, 28, 32)]
    assert own_rows(base_path, "select who, role from audit_log where action = 'import'") == [
        ("pat@example.org", "peer_worker")]


@pytest.mark.parametrize("own", [None, "W0003"])
def test_a_peer_worker_may_not_record_anyone_elses(base_path, own):
    """Another worker's check-in, or one without the worker they are: refused, nothing written,
    whatever programs the caller passes."""
    before = current(base_path)
    saved = log_checkin(base_path, "W0002", DAY, ANSWERS, None, "pat@example.org",
                        "peer_worker", HARBOR, own=own, today=TODAY)
    assert saved.problems == {WHOLE: ["A peer worker may record only their own check-in, and "
                                      "this one is for W0002."]}
    nothing_written(base_path, before)

"""The ProQOL 5 check-in on a worker's detail (issue 35): a supervisor signed in for their
program records it with the worker, and the page's W3 reading and W6 list change at once; the
stored record holds the sums the answers give, and nothing of the answers; a refused save says
under each item what is missing and keeps every answer; a supervisor of another program or a
funder gets no form, and the write refuses them in a sentence."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from access.viewer import Viewer
from ingest.forms import WHOLE, log_checkin
from metrics.proqol import REVERSED, SECONDARY_TRAUMATIC_STRESS
from queries.forms import log_programs, loggable_worker
from tests.conftest import own_rows
from tests.pages.apptest import all_text
from tests.pages.worker_forms import DAY, MESA, MINE, OTHER, SAM, detail
from ui.checkin_form import item_key
from ui.data import database

SAVE = "FormSubmitter:log_checkin-Save check-in"
FORM_TITLE = "Record a ProQOL 5 check-in with the worker"
# CS items rarely (2), burnout's plain items very often (5), its reversed ones never (1 -> 5),
# STS items often (4): compassion satisfaction 20, burnout 50, STS 40 (tests/metrics)
BURNING_OUT = [5 if n in (8, 10, 19, 21, 26) else 1 if n in REVERSED
               else 4 if n in SECONDARY_TRAUMATIC_STRESS else 2 for n in range(1, 31)]


def answer(at: AppTest, answers: list[int | None]) -> None:
    for n, given in enumerate(answers, 1):
        if given is not None:
            at.radio(key=item_key(n)).set_value(given)


def w3(at: AppTest) -> str:
    """W3 said of the one harbor_worker: their latest check-in's day and scores."""
    return re.search(r"At .+'s latest check-in, on .+?\.(?=$|\s)", all_text(at), re.M)[0]


def test_a_supervisor_records_a_checkin_and_w3_and_w6_change_at_once(
        monkeypatch, own_db, harbor_worker, sample):
    at = detail(monkeypatch, own_db, SAM, harbor_worker)
    assert not at.exception
    assert FORM_TITLE in [e.label for e in at.expander]
    last_on, bo, sts, cs = sample.execute(
        "select checkin_on, proqol_bo, proqol_sts, proqol_cs from wellbeing where worker_id = "
        "$w order by checkin_on desc limit 1", {"w": harbor_worker[0]}).fetchone()
    assert last_on < DAY and bo < 42 and sts < 42 and cs > 22, "the sample's worker is OK"
    assert w3(at) == (f"At {harbor_worker[1]}'s latest check-in, on {last_on.day} "
                      f"{last_on:%b %Y}: burnout {bo}, secondary traumatic stress {sts}, "
                      f"compassion satisfaction {cs}.")
    at.date_input(key="pq_day").set_value(DAY)
    answer(at, BURNING_OUT)
    at.number_input(key="pq_hours").set_value(44.5)
    at.button(key=SAVE).click().run()
    assert not at.exception and not at.error
    saved = at.success[0].value
    key = re.search(r"Saved the wellbeing check-in as import \d+ \((U-[0-9a-f]{12})\): "
                    r"burnout 50 \(high\), secondary traumatic stress 40 \(moderate\), "
                    r"compassion satisfaction 20 \(low\)\. The figures include it", saved)[1]
    assert w3(at) == (f"At {harbor_worker[1]}'s latest check-in, on 18 Nov 2026: burnout 50 "
                      "(high), secondary traumatic stress 40, compassion satisfaction 20 (low).")
    text = all_text(at)
    assert "Burnout 50 (high ≥ 42) on 18 Nov 2026" in text
    assert f"Burnout up {50 - bo} points ({bo} → 50) from" in text
    with database(str(own_db)).con.cursor() as cur:
        stored = cur.execute("select * from wellbeing where checkin_id = $k",
                             {"k": key}).fetchall()
    assert stored == [(key, harbor_worker[0], DAY, 20, 50, 40, 44.5, None, None)]
    history = next(d for d in at.dataframe if "Burnout" in d.value.columns).value
    assert history.iloc[0][["Burnout", "STS", "Compassion satisfaction"]].tolist() == [50, 40, 20]
    assert own_rows(own_db, "select who, role, action from audit_log where what like "
                    "'form: wellbeing check-in:%'") == [("sam@example.org", "supervisor",
                                                         "import")]
    # the next check-in starts afresh: no answer is left on the page
    assert [at.radio(key=item_key(n)).value for n in range(1, 31)] == [None] * 30
    assert at.number_input(key="pq_hours").value is None


def test_a_refused_checkin_names_each_unanswered_item_and_keeps_every_answer(
        monkeypatch, own_db, harbor_worker):
    at = detail(monkeypatch, own_db, SAM, harbor_worker)
    partial = [None if n in (7, 21) else a for n, a in enumerate(BURNING_OUT, 1)]
    answer(at, partial)
    at.button(key=SAVE).click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        f"Item {n} has no answer: choose one of Never, Rarely, Sometimes, Often, Very often."
        for n in (7, 21)]
    assert "wellbeing check-in was not saved: see the problems under its fields" in (
        at.warning[0].value)
    assert [at.radio(key=item_key(n)).value for n in range(1, 31)] == partial
    assert next(e for e in at.expander if e.label == FORM_TITLE).proto.expanded
    assert own_rows(own_db, "select count(*) from audit_log where what like 'form:%'") == [(0,)]


def test_another_programs_supervisor_and_a_funder_get_no_form_and_are_refused(
        monkeypatch, own_db, harbor_worker):
    at = detail(monkeypatch, own_db, MESA, harbor_worker)  # the address names a harbor worker
    assert not at.exception
    assert FORM_TITLE not in [e.label for e in at.expander]
    assert not [r for r in at.radio if r.key == item_key(1)]
    db = database(str(own_db))
    mesa = Viewer("mo@example.org", "supervisor", (OTHER,), signed_in=True)
    saved = log_checkin(own_db, harbor_worker[0], DAY, BURNING_OUT, None, mesa.email, mesa.role,
                        log_programs(db, mesa))
    assert saved.problems == {"worker_id": [
        f"{harbor_worker[0]} is not a worker of your programs: you may log only for the workers of "
        "the programs you are given."]}
    funder = Viewer("f@example.org", "funder", None, signed_in=True)
    assert loggable_worker(db, funder, harbor_worker[0]) is None
    saved = log_checkin(own_db, harbor_worker[0], DAY, BURNING_OUT, None, funder.email, funder.role,
                        frozenset({MINE}))
    assert saved.problems == {WHOLE: [
        "The funder role may not log a wellbeing check-in: only a supervisor of the worker's "
        "program or an analyst may."]}
    assert own_rows(own_db, "select count(*) from audit_log where what like 'form:%'") == [(0,)]

"""The peer worker role (issue 35): a peer worker signs in, linked to their worker record by
their users row, and can only fill in their own ProQOL 5 check-in and read their own scores:
the menu holds that one page, which shows nothing of a participant or another worker; the saved
sums are the manual's, worked out here from the answers; a sign-in not yet linked is told who
can link it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from access.users import UserRefused, save_user
from tests.conftest import own_rows, scalar
from tests.pages.apptest import AUTH, ROOT, all_text, run_app
from tests.pages.worker_forms import DAY
from ui.checkin_form import item_key
from ui.data import database

PAT = {"is_logged_in": True, "email": "pat@example.org"}  # no role claim: the users table's
SAVE = "FormSubmitter:log_checkin-Save check-in"
# The ProQOL 5 manual's subscales, written out here (not read from metrics.proqol).
CS = (3, 6, 12, 16, 18, 20, 22, 24, 27, 30)
BO = (1, 4, 8, 10, 15, 17, 19, 21, 26, 29)
BO_REVERSED = (1, 4, 15, 17, 29)
STS = (2, 5, 7, 9, 11, 13, 14, 23, 25, 28)


def sums(answers: list[int]) -> tuple[int, int, int]:
    """Compassion satisfaction, burnout (its five reversed items scored 6 - answer), STS."""
    given = dict(enumerate(answers, 1))
    return (sum(given[n] for n in CS),
            sum(6 - given[n] if n in BO_REVERSED else given[n] for n in BO),
            sum(given[n] for n in STS))


@pytest.fixture
def linked(own_db: Path, harbor_worker: tuple[str, str]) -> Path:
    """pat@example.org linked by an admin to the Harbor peer specialist harbor_worker."""
    save_user(database(str(own_db)), "pat@example.org", "peer_worker", None,
              "admin@example.org", "admin", harbor_worker[0])
    return own_db


def test_a_linked_peer_worker_sees_their_own_checkins_and_nothing_else(
        monkeypatch, linked, harbor_worker, sample):
    at = run_app(monkeypatch, linked, user=PAT)
    assert not at.exception and not at.error
    assert at.title[0].value == "My check-ins"
    mine = sample.execute("select checkin_on, proqol_cs, proqol_bo, proqol_sts from wellbeing "
                          "where worker_id = $w order by checkin_on desc",
                          {"w": harbor_worker[0]}).fetchall()
    table = at.dataframe[0].value
    assert len(table) == len(mine) > 0
    on, cs, bo, sts = mine[0]
    assert table.iloc[0]["Burnout"].startswith(f"{bo} (")
    assert table.iloc[0]["Secondary traumatic stress"].startswith(f"{sts} (")
    assert f"Latest, on {on.day} {on:%b %Y}: compassion satisfaction {cs}" in all_text(at)
    text = all_text(at) + table.to_string()
    others = sample.execute("select worker_id, display_name from workers where worker_id <> $w",
                            {"w": harbor_worker[0]}).fetchall()
    assert not [name for row in others for name in row if re.search(rf"\b{name}\b", text)]
    participants = {r[0] for r in sample.execute("select participant_id from participants")
                    .fetchall()}
    assert not [p for p in participants if re.search(rf"\b{p}\b", text)]


def test_the_menu_of_a_peer_worker_is_their_check_ins(monkeypatch, linked):
    at = run_app(monkeypatch, linked, user={**PAT, "peerdash_role": "peer_worker"})
    assert not at.exception and at.title[0].value == "My check-ins"
    # every other page refuses them, opened directly
    monkeypatch.setenv("PEERDASH_DB", str(linked))
    for page in ("overview", "workforce", "funder", "users"):
        direct = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60)
        direct.secrets["auth"], direct.user = AUTH, PAT
        direct.run()
        assert "page is not open to the peer_worker role" in direct.error[0].value
        assert not direct.dataframe and not direct.get("plotly_chart")


def test_a_peer_worker_fills_in_a_checkin_and_reads_the_manuals_scores(
        monkeypatch, linked, harbor_worker):
    monkeypatch.setenv("PEERDASH_DB", str(linked))
    at = AppTest.from_file(str(ROOT / "pages" / "my_checkins.py"), default_timeout=60)
    at.secrets["auth"], at.user = AUTH, PAT
    at.run()
    before = len(at.dataframe[0].value)
    answers = [(n * 7) % 5 + 1 for n in range(1, 31)]
    at.date_input(key="pq_day").set_value(DAY)
    for n, given in enumerate(answers, 1):
        at.radio(key=item_key(n)).set_value(given)
    at.button(key=SAVE).click().run()
    assert not at.exception and not at.error
    assert at.success[0].value.startswith("Saved the wellbeing check-in as import ")
    cs, bo, sts = sums(answers)
    table = at.dataframe[0].value
    assert len(table) == before + 1
    assert [table.iloc[0][c].split(" ")[0] for c in
            ("Compassion satisfaction", "Burnout", "Secondary traumatic stress")] == [
        str(cs), str(bo), str(sts)]
    assert own_rows(linked, "select who, role from audit_log where action = 'import'") == [
        ("pat@example.org", "peer_worker")]
    assert [at.radio(key=item_key(n)).value for n in (1, 30)] == [None, None], "afresh"


def test_a_peer_worker_not_yet_linked_is_told_who_links_them(monkeypatch, own_db):
    at = run_app(monkeypatch, own_db, user={**PAT, "peerdash_role": "peer_worker"})
    assert not at.exception and not at.dataframe
    assert "not linked to your worker record yet. Ask your supervisor to have an admin link it" \
        in at.error[0].value


def test_the_demo_peer_worker_is_a_worker_on_staff(monkeypatch, own_db, sample):
    at = run_app(monkeypatch, own_db, role="peer_worker")
    assert not at.exception and at.title[0].value == "My check-ins"
    first = scalar(sample, "select min(worker_id) from workers where role = 'peer_specialist' "
                           "and left_on is null")
    count = scalar(sample, "select count(*) from wellbeing where worker_id = $w", w=first)
    assert len(at.dataframe[0].value) == count


def test_a_peer_worker_needs_a_worker_and_sees_its_program_only(own_db, harbor_worker):
    db = database(str(own_db))
    with pytest.raises(UserRefused, match="choose their worker record"):
        save_user(db, "pat@example.org", "peer_worker", None, "a@example.org", "admin")
    with pytest.raises(UserRefused, match="Only a peer worker is linked"):
        save_user(db, "sam@example.org", "analyst", None, "a@example.org", "admin",
                  harbor_worker[0])
    save_user(db, "pat@example.org", "peer_worker", ["mesa"], "a@example.org", "admin",
              harbor_worker[0])
    assert own_rows(own_db, "select role, programs, worker_id from users") == [
        ("peer_worker", ["harbor"], harbor_worker[0])]

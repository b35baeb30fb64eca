"""The Workforce page through AppTest on the sample: supervisors and analysts see who needs
attention and why; a worker in focus gets their detail; funders are refused and see no name."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from access.viewer import Viewer
from access.worklists import acknowledge
from tests.conftest import AS_OF
from tests.pages.apptest import ROOT, WORKFORCE_SECTIONS, all_text, run_app
from ui.data import database
from ui.panels import Focus

PAGE = str(ROOT / "pages" / "workforce.py")


def attention(at) -> list[str]:
    return at.dataframe[0].value["ID"].tolist()


@pytest.mark.parametrize("role", ["supervisor", "analyst"])
def test_the_page_lists_who_needs_attention_and_draws_every_chart(monkeypatch, app_db, role):
    at = run_app(monkeypatch, app_db, role, page="workforce", **WORKFORCE_SECTIONS)
    assert not at.exception
    text = all_text(at)
    flagged = attention(at)
    match = re.search(r"(\d+) of (\d+) workers on staff on 20 Nov 2026", text)
    assert match and int(match[1]) == len(flagged)
    assert 0 < len(flagged) < int(match[2]), "a few workers, not none and not all"
    chips = [c for row in at.dataframe[0].value["Flags"] for c in row]
    assert any(re.fullmatch(r"Burnout \d+ ↑\d+", c) for c in chips), "e.g. Burnout 50 ↑18"
    assert any(re.fullmatch(r"\d+ per FTE", c) for c in chips)
    assert any(re.fullmatch(r"Supervision \d+ min", c) for c in chips)
    # the full sentences, on expand
    assert re.search(r"Burnout \d+ \(high ≥ 42\) on \d+ \w+ 2026", text)
    severity = at.dataframe[0].value["Severity"].tolist()
    assert severity == sorted(severity, reverse=True), "worst first"
    assert len(at.get("plotly_chart")) == 6  # caseload, contacts, ProQOL, supervision,
    # incidents, turnover
    assert re.search(r"\d+ of \d+ peer specialists were over 25 per FTE on 20 Nov 2026", text)
    assert "workers left between 1 Dec 2025 and 20 Nov 2026" in text
    # the rules in words, each limit its setting's value (no placeholder left unformatted)
    assert ("under 60 minutes a month two months running" in text
            and "a critical incident in the last 30 days" in text and "{" not in text)


def test_a_worker_in_focus_gets_their_detail(monkeypatch, app_db, sample):
    worker, name = sample.execute(
        "select worker_id, display_name from workers where role = 'peer_specialist' and "
        "left_on is null order by worker_id limit 1").fetchone()
    checkins = sample.execute("select count(*) from wellbeing where worker_id = $w and "
                              "checkin_on between date '2025-12-01' and $d",
                              {"w": worker, "d": AS_OF}).fetchone()[0]
    monkeypatch.setenv("PEERDASH_DB", str(app_db))
    at = run_app(monkeypatch, app_db, "supervisor")
    at.session_state["focus:workforce"] = Focus("worker", worker, name)
    at.switch_page("pages/workforce.py").run()
    assert not at.exception
    text = all_text(at)
    assert f"Narrowed to worker **{name}**" in text
    assert f"{name} ({worker})" in text
    assert "**Check-in history**" in text and "**Incidents**" in text
    history = next(d for d in at.dataframe if "Burnout" in d.value.columns)
    assert len(history.value) == checkins
    assert "contacts over 50 whole weeks" in text  # the week-by-week chart, not the scatter
    assert "Turnover" not in [s.value for s in at.subheader]


def test_the_url_filter_narrows_the_workers(monkeypatch, app_db, sample):
    at = run_app(monkeypatch, app_db, "analyst", page="workforce",
                 programs="Harbor Recovery Community Center")
    assert not at.exception
    harbor = {r[0] for r in sample.execute("select worker_id from workers w join programs p "
                                         "using (program_id) where program_name = "
                                         "'Harbor Recovery Community Center'").fetchall()}
    assert set(attention(at)) <= harbor
    staff = sample.execute("select count(*) from workers w join programs p using (program_id) "
                           "where program_name = 'Harbor Recovery Community Center' and "
                           "hired_on <= $d and (left_on is null or left_on > $d)",
                           {"d": AS_OF}).fetchone()[0]
    assert f"of {staff} workers on staff on 20 Nov 2026" in all_text(at)


def test_funders_are_refused_and_see_no_worker_name(monkeypatch, app_db, sample):
    at = run_app(monkeypatch, app_db, "funder")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/workforce.py")  # not in a funder's menu
    # A funder reaching the page anyway (an old link, a legacy request) is refused by it.
    monkeypatch.setenv("PEERDASH_DB", str(app_db))
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["role"] = "funder"
    at.run()
    assert not at.exception
    assert "The Workforce page is not open to the funder role" in at.error[0].value
    assert not at.dataframe and not at.get("plotly_chart")
    names = [r[0] for r in sample.execute("select display_name from workers").fetchall()]
    text = all_text(at)
    assert not any(name in text for name in names)


def test_hundreds_of_workers_get_a_readable_page(monkeypatch, large_app_db):
    at = run_app(monkeypatch, large_app_db, "analyst", page="workforce", **WORKFORCE_SECTIONS)
    assert not at.exception
    text = all_text(at)
    listed = at.dataframe[0].value
    match = re.search(r"([\d,]+) of ([\d,]+) workers on staff on 20 Nov 2026 need attention; "
                      r"listed: the 100 worst \(the CSV has every one\)", text)
    assert match and int(match[1].replace(",", "")) > len(listed) == 100
    severity = listed["Severity"].tolist()
    assert severity == sorted(severity, reverse=True), "the worst first"
    everyone = next(b for b in at.get("download_button") if b.proto.label.startswith(
        "Download all"))
    assert everyone.proto.label == f"Download all {match[1]} (CSV)"
    assert len(at.get("plotly_chart")) == 6
    assert "The chart names the 15 with the highest caseload per FTE of" in text
    assert "The chart names the 15 who received the least of" in text
    for chart in at.get("plotly_chart"):
        assert len(json.loads(chart.proto.spec)["data"]) <= 12, "no trace per worker"


def test_one_program_of_the_large_database_looks_as_the_sample_does(monkeypatch, large_app_db):
    at = run_app(monkeypatch, large_app_db, "analyst", page="workforce",
                 programs="Harbor Recovery Community Center")
    assert not at.exception
    text = all_text(at)
    assert "The chart names" not in text and "listed: the" not in text
    caseload = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert any(t.get("mode") == "markers" for t in caseload["data"]), "a point per worker"


def test_w3_and_w6_count_the_same_workers(monkeypatch, app_db):
    """The ProQOL reading (W3) and the needs-attention list (W6) both judge the workers on
    staff on the range's last day, from each one's latest check-in."""
    at = run_app(monkeypatch, app_db, "supervisor", page="workforce", open_wellbeing="true")
    text = all_text(at)
    staff = int(re.search(r"of (\d+) workers on staff on 20 Nov 2026", text)[1])
    reading = re.search(r"Of the ([\d,]+) workers? on staff on 20 Nov 2026 with a check-in, at "
                        r"their latest one (\d+) scored high burnout", text)
    assert reading, "the W3 reading names the day"
    assert int(reading[1].replace(",", "")) <= staff
    expanded = next(e for e in at.expander if e.label.startswith("Every flag in full"))
    assert f"the {len(at.dataframe[0].value)} worst" in expanded.label, "every flagged worker"
    sentences = "\n".join(m.value for m in expanded.markdown)
    assert int(reading[2]) == len(re.findall(r"Burnout \d+ \(high ≥ 42\)", sentences))


@pytest.fixture
def own_db(sample_path, tmp_path):
    """A copy of the sample of this test's own: it writes acknowledgements."""
    copy = tmp_path / "app.duckdb"
    shutil.copy(sample_path, copy)
    return copy


def opened(monkeypatch, db, **query: str) -> AppTest:
    """The Workforce page opened straight from its address (a reload, a shared link)."""
    monkeypatch.setenv("PEERDASH_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["role"] = "supervisor"
    at.query_params.update(query)
    return at.switch_page("pages/workforce.py").run()


def test_the_url_opens_a_workers_detail_and_their_acknowledgement_shows_on_reload(
        monkeypatch, own_db, sample):
    worker, name = sample.execute(
        "select worker_id, display_name from wellbeing join workers using (worker_id) "
        "where checkin_on > date '2026-10-20' and proqol_bo >= 42 and left_on is null "
        "order by worker_id limit 1").fetchone()
    at = opened(monkeypatch, own_db, focus=f"worker:{worker}:{name}")
    assert not at.exception
    text = all_text(at)
    assert f"Narrowed to worker **{name}**" in text and f"({worker})" in text
    assert re.search(r":gray-badge\[not yet acknowledged\] Burnout \d+ \(high", text)
    assert at.button(key="FormSubmitter:acknowledge:" + worker + "-Acknowledge")
    acknowledge(database(str(own_db)), Viewer("sam@example.org", "supervisor"), worker,
                "High burnout", 50.0, "Talked it through", None, date.today())
    again = opened(monkeypatch, own_db, focus=f"worker:{worker}:{name}")  # a new session
    text = all_text(again)
    assert re.search(r":green-badge\[acknowledged\] Burnout \d+ \(high ≥ 42\) on [^·]+ · "
                     r"\*Talked it through\* \(sam", text), "with its note and who wrote it"
    # the worker's other flags were not acknowledged with it: new since
    assert re.search(r":blue-badge\[new\] Burnout up \d+ points", text)
    acknowledged = again.dataframe[0].value["Acknowledged"][0]
    assert any(chip.startswith("Burnout") for chip in acknowledged)
    history = next(d for d in again.dataframe if "Note" in d.value.columns)
    assert history.value["Note"].tolist() == ["Talked it through"]
    assert history.value["Until"].tolist() == ["it gets worse"]

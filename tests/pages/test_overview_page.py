"""The app through AppTest against real databases: every role, the figures a person would
check, the funder's suppression, and a sentence (never a traceback) for every bad state."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import settings as settings_module
from settings import Settings
from store.connection import connect
from store.schema import create_schema
from tests.conftest import AS_OF, scalar
from tests.pages.apptest import APP, all_text, run_app
from ui.data import prepare

PAGE = str(Path(__file__).parents[2] / "pages" / "overview.py")


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("role", ["supervisor", "analyst"])
def test_overview_renders_for_every_role(monkeypatch, app_db, role):
    at = run_app(monkeypatch, app_db, role)
    assert not at.exception
    assert len(at.metric) == 5
    assert at.get("plotly_chart"), "the month-by-month chart"
    assert at.expander[0].label == "What these figures mean"


def test_supervisor_sees_the_figures_a_person_would_check(monkeypatch, app_db, sample):
    at = run_app(monkeypatch, app_db, "supervisor")
    active = scalar(sample, "select count(*) from enrollments where enrolled_on <= $d and "
                            "(discharged_on is null or discharged_on > $d)", d=AS_OF)
    shown = metrics(at)
    assert shown["Active enrollments"] == f"{active:,}"
    # Follow-up: the latest month whose 30-day windows have all closed (September here).
    followed, discharges = sample.execute("""
        select sum(case when exists (select 1 from appointments a where
            a.enrollment_id = e.enrollment_id and a.status = 'attended' and
            a.scheduled_on between e.discharged_on and e.discharged_on + 30) then 1 else 0 end),
            count(*)
        from enrollments e where e.discharged_on between date '2026-09-01' and date '2026-09-30'
        and e.discharge_reason not in ('deceased', 'incarcerated')""").fetchall()[0]
    assert shown["Follow-up in 30 days"] == f"{followed / discharges:.1%}"
    assert f"September 2026 · {followed} of {discharges} discharges" in all_text(at)
    assert "All 6 programs · 1 Dec 2025 to 20 Nov 2026" in all_text(at)


def test_the_url_carries_the_filters(monkeypatch, app_db, sample):
    at = run_app(monkeypatch, app_db, "supervisor", programs="Harbor Recovery Community Center",
                 dates=["2026-01-01", "2026-06-30"])
    active = scalar(sample, "select count(*) from enrollments where program_id = 'harbor' and "
                            "enrolled_on <= date '2026-06-30' and (discharged_on is null or "
                            "discharged_on > date '2026-06-30')")
    assert metrics(at)["Active enrollments"] == f"{active:,}"
    assert "Harbor Recovery Community Center · 1 Jan 2026 to 30 Jun 2026" in all_text(at)


def test_funders_see_the_release_quarter_by_quarter_and_no_month(monkeypatch, app_db):
    # Even with a program in the address: funder figures are the release's, all programs.
    at = run_app(monkeypatch, app_db, "funder", programs="Pine Ridge Rural Outreach")
    assert not at.exception
    text = all_text(at)
    assert "from the funder release" in text and "2025 Q4 to 2026 Q3" in text
    assert not at.sidebar.multiselect, "no program filter for funders"
    assert len(at.metric) == 5 and not at.get("plotly_chart"), "no monthly series"
    for count in re.findall(r"(\d[\d,]*) of (\d[\d,]*)", text):
        assert not any(1 <= int(c.replace(",", "")) <= 10 for c in count), count


def test_a_funder_range_without_a_whole_quarter_says_so(monkeypatch, app_db):
    at = run_app(monkeypatch, app_db, "funder", dates=["2026-11-02", "2026-11-20"])
    assert not at.exception and not at.metric
    assert "whole calendar quarters" in at.info[0].value


def test_funders_never_see_a_worker_or_a_participant(monkeypatch, app_db, sample):
    at = run_app(monkeypatch, app_db, "funder")
    text = all_text(at) + "".join(str(m.help) for m in at.metric)
    names = [r[0] for r in sample.execute("select display_name from workers").fetchall()]
    assert not any(name in text for name in names)
    assert not re.search(r"\b(W\d{4}|E\d{7}|\d{8})\b", text)


def test_a_page_opened_without_the_router_asks_for_a_role(monkeypatch, app_db):
    monkeypatch.setenv("PEERDASH_DB", str(app_db))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception and not at.metric
    assert "choose a role" in at.info[0].value


def test_an_unknown_role_is_refused_by_the_page(monkeypatch, app_db):
    monkeypatch.setenv("PEERDASH_DB", str(app_db))
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["role"] = "visitor"
    at.run()
    assert not at.exception and not at.metric
    assert "'visitor' is not one this dashboard knows" in at.error[0].value


def test_a_locked_database_gets_a_sentence(monkeypatch, tmp_path):
    path = tmp_path / "locked.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, sys; "
                               f"c = duckdb.connect({str(path)!r}); print('ok', flush=True); "
                               "sys.stdin.read()"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        at = run_app(monkeypatch, path, "supervisor")
        assert not at.exception
        assert "is in use by another program" in at.error[0].value
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)


def test_an_empty_database_says_there_is_nothing_yet(monkeypatch, tmp_path):
    at = run_app(monkeypatch, tmp_path / "new" / "empty.duckdb", "analyst")
    assert not at.exception
    assert "has no records yet" in at.info[0].value


def test_a_filter_that_matches_nothing_says_so(monkeypatch, tmp_path):
    path = tmp_path / "programs_only.duckdb"
    con = connect(path)
    create_schema(con)
    con.execute("insert into programs values ('p', 'Early', null, null), "
                "('q', 'Later', null, null)")
    con.execute("insert into participants values ('1', null, null, null)")
    con.execute("insert into workers values ('w', 'p', 'W', 'peer_specialist', null, 1, "
                "'2020-01-01', null)")
    con.execute("insert into enrollments values "
                "('e', '1', 'p', 'w', 'check_in', null, '2021-01-01', '2021-02-01', 'completed'),"
                "('f', '1', 'q', 'w', 'check_in', null, '2021-06-01', null, null)")
    con.close()
    # Program "Early" had nobody enrolled from March to May (its worker had no caseload).
    at = run_app(monkeypatch, path, "analyst", programs="Early",
                 dates=["2021-03-01", "2021-05-31"])
    assert not at.exception
    assert "No records match these filters" in at.info[0].value


def test_a_bad_setting_gets_a_sentence(monkeypatch, app_db):
    monkeypatch.setenv("PEERDASH_CASELOAD_PER_FTE_THRESHOLD", "twenty")
    at = run_app(monkeypatch, app_db, "supervisor")
    assert not at.exception
    assert "not a number" in at.error[0].value


def test_first_run_generates_the_sample_database(monkeypatch, tmp_path):
    target = tmp_path / "sample.duckdb"
    monkeypatch.setattr(settings_module, "SAMPLE_DB", target)
    prepare(Settings(db=target))
    con = connect(target)
    try:
        assert con.execute("select count(*) from enrollments").fetchall()[0][0] == 3000
    finally:
        con.close()


def test_a_broken_secrets_file_gets_a_sentence(monkeypatch, app_db, tmp_path):
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('[peerdash\ndb = "x"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PEERDASH_DB", raising=False)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "Error parsing secrets file" in at.error[0].value

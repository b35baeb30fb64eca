"""The Data completeness and Targets and annotations pages (analysts only) through AppTest, and
what they change elsewhere: a program that stopped sending contacts is flagged on the
Overview; a target and an annotation set on the page reach the Engagement page's chart."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

from queries.scope import Every, program_params
from store.connection import connect
from tests.conftest import own_rows, scalar
from tests.pages.apptest import COMPLETENESS_SECTIONS, all_text, page_as, run_app
from ui import completeness_charts
from ui.data import database

HARBOR = "Harbor Recovery Community Center"


def chart_titles(at) -> list[str]:
    """The program each chart drawn is of, in order (its title: "<program>: records a month…",
    wrapped at a space)."""
    return [json.loads(c.proto.spec)["layout"]["title"]["text"].replace("<br>", " ")
            .split(": records")[0] for c in at.get("plotly_chart")]


@pytest.fixture
def stopped_app_db(app_db, tmp_path):
    """The sample, with Pine Ridge's contacts after 3 October 2026 removed (its export
    stopped)."""
    path = tmp_path / "stopped.duckdb"
    shutil.copy(app_db, path)
    con = connect(path)
    with con.cursor() as cur:
        cur.execute("delete from contacts where contact_on > date '2026-10-03' and "
                    "enrollment_id in (select enrollment_id from enrollments "
                    "where program_id = 'pine-ridge')")
        cur.execute("insert into data_versions select max(version) + 1, current_timestamp, "
                    "'test: a stopped export' from data_versions")
    last = scalar(con, "select max(contact_on) from contacts c join enrollments e using "
                       "(enrollment_id) where program_id = 'pine-ridge'")
    con.close()
    return path, last


def test_a_program_that_stopped_sending_contacts_is_flagged_on_the_overview(
        monkeypatch, stopped_app_db):
    path, last = stopped_app_db
    at = run_app(monkeypatch, path, "supervisor", page="overview")
    assert not at.exception
    flag = f"Pine Ridge Rural Outreach has sent no contacts since {last:%-d %b %Y}"
    assert any(w.value.startswith(flag) for w in at.warning)
    page = run_app(monkeypatch, path, "analyst", page="completeness")
    assert not page.exception
    assert any(w.value.startswith(flag) for w in page.warning)
    table = page.dataframe[0].value
    quiet = table[table["silent"]]  # the column "Gone quiet"
    assert list(zip(quiet["program_name"], quiet["records"], strict=True)) == [
        ("Pine Ridge Rural Outreach", "Contacts")]


def test_the_sample_has_no_silent_program_and_funders_see_no_completeness(monkeypatch,
                                                                           app_db):
    at = run_app(monkeypatch, app_db, "analyst", page="completeness")
    assert not at.exception and at.title[0].value == "Data completeness"
    assert "Every program has sent every record type" in at.success[0].value
    # The page opens on the charts of the two programs with months of unusually few records
    # (the table's own figures), the worst first; the other four are a click away.
    table = at.dataframe[0].value
    few = table[table["months_few"] > 0].groupby("program_name")["months_few"].sum()
    assert few.to_dict() == {"Pine Ridge Rural Outreach": 2, "Lakeshore Re-entry Peer Support": 1}
    with_gap = ["Pine Ridge Rural Outreach", "Lakeshore Re-entry Peer Support"]
    assert chart_titles(at) == with_gap
    assert at.subheader[0].value == "Programs to check, month by month"
    assert at.expander[0].label == "Every other program, month by month (4)"
    every = run_app(monkeypatch, app_db, "analyst", page="completeness", **COMPLETENESS_SECTIONS)
    assert chart_titles(every) == with_gap + sorted(set(table["program_name"]) - set(with_gap))


def test_only_the_worst_programs_to_check_are_drawn_the_rest_a_click_away(monkeypatch, app_db):
    monkeypatch.setattr(completeness_charts, "SHOWN", 1)  # as 6 of 52 at 100,000 enrollments
    at = run_app(monkeypatch, app_db, "analyst", page="completeness")
    assert chart_titles(at) == ["Pine Ridge Rural Outreach"]
    assert at.subheader[0].value == "Programs to check (the worst 1 of 2), month by month"
    assert at.expander[0].label == "Every other program, month by month (5)"
    every = run_app(monkeypatch, app_db, "analyst", page="completeness", **COMPLETENESS_SECTIONS)
    assert chart_titles(every)[:2] == ["Pine Ridge Rural Outreach",
                                       "Lakeshore Re-entry Peer Support"]
    assert len(chart_titles(every)) == 6
    funder = run_app(monkeypatch, app_db, "funder", page="overview")
    assert not funder.exception
    assert not [w for w in funder.warning if "has sent no" in w.value]
    assert "has sent no" not in all_text(funder)


@pytest.mark.parametrize("page", ["completeness", "targets"])
@pytest.mark.parametrize("role", ["supervisor", "funder"])
def test_only_analysts_open_the_pages(monkeypatch, app_db, role, page):
    at = page_as(monkeypatch, app_db, page, role)
    assert not at.exception
    assert f"is not open to the {role} role" in at.error[0].value
    assert not at.dataframe and not at.get("plotly_chart")


def test_an_analyst_sets_a_target_and_an_annotation_that_the_charts_show(monkeypatch, app_db,
                                                                          tmp_path):
    path = tmp_path / "notes.duckdb"
    shutil.copy(app_db, path)
    at = page_as(monkeypatch, path, "targets", "analyst")  # widgets rerun this page
    assert not at.exception and at.title[0].value == "Targets and annotations"
    at.selectbox[0].set_value("harbor")
    at.selectbox[1].set_value("early_engagement")
    at.number_input[0].set_value(90.0)
    at.button[0].click().run()
    assert not at.exception and at.success[0].value == "Saved."
    at.selectbox(key="note_program").set_value("harbor")
    at.date_input[0].set_value(date(2026, 6, 1))
    at.text_input[0].input("New intake process")
    at.checkbox[0].check()
    at.button[2].click().run()
    assert not at.exception
    db = database(str(path))  # the app's own, read-only
    assert db.frame("targets", **program_params(Every.ALL)).select(
        "program_id", "metric", "target").rows() \
        == [("harbor", "early_engagement", 0.9)]
    notes = db.frame("annotations", **program_params(("harbor",)))
    assert notes.select("noted_on", "note", "restarts_baseline").rows() == [
        (date(2026, 6, 1), "New intake process", True)]
    assert own_rows(db, "select count(*) from audit_log where action in "
                        "('targets', 'annotations')") == [(2,)]
    page = run_app(monkeypatch, path, "analyst", page="engagement",
                   programs=HARBOR)
    assert not page.exception
    text = all_text(page)
    # Harbor's months enrol 30-45 people: its latest final month is judged against 90%
    assert "against the 90% target (Harbor Recovery Community Center's own)." in text
    # June to September 2026: four final months since the restart, too few for limits
    assert ("No control limits yet: 4 final month(s) since 1 Jun 2026 (a program change), 8 "
            "needed.") in text

"""The Engagement and Aftercare pages through AppTest on the sample: each role, the figures a
supervisor would check against the records, URL filters, a chart selection, and refusals."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from access.viewer import Viewer
from access.worklists import record_attempt
from store.connection import connect
from store.database import Database
from store.schema import create_schema
from tests.conftest import AS_OF, scalar
from tests.pages.apptest import ENGAGEMENT_SECTIONS, EVERY_SECTION, ROOT, all_text, run_app
from tests.queries.fixtures import D, add, enroll
from ui.data import database
from ui.panels import Focus

HARBOR = "Harbor Recovery Community Center"


@pytest.mark.parametrize("page", ["engagement", "aftercare"])
@pytest.mark.parametrize("role", ["supervisor", "analyst"])
def test_renders_every_chart_with_a_reading_and_a_download(monkeypatch, app_db, role, page):
    at = run_app(monkeypatch, app_db, role, page=page, **EVERY_SECTION.get(page, {}))
    assert not at.exception
    assert at.title[0].value == page.capitalize()
    charts = at.get("plotly_chart")
    assert len(charts) == {"engagement": 10, "aftercare": 3}[page]
    assert len(at.get("download_button")) >= len(charts)
    assert [e.label for e in at.expander].count("Definition") == len(charts)
    assert "Nothing to read here" not in all_text(at)


def test_funders_are_refused_and_see_no_one(monkeypatch, app_db, sample):
    for page in ("engagement", "aftercare"):
        monkeypatch.setenv("PEERDASH_DB", str(app_db))
        at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60)
        at.session_state["role"] = "funder"
        at.run()
        assert not at.exception
        assert f"The {page.capitalize()} page is not open to the funder role" in at.error[0].value
        assert not at.get("plotly_chart") and not at.dataframe
        someone = scalar(sample, "select min(participant_id) from participants")
        assert someone not in all_text(at)


def test_engagement_completion_matches_the_records(monkeypatch, app_db, sample):
    at = run_app(monkeypatch, app_db, "supervisor", page="engagement", programs=HARBOR,
                 dates=["2026-01-01", "2026-06-30"], open_staying_and_leaving="true")
    harbor = ("from enrollments where program_id = 'harbor' "
              "and discharged_on between '2026-01-01' and '2026-06-30'")
    discharges = scalar(sample, f"select count(*) {harbor}")
    completed = scalar(sample, f"select count(*) {harbor} and discharge_reason = 'completed'")
    text = all_text(at)
    assert f"{completed / discharges:.0%} of {discharges:,} discharges were completions" in text
    assert f"{HARBOR}: {completed / discharges:.0%} of {discharges:,} discharges." in text


def test_aftercare_lists_everyone_not_yet_followed_up(monkeypatch, app_db, sample):
    at = run_app(monkeypatch, app_db, "supervisor", page="aftercare")
    waiting = scalar(sample, f"""
        select count(*) from enrollments e
        where discharged_on > date '{AS_OF}' - 30 and discharged_on <= date '{AS_OF}'
          and discharge_reason not in ('deceased', 'incarcerated')
          and not exists (select 1 from appointments a where a.enrollment_id = e.enrollment_id
              and a.status = 'attended' and a.scheduled_on between e.discharged_on
              and date '{AS_OF}')""")
    assert waiting > 0
    assert f"{waiting:,} people discharged in the 30 days up to" in all_text(at)
    table = at.dataframe[0].value
    assert len(table) == waiting
    # nobody has been tried yet: past day 7 with nothing booked first, then by days since
    urgent = table["Priority"] == "Past day 7, not booked"
    assert urgent.any() and not urgent[urgent.idxmin():].any(), "the urgent ones first"
    assert table[urgent]["Days"].is_monotonic_decreasing
    assert table[~urgent]["Days"].is_monotonic_decreasing
    assert "None" not in set(table["Next appointment"]), "a missing appointment reads plainly"
    assert set(table["Next appointment"]) & {"Not booked"}


def test_a_worker_in_the_url_narrows_the_page(monkeypatch, app_db, sample):
    _, name, program = sample.execute("""select w.worker_id, w.display_name,
        p.program_name from workers w join programs p using (program_id) join enrollments e
        using (worker_id) where e.discharged_on >= date '2026-10-21'
        group by all order by count(*) desc limit 1""").fetchone()
    at = run_app(monkeypatch, app_db, "supervisor", page="aftercare",
                 workers=f"{name} · {program}")
    assert not at.exception
    shown = set(at.dataframe[0].value["Worker"]) if at.dataframe else set()
    assert shown <= {name}


def test_a_chart_selection_narrows_the_rest_of_the_page(monkeypatch, app_db):
    monkeypatch.setenv("PEERDASH_DB", str(app_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["role"] = "analyst"
    at.query_params.update(ENGAGEMENT_SECTIONS)  # the completion by program's reading too
    at.run()
    at.session_state["focus:engagement"] = Focus("program", "pine-ridge",
                                                 "Pine Ridge Rural Outreach")
    at.switch_page("pages/engagement.py").run()
    assert not at.exception
    assert "Narrowed to program **Pine Ridge Rural Outreach**" in at.info[0].value
    assert any(m.value.startswith("Pine Ridge Rural Outreach: ") for m in at.markdown)
    assert any(b.label == "Show all again" for b in at.button)
    at.button(key="clear-focus:engagement").click().run()
    assert not any("Narrowed to" in i.value for i in at.info)


def test_a_range_with_nothing_in_it_says_so(monkeypatch, tmp_path):
    path = tmp_path / "tiny.duckdb"
    con = connect(path)
    create_schema(con)
    db = Database(con, path)
    add(db, "programs", program_id="p1")
    add(db, "workers", worker_id="W1", program_id="p1")
    enroll(db, "e1", "p1", "W1", "2026-01-05", "2026-01-20", "completed")
    enroll(db, "e2", "p1", "W1", "2026-03-01")
    add(db, "contacts", contact_id="c1", enrollment_id="e1", worker_id="W1",
        contact_on=D("2026-01-06"))
    con.close()
    for page, sentence in (("engagement", "No enrollments were active for these filters"),
                           ("aftercare", "No one was discharged for these filters")):
        at = run_app(monkeypatch, path, "supervisor", page=page,
                     dates=["2026-02-01", "2026-02-28"])
        assert not at.exception
        assert sentence in all_text(at)


def opened(monkeypatch, db, page: str, **query: str) -> AppTest:
    """A page opened straight from its address as a supervisor (a reload, a shared link)."""
    monkeypatch.setenv("PEERDASH_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["role"] = "supervisor"
    at.query_params.update(query)
    return at.switch_page(f"pages/{page}.py").run()


def test_a_month_in_focus_narrows_the_charts_but_not_who_to_call(monkeypatch, app_db):
    whole = opened(monkeypatch, app_db, "aftercare")
    # The label a chart's click carries may be the month's first day: it reads as a month.
    march = opened(monkeypatch, app_db, "aftercare", focus="month:2026-03-01:2026-03-01")
    assert "Narrowed to **March 2026**: every figure" in all_text(march)
    assert "2026-03-01" not in all_text(march)
    assert "Not yet followed up, as of 20 Nov 2026" in [s.value for s in march.subheader]
    assert march.dataframe[0].value.equals(whole.dataframe[0].value)


def test_a_call_in_the_url_opens_its_form_and_an_attempt_moves_it_down(monkeypatch, sample_path,
                                                                     tmp_path):
    db = tmp_path / "app.duckdb"
    shutil.copy(sample_path, db)
    first = opened(monkeypatch, db, "aftercare").dataframe[0].value
    top = first["Enrollment"][0]
    at = opened(monkeypatch, db, "aftercare", call=top)
    assert not at.exception
    assert f"(enrollment {top})" in all_text(at)
    assert at.button(key="FormSubmitter:attempt:aftercare-Record the attempt")
    record_attempt(database(str(db)), Viewer("sam@example.org", "supervisor"), top,
                   "aftercare", D("2026-11-21"), "no_answer", "", D("2026-11-21"))
    after = opened(monkeypatch, db, "aftercare", call=top)
    table = after.dataframe[0].value
    row = table[table["Enrollment"] == top]
    assert row["Last attempt"].tolist() == ["No answer, 21 Nov 2026"]
    assert table["Enrollment"][0] != top, "tried once: the untried come first now"
    assert "last attempt: No answer, 21 Nov 2026" in all_text(after)


@pytest.mark.parametrize("focus", ["month:not-a-day:x", "planet:Mars:x", "month"])
def test_a_focus_edited_by_hand_leaves_the_page_unnarrowed(monkeypatch, app_db, focus):
    at = opened(monkeypatch, app_db, "aftercare", focus=focus)
    assert not at.exception
    assert "Narrowed to" not in all_text(at)
    assert "Not yet followed up, as of 20 Nov 2026" in [s.value for s in at.subheader]


def test_an_attempt_needs_its_outcome_chosen_none_is_assumed(monkeypatch, sample_path, tmp_path):
    """The outcome starts unchosen (it once started at "Reached", so a hurried save said the
    person was reached): recorded without one, the form says so and saves nothing; with one,
    it is saved. The page is run alone (through the app's router a form's click is lost)."""
    db = tmp_path / "app.duckdb"
    shutil.copy(sample_path, db)
    top = opened(monkeypatch, db, "aftercare").dataframe[0].value["Enrollment"][0]
    at = AppTest.from_file(str(ROOT / "pages" / "aftercare.py"), default_timeout=60)
    at.session_state["role"] = "supervisor"
    at.query_params["call"] = top
    at.run()
    outcome = next(r for r in at.radio if r.label == "Outcome")
    assert outcome.value is None
    submit = "FormSubmitter:attempt:aftercare-Record the attempt"
    at = at.button(key=submit).click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Choose the outcome of the attempt (reached, no answer, left message, declined), then "
        "record it: nothing was saved."]
    again = opened(monkeypatch, db, "aftercare").dataframe[0].value
    assert again[again["Enrollment"] == top]["Last attempt"].tolist() == ["None yet"]
    next(r for r in at.radio if r.label == "Outcome").set_value("no_answer")
    at = at.button(key=submit).click().run()
    assert not at.exception and not at.error
    again = opened(monkeypatch, db, "aftercare").dataframe[0].value
    assert again[again["Enrollment"] == top]["Last attempt"].tolist()[0].startswith("No answer")

"""The Outcomes page through AppTest on the sample: what supervisors and analysts read, the
funder refused, filters from the URL, and a sentence when nothing matches."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import scalar
from tests.pages.apptest import OUTCOME_SECTIONS, ROOT, all_text, run_app
from ui.outcome_sections import LATER

CHARTS = 10  # R1, R2, R3, R7, R4, R5, readmissions, R9, R6, R8


@pytest.mark.parametrize("role", ["supervisor", "analyst"])
def test_the_page_renders_every_chart(monkeypatch, app_db, role):
    at = run_app(monkeypatch, app_db, role, page="outcomes", **OUTCOME_SECTIONS)
    assert not at.exception
    assert len(at.get("plotly_chart")) == CHARTS
    assert [h.value for h in at.header] == ["Follow-up interviews"]
    assert [e.label for e in at.expander if e.label in LATER.values()] == [
        "Use and recurrence", "Acute care and overdoses", "Recovery capital and social outcomes"]
    assert len(at.dataframe) == 1, "who to interview"
    assert len(at.get("download_button")) == CHARTS + 1


def test_the_figures_a_supervisor_would_check(monkeypatch, app_db, sample):
    at = run_app(monkeypatch, app_db, "supervisor", page="outcomes",
                 dates=["2026-01-01", "2026-06-30"], **OUTCOME_SECTIONS)
    text = all_text(at)
    # R1: intakes (first intake interview) whose window closed Jan-Jun 2026, and how many of
    # them had a 6-month interview in it: GPRA 150-240 days after the intake, SUPRT-A
    # (intakes from October 2025) 150-210, none due after a closeout before the window closed.
    interviewed, due = sample.execute("""
        with i as (select enrollment_id, arg_min(instrument, assessed_on) as instrument,
                          min(assessed_on) as d
                   from assessments where wave = 'intake' group by enrollment_id),
        w as (select *, d + case when instrument = 'gpra' then 240 else 210 end as closes
              from i),
        done as (select w.enrollment_id, count(s.assessment_id) > 0 as interviewed,
                        min(c.assessed_on) as closeout
                 from w
                 left join assessments s on s.enrollment_id = w.enrollment_id
                     and s.wave = '6_month' and s.assessed_on between w.d + 150 and w.closes
                 left join assessments c on c.enrollment_id = w.enrollment_id
                     and c.wave = 'discharge' and c.assessed_on >= w.d
                     and w.instrument <> 'gpra'
                 group by w.enrollment_id)
        select count(*) filter (where interviewed), count(*)
        from w join done using (enrollment_id)
        where w.closes between date '2026-01-01' and date '2026-06-30'
            and not (closeout is not null and closeout <= w.closes and not interviewed)
        """).fetchall()[0]
    assert sample.execute("select count(distinct instrument) from assessments").fetchone()[0] > 1
    assert "SUPRT-A and SUPRT-C: the reassessment 150-210 days" in text
    assert f"{interviewed / due:.0%} ({interviewed:,} of {due:,};" in text
    # R3: enrolled Jan-Jun 2026 (all have 180 days by 20 Nov 2026? no: only to 23 May).
    recurred, enrolled = sample.execute("""
        select count(distinct case when ev.event_id is not null then e.enrollment_id end),
               count(distinct e.enrollment_id)
        from enrollments e left join events ev on ev.enrollment_id = e.enrollment_id
            and ev.event_type = 'recurrence' and ev.event_on >= e.enrolled_on
            and ev.event_on < e.enrolled_on + 180
        where e.enrolled_on between date '2026-01-01' and date '2026-06-30'
            and e.enrolled_on + 180 <= date '2026-11-20'""").fetchall()[0]
    assert f"{recurred / enrolled:.0%} ({recurred:,} of {enrolled:,};" in text


def test_each_monthly_rate_wears_making_data_counts_icons(monkeypatch, app_db):
    """The monthly rates with control limits: a variation badge each, in words (recurrence's
    5 final months give no limits, so no badge); the follow-up rate, with its 80% target, an
    assurance badge too (64% a month, its limits below 80%: it fails)."""
    at = run_app(monkeypatch, app_db, "analyst", page="outcomes", **OUTCOME_SECTIONS)
    badges = [m.value for m in at.markdown if "-badge[" in m.value]
    variations = [b for b in badges if " Variation: " in b]
    assert len(variations) == 3 - all_text(at).count("No control limits yet") == 2
    assert all(b.split(" Variation: ")[1].rstrip("]") in {
        "common cause", "improvement", "concern"} for b in variations)
    assert [b for b in badges if " Assurance: " in b] == [
        ":orange-badge[:material/cancel: Assurance: fail]"]


def test_funders_are_refused(monkeypatch, app_db):
    # The navigation never lists the page for a funder; the page's own guard is what stops a
    # request that reaches the file anyway (Streamlit's legacy pages/ discovery).
    assert not run_app(monkeypatch, app_db, "funder").exception
    at = AppTest.from_file(str(ROOT / "pages" / "outcomes.py"), default_timeout=60)
    at.session_state["role"] = "funder"
    at.run()
    assert not at.exception
    assert at.error[0].value.startswith("The Outcomes page is not open to the funder role.")
    assert not at.get("plotly_chart") and not at.dataframe


def test_the_url_narrows_to_a_program(monkeypatch, app_db, sample):
    at = run_app(monkeypatch, app_db, "analyst", page="outcomes",
                 programs="Pine Ridge Rural Outreach", dates=["2026-01-01", "2026-06-30"],
                 open_acute_care="true")
    assert not at.exception
    text = all_text(at)
    assert "Pine Ridge Rural Outreach · 1 Jan 2026 to 30 Jun 2026" in text
    program = scalar(sample, "select program_id from programs where program_name = "
                             "'Pine Ridge Rural Outreach'")
    overdoses = scalar(sample, """select count(*) from events ev join enrollments e
        on e.enrollment_id = ev.enrollment_id where e.program_id = $p
        and ev.event_type = 'overdose' and ev.event_on between date '2026-01-01'
        and date '2026-06-30'""", p=program)
    assert f"{overdoses:,} overdoses survived" in text


def test_no_matching_records_is_a_sentence(monkeypatch, app_db, sample):
    # A peer supervisor is nobody's primary worker: every figure is empty. The address names
    # a worker as the filter shows it.
    label = scalar(sample, """select w.display_name || ' · ' || p.program_name from workers w
        join programs p on p.program_id = w.program_id where w.role = 'peer_supervisor'
        order by w.worker_id limit 1""")
    at = run_app(monkeypatch, app_db, "supervisor", page="outcomes", workers=label)
    assert not at.exception
    assert any("No intakes, interviews, enrollments or events match these filters" in i.value
               for i in at.info)


def test_a_month_in_focus_leaves_the_interviews_due_as_of_the_sidebars_end(monkeypatch,
                                                                          app_db):
    def opened(**query: str) -> AppTest:  # straight from the address, as a reload opens it
        monkeypatch.setenv("PEERDASH_DB", str(app_db))
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.session_state["role"] = "supervisor"
        at.query_params.update(query)
        return at.switch_page("pages/outcomes.py").run()

    whole = opened()
    march = opened(focus="month:2026-03-01:March 2026")
    assert not march.exception and "Narrowed to **March 2026**" in all_text(march)
    listed = march.dataframe[0].value
    assert len(listed) > 0 and listed.equals(whole.dataframe[0].value)
    assert listed["Last attempt"].eq("None yet").all()
    assert listed["Days left"].is_monotonic_increasing, "the window closing soonest first"

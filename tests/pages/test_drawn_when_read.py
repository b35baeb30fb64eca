"""Outcomes, Engagement and Workforce drawn when read (issue 33): each opens on its headline
charts, its longer sections closed and built only when opened (here by their links,
?open_<key>=true); an opened section draws the figures the charts build, as they drew before;
a second view builds no figure (Aftercare's and Data completeness's too); a changed scope or
target is drawn afresh, never served the figure of another."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date

import plotly.graph_objects as go
import plotly.io
import pytest

from charts.outcomes import acute_care_chart, overdose_chart, rate_chart
from charts.rates import rate_bars
from metrics.headlines import headlines
from metrics.intervals import overall
from queries.aftercare import aftercare_figures
from queries.engagement import engagement_figures
from queries.outcomes import outcome_figures
from queries.scope import ALL, Scope
from settings import Settings
from tests.conftest import AS_OF
from tests.pages.apptest import (
    COMPLETENESS_SECTIONS,
    ENGAGEMENT_SECTIONS,
    OUTCOME_SECTIONS,
    WORKFORCE_SECTIONS,
    all_text,
    page_as,
    run_app,
)
from ui import figures
from ui.data import database
from ui.engagement_sections import LATER as ENGAGEMENT_LATER
from ui.outcome_sections import LATER as OUTCOME_LATER
from ui.shown import shown_figure
from ui.workforce_sections import LATER as WORKFORCE_LATER

DATES = {"dates": ["2026-01-01", "2026-06-30"]}
SCOPE = Scope(ALL, date(2026, 1, 1), date(2026, 6, 30))
HARBOR, PINE = "Harbor Recovery Community Center", "Pine Ridge Rural Outreach"


def specs(at) -> dict[str, dict]:
    """Each chart's figure as the browser gets it, by its key (the panel's, before ':')."""
    return {str(c.key).split(":")[0]: json.loads(c.proto.spec)
            for c in at.get("plotly_chart")}


def as_sent(fig: go.Figure) -> dict:
    """A figure as a page built it before it was kept: prepared, then plotly's JSON."""
    return json.loads(plotly.io.to_json(shown_figure(fig), validate=False))


@pytest.fixture
def counted(monkeypatch) -> list[str]:
    """Every figure the page under test built (ui.figures' cache emptied first): the title of
    each. The app opens on the Overview before switching to the page: its small multiples
    (titled by the headline cards) are not counted."""
    built: list[str] = []
    prepare = figures.drawn
    overview = {card.title for card in headlines(Settings().caseload_per_fte_threshold).values()}

    def counting(fig: go.Figure):
        title = fig.layout.title.text or ""
        if title.replace("<br>", " ") not in overview:
            built.append(title)
        return prepare(fig)

    monkeypatch.setattr(figures, "drawn", counting)
    figures.built_once.clear()
    return built


@pytest.mark.parametrize(("page", "headline", "later"), [
    ("outcomes", ["gpra_followup"], OUTCOME_LATER),
    ("engagement", ["active_and_contacts", "days_to_first_contact", "early_engagement",
                    "intakes_by_quarter"], ENGAGEMENT_LATER),
    ("workforce", ["caseload", "contact_load"], WORKFORCE_LATER)])
def test_a_page_opens_on_its_headline_with_its_sections_closed(monkeypatch, app_db, page,
                                                               headline, later):
    at = run_app(monkeypatch, app_db, "analyst", page=page)
    assert not at.exception
    assert list(specs(at)) == headline  # nothing of a closed section is built
    labels = [e.label for e in at.expander]
    assert [label for label in labels if label in later.values()] == list(later.values())


def test_opening_acute_care_draws_the_same_figures(monkeypatch, app_db):
    at = run_app(monkeypatch, app_db, "analyst", page="outcomes", open_acute_care="true",
                 **DATES)
    assert not at.exception
    drawn = specs(at)
    assert list(drawn) == ["gpra_followup", "acute_care", "readmissions", "overdoses"]
    frames = outcome_figures(database(str(app_db)), SCOPE, AS_OF)
    expected = {"acute_care": acute_care_chart(frames.acute),
                "readmissions": rate_chart(
                    frames.readmissions, x="label",
                    title="Readmissions within 30 days, % of admissions",
                    noun="hospital and detox admissions", x_title="Quarter", focus="quarter",
                    final="whole"),
                "overdoses": overdose_chart(frames.acute)}
    for key, fig in expected.items():
        assert drawn[key] == as_sent(fig), key


def test_opening_the_workers_draws_the_same_seventy_bars(monkeypatch, app_db):
    at = run_app(monkeypatch, app_db, "analyst", page="engagement", open_by_worker="true",
                 **DATES)
    assert not at.exception
    frames = engagement_figures(database(str(app_db)), SCOPE, AS_OF)
    built = rate_bars(frames.early_by_worker, category="worker_id", label="display_name",
                      noun="enrollments", title="Early engagement by primary peer worker",
                      x_title="2+ contacts in the first 30 days",
                      reference=overall(frames.early_by_month))
    assert specs(at)["early_engagement_by_worker"] == as_sent(built)
    # the "Narrow to" box offers every worker a click can narrow to, as before it was kept
    box = at.selectbox(key="narrow:early_engagement_by_worker:0")
    assert len(box.options) == frames.early_by_worker.height + 1  # and "Show all"


@pytest.mark.parametrize(("page", "sections", "charts"), [
    ("outcomes", OUTCOME_SECTIONS, 10), ("engagement", ENGAGEMENT_SECTIONS, 10),
    ("workforce", WORKFORCE_SECTIONS, 6), ("aftercare", {}, 3),
    ("completeness", COMPLETENESS_SECTIONS, 6)])
def test_a_second_view_builds_no_figure(monkeypatch, app_db, counted, page, sections, charts):
    first = run_app(monkeypatch, app_db, "analyst", page=page, **sections)
    assert not first.exception and len(first.get("plotly_chart")) == charts
    assert len(counted) == charts
    again = run_app(monkeypatch, app_db, "analyst", page=page, **sections)
    assert not again.exception and len(counted) == charts, "nothing built the second time"
    assert specs(again) == specs(first)


def test_another_program_is_drawn_afresh_not_served_the_first(monkeypatch, app_db, counted):
    harbor = run_app(monkeypatch, app_db, "analyst", page="engagement", programs=HARBOR,
                     **ENGAGEMENT_SECTIONS)
    pine = run_app(monkeypatch, app_db, "analyst", page="engagement", programs=PINE,
                   **ENGAGEMENT_SECTIONS)
    assert not harbor.exception and not pine.exception
    assert len(counted) == 20  # ten figures each
    workers = {name: {y for trace in specs(at)["early_engagement_by_worker"]["data"]
                      for y in trace.get("y", [])} for name, at in (("h", harbor), ("p", pine))}
    assert workers["h"] and workers["p"] and not workers["h"] & workers["p"]
    completion = specs(pine)["completion_by_program"]["data"]
    assert [len(t["y"]) for t in completion if t.get("type") == "bar"] == [1]
    assert "Pine Ridge Rural Outreach: " in all_text(pine)


def test_aftercare_of_another_program_is_drawn_afresh(monkeypatch, app_db, counted):
    harbor = run_app(monkeypatch, app_db, "analyst", page="aftercare", programs=HARBOR, **DATES)
    pine = run_app(monkeypatch, app_db, "analyst", page="aftercare", programs=PINE, **DATES)
    assert not harbor.exception and not pine.exception
    assert len(counted) == 6  # three figures each
    for at, program in ((harbor, "harbor"), (pine, "pine-ridge")):
        frames = aftercare_figures(database(str(app_db)), replace(SCOPE, programs=(program,)),
                                   AS_OF)
        built = rate_bars(frames.by_service, category="service", label="service_name",
                          noun="appointments", title="Attendance by service",
                          x_title="attended (% of attended or missed)",
                          reference=overall(frames.by_service))
        assert specs(at)["attendance_by_service"] == as_sent(built), program
    assert specs(harbor)["attendance_by_service"] != specs(pine)["attendance_by_service"]


def test_completeness_of_another_program_is_its_own_chart(monkeypatch, app_db, counted):
    harbor = run_app(monkeypatch, app_db, "analyst", page="completeness", programs=HARBOR,
                     **COMPLETENESS_SECTIONS)
    pine = run_app(monkeypatch, app_db, "analyst", page="completeness", programs=PINE,
                   **COMPLETENESS_SECTIONS)
    assert not harbor.exception and not pine.exception
    assert counted == [f"{HARBOR}: records a month, by type", f"{PINE}: records a month, by type"]
    for name, at in ((HARBOR, harbor), (PINE, pine)):
        [drawn] = specs(at).values()
        assert drawn["layout"]["title"]["text"].replace("<br>", " ").startswith(name)


def test_a_changed_target_is_drawn_afresh(monkeypatch, app_db, tmp_path, counted):
    """Targets change without the data version: the early engagement chart of Harbor drawn
    before its own target was set is not the one drawn after."""
    path = tmp_path / "targets.duckdb"
    shutil.copy(app_db, path)
    before = run_app(monkeypatch, path, "analyst", page="engagement", programs=HARBOR)
    at = page_as(monkeypatch, path, "targets", "analyst")
    at.selectbox[0].set_value("harbor")
    at.selectbox[1].set_value("early_engagement")
    at.number_input[0].set_value(90.0)
    at.button[0].click().run()
    assert not at.exception and at.success[0].value == "Saved."
    after = run_app(monkeypatch, path, "analyst", page="engagement", programs=HARBOR)
    assert not after.exception
    old, new = (json.dumps(specs(p)["early_engagement"]) for p in (before, after))
    assert "90%" not in old and "90%" in new
    assert counted.count("Early engagement, by month enrolled") == 2

"""The Funder report page through the router: funders and analysts get the suppressed report,
with no worker name and no participant id anywhere; supervisors are refused."""

from __future__ import annotations

import json

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from charts import pdf
from metrics.funder import FUNDER_METRICS
from tests.pages.apptest import AUTH, ROOT, all_text, run_app
from ui.access import pages_for

QUARTERS = {"dates": ["2025-12-01", "2026-11-20"]}  # the whole quarters 2025 Q4 to 2026 Q3


def everything(at) -> str:
    """Every text and every table cell on the page."""
    cells = "\n".join(df.value.to_csv() for df in at.dataframe)
    return all_text(at) + "\n" + cells


@pytest.fixture(scope="module")
def names(sample) -> dict[str, list[str]]:
    with sample.cursor() as cur:
        return {"workers": [r[0] for r in cur.execute(
                    "select display_name from workers").fetchall()],
                "worker_ids": [r[0] for r in cur.execute(
                    "select worker_id from workers").fetchall()],
                "participants": [r[0] for r in cur.execute(
                    "select participant_id from participants").fetchall()]}


@pytest.fixture(scope="module")
def large_names(large_app_db) -> list[str]:
    """The large database's worker names and ids, read before the app opens it."""
    con = duckdb.connect(str(large_app_db), read_only=True)
    try:
        return [v for row in con.execute("select display_name, worker_id from workers")
                .fetchall() for v in row]
    finally:
        con.close()


def test_a_funder_sees_the_three_questions_and_no_person(monkeypatch, app_db, names):
    at = run_app(monkeypatch, app_db, "funder", page="funder", **QUARTERS)
    assert not at.exception
    assert at.title[0].value == "Funder report"
    assert [h.value for h in at.header] == ["How much did we do?", "How well did we do it?",
                                            "Is anyone better off?"]
    assert len(at.dataframe) == len(FUNDER_METRICS)  # one table per metric
    text = everything(at)
    assert "All 6 programs · 2025 Q4 to 2026 Q3 · data through 20 Nov 2026" in text
    assert "* Hidden: fewer than 11" in text
    assert not [w for w in names["workers"] if w in text]
    assert not [p for p in names["participants"] if p in text]
    assert not [w for w in names["worker_ids"] if w in text]


def test_suppressed_cells_are_marked_never_blank(monkeypatch, app_db):
    at = run_app(monkeypatch, app_db, "funder", page="funder", **QUARTERS)
    tables = [df.value for df in at.dataframe]
    assert all((t != "").all().all() and not t.isna().any().any() for t in tables)
    assert any((t == "*").any().any() for t in tables)


def test_an_analyst_previews_the_same_report(monkeypatch, app_db):
    funder = run_app(monkeypatch, app_db, "funder", page="funder", **QUARTERS)
    analyst = run_app(monkeypatch, app_db, "analyst", page="funder", **QUARTERS)
    assert not analyst.exception
    assert "the analyst's preview: exactly what funders get" in all_text(analyst)
    assert [d.value.to_csv() for d in analyst.dataframe] == [
        d.value.to_csv() for d in funder.dataframe]


def test_a_supervisor_is_not_offered_the_page_and_is_refused_at_its_url(monkeypatch, app_db):
    assert "funder" not in {p.key for p in pages_for("supervisor")}
    monkeypatch.setenv("PEERDASH_DB", str(app_db))
    at = AppTest.from_file(str(ROOT / "pages" / "funder.py"), default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": "s@example.org", "peerdash_role": "supervisor",
               "peerdash_programs": ["harbor"]}
    at.run()
    assert not at.exception
    assert "page is not open to the supervisor role" in at.error[0].value
    assert not at.dataframe and not at.get("plotly_chart") and not at.title


def test_a_range_without_a_whole_quarter_is_a_sentence(monkeypatch, app_db):
    at = run_app(monkeypatch, app_db, "funder", page="funder", dates=["2026-10-01", "2026-11-20"])
    assert not at.exception and not at.dataframe
    assert "holds none that has ended" in at.info[0].value


def test_without_chromium_the_page_says_how_to_get_a_pdf(monkeypatch, app_db):
    monkeypatch.setattr(pdf, "BROWSERS", ("no-such-browser",))
    at = run_app(monkeypatch, app_db, "funder", page="funder", **QUARTERS)
    assert not at.exception
    assert pdf.NO_CHROMIUM in all_text(at)


def test_forty_programs_are_a_spread_and_the_extremes_never_a_line_each(monkeypatch, large_app_db,
                                                                        large_names):
    at = run_app(monkeypatch, large_app_db, "funder", page="funder", **QUARTERS)
    assert not at.exception
    assert len(at.dataframe) == len(FUNDER_METRICS)
    text = everything(at)
    assert "All 40 programs · 2025 Q4 to 2026 Q3" in text and "* Hidden" in text
    assert not [w for w in large_names if w in text]
    for chart in at.get("plotly_chart"):
        assert len(json.loads(chart.proto.spec)["data"]) <= 4, "no line or dot per program"

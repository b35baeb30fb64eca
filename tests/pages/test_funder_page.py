"""The Funder report page through the router: funders and analysts get the suppressed report,
summary and programs compared first, each metric's charts and table when its section is opened
(here by its link, ?open_R1=true), over every whole quarter or the quarters they choose, with
no worker name and no participant id anywhere; supervisors are refused."""

from __future__ import annotations

import json
from datetime import date

import duckdb
import plotly.io
import pytest
from streamlit.testing.v1 import AppTest

from access.viewer import Viewer
from charts import pdf
from charts.funder import trend
from charts.funder_compared import programs_chart
from charts.report import TREND
from metrics.funder import FUNDER_METRICS
from metrics.text import as_markdown
from release.summary import report, targets
from settings import Settings
from tests.pages.apptest import AUTH, FUNDER_SECTIONS, ROOT, all_text, run_app
from ui import data as cached
from ui import figures, funder_figures
from ui.access import pages_for
from ui.shown import shown_figure

QUARTERS = {"quarters": ["2025 Q4", "2026 Q3"]}  # the report's own span, in its URL
EVERY = FUNDER_SECTIONS  # every metric's section opened


def opened(*keys: str) -> dict[str, str]:
    """The URL's parameters that open these metrics' sections, as a link to them does."""
    return {f"open_{key}": "true" for key in keys}


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


def test_the_page_opens_on_the_summary_and_the_programs_compared_with_no_chart(monkeypatch,
                                                                                app_db):
    at = run_app(monkeypatch, app_db, "funder", page="funder", **QUARTERS)
    assert not at.exception
    assert [h.value for h in at.header] == ["Summary", "Programs compared", "How much did we do?",
                                            "How well did we do it?", "Is anyone better off?"]
    # the summary and the programs compared: static tables (their text wraps); no figure built
    assert not at.dataframe and len(at.table) == 2 and not at.get("plotly_chart")
    assert [e.label for e in at.expander][-len(FUNDER_METRICS):] == [
        m.title for m in FUNDER_METRICS.values()]
    compared = at.table[1].value
    funnelled = [m.title for k, m in FUNDER_METRICS.items() if k in
                 ("E4", "E7", "A1_7", "A1_30", "R1", "R2", "R3", "R6")]
    assert list(compared["Metric"]) == [as_markdown(t) for t in funnelled]  # shown as text
    assert set(compared["Placed against"].str[:12]) == {"all programs"}


def test_a_funder_sees_the_three_questions_and_no_person(monkeypatch, app_db, names):
    at = run_app(monkeypatch, app_db, "funder", page="funder", **QUARTERS, **EVERY)
    assert not at.exception
    assert at.title[0].value == "Funder report"
    assert [h.value for h in at.header] == ["Summary", "Programs compared", "How much did we do?",
                                            "How well did we do it?", "Is anyone better off?"]
    # a table per metric; the summary and the programs compared are static tables
    assert len(at.dataframe) == len(FUNDER_METRICS) and len(at.table) == 2
    text = everything(at)
    assert "All 6 programs · 2025 Q4 to 2026 Q3 · data through 20 Nov 2026" in text
    assert "* Hidden: fewer than 11" in text
    assert not [w for w in names["workers"] if w in text]
    assert not [p for p in names["participants"] if p in text]
    assert not [w for w in names["worker_ids"] if w in text]


def test_suppressed_cells_are_marked_never_blank(monkeypatch, app_db):
    at = run_app(monkeypatch, app_db, "funder", page="funder", **QUARTERS, **EVERY)
    tables = [df.value for df in [*at.dataframe, at.table[0]]]
    assert all((t != "").all().all() and not t.isna().any().any() for t in tables)
    assert any((t == "*").any().any() for t in tables)


def test_an_analyst_previews_the_same_report(monkeypatch, app_db):
    funder = run_app(monkeypatch, app_db, "funder", page="funder", **QUARTERS, **EVERY)
    analyst = run_app(monkeypatch, app_db, "analyst", page="funder", **QUARTERS, **EVERY)
    assert not analyst.exception
    assert "the analyst's preview: exactly what funders get" in all_text(analyst)
    assert [d.value.to_csv() for d in [*analyst.table, *analyst.dataframe]] == [
        d.value.to_csv() for d in [*funder.table, *funder.dataframe]]


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
    assert not at.dataframe and not at.table and not at.get("plotly_chart") and not at.title


def test_every_whole_quarter_is_shown_whatever_the_sidebars_dates(monkeypatch, app_db):
    """The sample runs 20 Nov 2024 to 20 Nov 2026: seven whole quarters, all shown unless the
    funder chooses fewer; the sidebar's dates (a month here) do not cut the report."""
    at = run_app(monkeypatch, app_db, "funder", page="funder", dates=["2026-10-01", "2026-11-20"],
                 **opened("E4"))
    assert not at.exception
    assert "All 6 programs · 2025 Q1 to 2026 Q3" in all_text(at)
    periods = set(at.dataframe[0].value["Quarter"])  # E4's table, its section the one open
    assert periods == {f"{y} Q{q}" for y, q in [(2025, 1), (2025, 2), (2025, 3), (2025, 4),
                                                (2026, 1), (2026, 2), (2026, 3)]} | {
        "2025 (whole year)"}  # each program's 2025, its four quarters released (2026's not)


def test_the_summary_comes_first_with_a_sentence_per_metric(monkeypatch, app_db):
    at = run_app(monkeypatch, app_db, "funder", page="funder", **QUARTERS, **opened("R1"))
    summary = at.table[0].value
    assert list(summary.columns) == ["Metric", "Quarter", "Now", "Quarter before",
                                     "Year before", "Target"]
    # a static table's cells are markdown: each title escaped, shown as written
    assert list(summary["Metric"]) == [as_markdown(m.title) for m in FUNDER_METRICS.values()]
    r1 = summary[summary["Metric"] == as_markdown(FUNDER_METRICS["R1"].title)].iloc[0]
    # one quarter for every metric: the latest whose every window has closed (R3's 180 days)
    assert r1["Target"] == "80%" and set(summary["Quarter"]) == {"2026 Q1"}
    # the summary's figure is the R1 table's all-program figure of that quarter
    r1_table = at.dataframe[0].value  # R1's, its section the one open
    total = r1_table[(r1_table["Program"] == "All programs") & (r1_table["Quarter"] == "2026 Q1")]
    assert as_markdown(total.iloc[0]["Rate"]) == r1["Now"]  # the static cell, escaped
    text = all_text(at)
    assert text.index("Summary") < text.index("How much did we do?")
    assert "Follow-up rate \\(GPRA" in text and "the target of 80%" in text


def test_without_chromium_the_page_says_how_to_get_a_pdf(monkeypatch, app_db):
    monkeypatch.setattr(pdf, "BROWSERS", ("no-such-browser",))
    at = run_app(monkeypatch, app_db, "funder", page="funder", **QUARTERS)
    assert not at.exception
    assert pdf.NO_CHROMIUM in all_text(at)


@pytest.mark.slow  # a database of 40 programs and its release: about 18 s
def test_forty_programs_are_a_spread_and_the_extremes_never_a_line_each(monkeypatch, large_app_db,
                                                                        large_names):
    at = run_app(monkeypatch, large_app_db, "funder", page="funder", **QUARTERS, **EVERY)
    assert not at.exception
    assert len(at.dataframe) == len(FUNDER_METRICS) and len(at.table) == 2
    text = everything(at)
    assert "All 40 programs · 2025 Q4 to 2026 Q3" in text and "* Hidden" in text
    assert not [w for w in large_names if w in text]
    for chart in at.get("plotly_chart"):  # a funnel: 4 limit lines and a trace per band
        traces = json.loads(chart.proto.spec)["data"]
        assert len(traces) <= 9, "no line or dot per program"
        assert not [t for t in traces if t.get("name") in large_names]


def test_the_funnels_may_be_centred_on_the_targets(monkeypatch, app_db):
    around_all = all_text(run_app(monkeypatch, app_db, "funder", page="funder", **QUARTERS,
                                  **EVERY))
    at = run_app(monkeypatch, app_db, "funder", page="funder", centre="Target", **QUARTERS,
                 **EVERY)
    assert not at.exception
    text = all_text(at)
    assert "placed against the target \\(80.0%\\)" in text  # R1, A1_30: their targets
    assert "placed against the target" not in around_all
    assert "placed against all programs" in text  # E4 has no target: all programs' rate


@pytest.mark.parametrize("role", ["funder", "analyst"])
def test_the_sidebars_filters_are_off_on_the_report_and_said_so(monkeypatch, app_db, role):
    """The report reads its own quarters and the viewer's programs: the sidebar's dates (and
    an analyst's programs) are shown disabled there, kept for the other pages, with a
    sentence; on the Overview they work."""
    report = run_app(monkeypatch, app_db, role, page="funder", **QUARTERS)
    assert not report.exception
    assert report.sidebar.date_input[0].disabled
    assert all(box.disabled for box in report.sidebar.multiselect)
    assert any("these filters apply to the other pages" in c.value
               for c in report.sidebar.caption)
    overview = run_app(monkeypatch, app_db, role)
    assert not overview.sidebar.date_input[0].disabled


def test_the_funnels_words_are_explained_beside_them(monkeypatch, app_db):
    """phi and tau, said under each funnel, are explained in plain words right there."""
    at = run_app(monkeypatch, app_db, "funder", page="funder", **QUARTERS, **opened("R1"))
    assert "What the words mean" in [e.label for e in at.expander]
    text = all_text(at)
    assert "phi = " in text
    assert "How much more the programs differ from one another than chance" in text


def _report_of(app_db):
    """The report the page shows for QUARTERS, built here as pages/funder.py builds it."""
    db = str(app_db)
    version = cached.database(db).data_version()
    first, last = cached.data_span(db, version)
    assert first is not None and last is not None
    viewer = Viewer("funder@example.org", "funder", None)
    whole = cached.funder(db, version, first, last, last, viewer)
    return report(whole, (date(2025, 10, 1), date(2026, 9, 30)), targets(Settings()),
                  years=cached.funder_years(db, version, last, viewer))


def test_an_opened_metric_draws_the_same_figures_as_ever(monkeypatch, app_db):
    """Opening R1 draws its trend and its funnel, trace for trace as the charts build them."""
    at = run_app(monkeypatch, app_db, "funder", page="funder", **QUARTERS, **opened("R1"))
    assert not at.exception
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert len(charts) == 2 and len(at.dataframe) == 1  # its table; the summary is static
    shown = _report_of(app_db)
    expected = [shown_figure(trend(shown.figures["R1"], FUNDER_METRICS["R1"], TREND)),
                shown_figure(programs_chart("R1", shown.figures["R1"], shown.funnels))]
    for drawn, built in zip(charts, expected, strict=True):
        built = json.loads(plotly.io.to_json(built, validate=False))
        assert drawn["data"] == built["data"]
        assert drawn["layout"]["title"] == built["layout"]["title"]


def test_a_figure_is_built_once_for_every_later_view(monkeypatch, app_db):
    """Two visits with R1 open: its trend is built on the first, read from the cache after."""
    built: list[str] = []
    draw = funder_figures.trend_chart

    def counted(frame, metric, title):
        built.append(metric.title)
        return draw(frame, metric, title)

    monkeypatch.setattr(funder_figures, "trend_chart", counted)
    figures.built_once.clear()
    for _ in range(2):
        at = run_app(monkeypatch, app_db, "funder", page="funder", **QUARTERS, **opened("R1"))
        assert not at.exception and len(at.get("plotly_chart")) == 2
    assert built == [FUNDER_METRICS["R1"].title]


def test_an_opened_metric_stays_open_when_the_funnels_centre_changes(monkeypatch, app_db):
    """The section's key is stable: a rerun from another widget leaves R1 open, its funnel
    now centred on the target."""
    monkeypatch.setenv("PEERDASH_DB", str(app_db))
    at = AppTest.from_file(str(ROOT / "pages" / "funder.py"), default_timeout=60)
    at.session_state["role"] = "funder"
    at.query_params.update({**QUARTERS, **opened("R1")})
    at.run()
    assert not at.exception and len(at.get("plotly_chart")) == 2
    at.radio(key="centre").set_value("Target").run()
    assert not at.exception and len(at.get("plotly_chart")) == 2
    assert "placed against the target \\(80.0%\\)" in all_text(at)

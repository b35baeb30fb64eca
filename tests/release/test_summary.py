"""The funder report's summary and funnels on the sample's release: every figure they show is a
cell the release publishes (the summary's equal the tables' all-program rows, a funnel's
points the shown program rows), the release covers every whole quarter, and a window that has
not closed says so."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from charts.funder import display_table, figure_text
from charts.funder_summary import NOT_CLOSED, sentence, summary_table
from charts.funnel import funnel_reading
from metrics.funder import FUNDER_METRICS, TOTAL
from queries.funder import funder_release, release_truth
from release.funnel import funnel, funnels
from release.summary import quarters, report, targets
from settings import Settings
from store.database import Database
from tests.metrics.test_funnel import scipy_limit as limit

SPAN = (date(2025, 1, 1), date(2026, 9, 30))


@pytest.fixture(scope="module")
def release(sample, sample_path):
    db = Database(sample, sample_path)
    return funder_release(db, db.frame("data_span").row(0)[1])


@pytest.fixture(scope="module")
def shown(release):
    return report(release.tables, SPAN, targets(Settings()))


def test_the_release_covers_every_whole_quarter_of_the_data(release):
    """The sample runs from 20 Nov 2024 to 20 Nov 2026: 2024 Q4 is not whole (it would read
    as a dip) and 2026 Q4 has not ended, so 2025 Q1 to 2026 Q3, seven quarters."""
    assert quarters(release.tables) == [date(2025, 1, 1), date(2025, 4, 1), date(2025, 7, 1),
                                        date(2025, 10, 1), date(2026, 1, 1), date(2026, 4, 1),
                                        date(2026, 7, 1)]


def _total(release, key: str, quarter: date) -> dict:
    return release.tables[key].filter("is_total", pl.col("quarter") == quarter).row(0, named=True)


def test_the_summarys_figures_equal_the_release_tables_all_program_rows(release, shown):
    assert [line.key for line in shown.lines] == list(FUNDER_METRICS)
    table = summary_table(shown.lines)
    for line, row in zip(shown.lines, table.iter_rows(named=True), strict=True):
        metric = FUNDER_METRICS[line.key]
        assert line.now is not None, line.key
        for point, column in ((line.now, "Now"), (line.before, "Quarter before"),
                              (line.year_ago, "Year before")):
            published = _total(release, line.key, point.quarter)
            assert point.suppressed == published["suppressed"]
            assert row[column] == figure_text(published, metric)  # the table says the same
            if not point.suppressed:
                figure = published["numerator"] if metric.kind == "count" else published["value"]
                assert point.value == figure
        assert (line.now.quarter.month - line.before.quarter.month) % 12 == 3
        assert line.year_ago.quarter == line.now.quarter.replace(year=line.now.quarter.year - 1)


def test_now_is_one_quarter_for_every_metric_the_latest_whose_windows_have_all_closed(
        release, shown):
    # As of 20 Nov 2026, R3's 180 days after enrolling have closed for 2026 Q1 (31 Mar + 180
    # = 27 Sep) and not for Q2 (30 Jun + 180 = 27 Dec): so "Now" is 2026 Q1 for every metric,
    # even A1 whose Q3 is complete, and never an older quarter where Q1's figure is hidden.
    assert _total(release, "R3", date(2026, 4, 1))["window_open"]
    assert not _total(release, "R3", date(2026, 1, 1))["window_open"]
    assert {line.now.quarter for line in shown.lines} == {date(2026, 1, 1)}
    for line in shown.lines:
        assert not line.now.window_open, line.key
        if line.now.suppressed:
            assert "hidden in 2026 Q1" in sentence(line)


def test_r1_is_held_to_the_federal_80_percent_and_the_others_to_their_settings(shown):
    lines = {line.key: line for line in shown.lines}
    assert lines["R1"].target == Settings().followup_rate_target == 0.80  # federal
    assert lines["A1_30"].target == Settings().followup_30_target
    assert lines["E4"].target is None  # 0: none set
    chosen = targets(Settings(early_engagement_target=0.9, recurrence_target=0.25))
    assert chosen["E4"] == 0.9 and chosen["R3"] == 0.25
    r1 = lines["R1"]
    assert f"{r1.now.value:.1%} in 2026 Q1" in sentence(r1)
    assert ("short of" if r1.now.value < 0.8 else "meets") + " the target of 80%" in sentence(r1)


def test_a_window_not_yet_closed_is_said_so_never_no_data(release):
    r3 = release.tables["R3"].filter(pl.col("quarter") == date(2026, 7, 1))
    table = display_table(r3, FUNDER_METRICS["R3"])
    assert set(table["Rate"]) == {NOT_CLOSED}
    assert "No data" not in table.to_pandas().to_string()


def test_each_funnel_places_exactly_the_shown_program_cells_of_its_quarter(release, shown):
    assert set(shown.funnels) == {k for k in FUNDER_METRICS if funnels(k)}
    for key, placed in shown.funnels.items():
        assert placed is not None, key
        rows = release.tables[key].filter(pl.col("quarter") == placed.quarter)
        assert placed.centre == rows.filter("is_total")["value"][0]
        published = rows.filter(~pl.col("is_total"), ~pl.col("suppressed"),
                                pl.col("denominator") > 0)
        assert placed.points.select("program_name", "numerator", "denominator", "value") \
            .sort("program_name").equals(published.select(
                "program_name", "numerator", "denominator", "value").sort("program_name"))
        assert placed.hidden == rows.filter(~pl.col("is_total")).height - published.height
        assert TOTAL not in placed.points["program_name"].to_list()


def test_each_funnels_bands_follow_the_exact_binomial_limits(shown):
    """Recomputed with scipy.stats.binom: a program is outside the 99.8% limits when its rate
    is beyond the 0.1% / 99.9% quantiles (interpolated as Spiegelhalter does)."""
    binomial = [p for p in shown.funnels.values() if p.check.tau2 == 0]  # not over-dispersed
    assert len(binomial) >= len(shown.funnels) // 2  # (rounding can make a small one look so)
    for placed in binomial:
        for name, n, value, band in placed.points.select(
                "program_name", "denominator", "value", "band").iter_rows():
            outer = value < limit(n, placed.centre, 0.001) or value > limit(n, placed.centre,
                                                                            0.999)
            inner = value < limit(n, placed.centre, 0.025) or value > limit(n, placed.centre,
                                                                            0.975)
            assert band.endswith("99.8%") == outer, name
            assert (band != "within") == inner, name


def test_programs_outside_the_limits_are_named_and_overdispersion_widens_them():
    """Twelve programs of 200 spread from 40% to 60% around 50%, and two far out (20% and
    85%), which the winsorising pulls in to their neighbours (one each side: 10% of twelve).
    phi is still above 1 + 2 sqrt(2/12) = 1.82, so tau^2 > 0 and the limits widen; the
    reading names who is outside."""
    rates = {"Alder": 0.20, "Birch": 0.40, "Cedar": 0.50, "Dogwood": 0.52, "Elm": 0.45,
             "Fir": 0.85, "Gum": 0.42, "Hazel": 0.48, "Ivy": 0.50, "Juniper": 0.55,
             "Larch": 0.58, "Maple": 0.60}
    q = date(2026, 7, 1)
    rows = [{"quarter": q, "program_name": p, "numerator": int(r * 200), "denominator": 200,
             "value": int(r * 200) / 200, "suppressed": False, "is_total": False}
            for p, r in rates.items()]
    total = sum(int(r * 200) for r in rates.values())
    rows.append({"quarter": q, "program_name": TOTAL, "numerator": total, "denominator": 2400,
                 "value": total / 2400, "suppressed": False, "is_total": True})
    placed = funnel(pl.DataFrame(rows), "A1_30")
    assert placed.check.over and placed.check.tau2 > 0
    low, high = placed.curve["low 99.8%"][-1], placed.curve["high 99.8%"][-1]
    assert high - low > 2 * 3.09 * (0.25 / placed.curve["n"][-1]) ** 0.5  # wider than binomial
    bands = dict(placed.points.select("program_name", "band").iter_rows())
    text = funnel_reading(placed, FUNDER_METRICS["A1_30"])
    assert "Over-dispersion: phi =" in text and "tau =" in text
    for name in (p for p, b in bands.items() if b != "within"):
        assert name in text
    assert bands["Alder"].startswith("below") and bands["Fir"].startswith("above")
    assert bands["Cedar"] == "within"


def test_a_states_hundreds_outside_the_limits_are_counted_past_the_first_eight():
    """200 programs of 400: 180 at the 50% centre, 20 at 60% (z = 4, beyond the 99.8% limit
    of about 57.7%). Winsorised by rank, the twenty are the top 10% and are set to the next
    score, 0: phi is 0, within range, so the limits stay binomial; the reading names eight of
    the twenty and counts the other twelve."""
    q = date(2026, 7, 1)
    rows = [{"quarter": q, "program_name": f"P{i:03}", "numerator": 240 if i < 20 else 200,
             "denominator": 400, "value": 0.6 if i < 20 else 0.5, "suppressed": False,
             "is_total": False} for i in range(200)]
    rows.append({"quarter": q, "program_name": TOTAL, "numerator": 40400, "denominator": 80800,
                 "value": 0.5, "suppressed": False, "is_total": True})
    placed = funnel(pl.DataFrame(rows), "R1")
    assert placed.check.phi == 0 and placed.check.tau2 == 0
    text = funnel_reading(placed, FUNDER_METRICS["R1"])
    assert text.count("outside the 99.8% limits") == 8 and "; and 12 more." in text


def test_a_funnel_may_be_centred_on_the_target_instead(release):
    """R1 around the federal 80% rather than all programs' rate: the same shown programs, the
    limits around 80%, and the reading says so."""
    shown = report(release.tables, SPAN, targets(Settings()), on_target=True)
    r1, a1 = shown.funnels["R1"], shown.funnels["A1_30"]
    assert r1.centre == 0.80 and r1.around == "the target"
    assert a1.centre == Settings().followup_30_target
    assert "E4" not in targets(Settings()) and shown.funnels["E4"].around == "all programs"
    assert "against the target (80.0%)" in funnel_reading(r1, FUNDER_METRICS["R1"])
    around_all = report(release.tables, SPAN, targets(Settings())).funnels["R1"]
    assert r1.points.drop("z", "band").equals(around_all.points.drop("z", "band"))


def test_no_funnel_compares_programs_on_an_unfinished_quarter(sample, sample_path, shown):
    """A funnel is drawn on a quarter whose window has closed for everyone in it: R3's counts
    every enrollment of its quarter (each has had its 180 days), never the part of a quarter
    that has had them so far (the issue's 347 of 455)."""
    db = Database(sample, sample_path)
    truth = release_truth(db, db.frame("data_span").row(0)[1])
    for key, placed in shown.funnels.items():
        row = truth[key].filter("is_total", pl.col("quarter") == placed.quarter)
        assert not row["window_open"][0], key
    quarter = shown.funnels["R3"].quarter
    enrolled = sample.execute("select count(*) from enrollments where enrolled_on >= ? and "
                              "enrolled_on < ? + interval 3 month", [quarter, quarter]
                              ).fetchone()[0]
    counted = truth["R3"].filter("is_total", pl.col("quarter") == quarter)["denominator"][0]
    assert (quarter, counted) == (date(2026, 1, 1), enrolled) and counted > 0

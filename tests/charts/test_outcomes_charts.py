"""The Outcomes charts: what a reader sees in each (heights, intervals, hover figures with n,
click data) from small frames built here."""

from __future__ import annotations

import math
from datetime import date

import polars as pl
import pytest

from charts.outcomes import (
    acute_care_chart,
    intake_vs_six_months,
    overdose_chart,
    rate_chart,
)
from charts.palette import PRIMARY, PROVISIONAL
from charts.survival import survival_chart
from metrics.intervals import as_rate
from queries.survival import kaplan_meier
from tests.queries.survival_reference import numbers_at_risk

D = date.fromisoformat
SPEC = {"x": "month", "title": "Follow-up", "noun": "intakes due", "label": "label",
        "final": "whole"}


def followup() -> pl.DataFrame:
    frame = pl.DataFrame({"month": [D("2026-01-01"), D("2026-02-01"), D("2026-03-01")],
                          "label": ["January 2026", "February 2026", "March 2026"],
                          "interviewed": [5, 0, 3], "due": [8, 0, 4],
                          "whole": [True, True, False]})
    return as_rate(frame, "interviewed", "due")


def test_a_rate_with_its_interval_n_and_click_data():
    fig = rate_chart(followup(), **SPEC, target=0.8)
    bar = fig.data[0]
    # The month with nobody due has no bar at all (not a 0%).
    assert list(bar.y) == [62.5, 75.0]
    # Wilson 5 of 8: 30.6% to 86.3%
    assert bar.error_y.arrayminus[0] == pytest.approx(62.5 - 30.57, abs=0.01)
    assert bar.error_y.array[0] == pytest.approx(86.32 - 62.5, abs=0.01)
    assert bar.hovertext[0] == ("<b>January 2026</b>: 62.5% (5 of 8 intakes due; 95% CI "
                                "30.6%–86.3%)")
    assert list(bar.marker.color) == [PRIMARY, "white"]  # March is not over: hollow, grey
    assert list(bar.marker.line.color) == [PRIMARY, PROVISIONAL]
    assert bar.hovertext[1].endswith("(not final)")
    assert bar.customdata[1].tolist() == ["2026-03-01", "March 2026"]
    assert fig.layout.shapes[0].y0 == 80 and "target 80%" in fig.layout.annotations[0].text


def test_no_rate_says_so():
    fig = rate_chart(followup().filter(pl.col("denominator") == 0), **SPEC)
    assert fig.layout.annotations[0].text == "No records for these filters"


def test_the_survival_chart_has_bands_and_numbers_at_risk():
    # 12 subjects followed 40, 50, ..., 150 days: events and censorings alternating.
    subjects = pl.DataFrame({"group": ["late"] * 12, "time": list(range(40, 160, 10)),
                             "event": [True, False] * 6})
    curves = kaplan_meier(subjects, group="group")
    at_risk = numbers_at_risk(subjects, [0, 30, 60, 90], group="group")
    fig = survival_chart(curves, at_risk, "Time", origins={"late": 30})
    high, low, line, table = fig.data
    assert line.name == "late" and line.line.shape == "hv"
    assert line.x[0] == 30 and line.y[0] == 100.0  # starts at its origin, at 100%
    assert low.fill == "tonexty" and high.hoverinfo == "skip"
    # At 40, 12 at risk, 1 event: 91.7%. The curve stops before fewer than 10 are at risk
    # (from day 70 on).
    assert line.y[1] == pytest.approx(100 * 11 / 12)
    assert max(line.x) == 60
    assert list(table.text) == ["12", "12", "10", "7"] and list(table.x) == [0, 30, 60, 90]
    assert "recurrence-free" in line.hovertext[1] and "95% interval" in line.hovertext[1]


def acute() -> pl.DataFrame:
    return pl.DataFrame({
        "quarter": [D("2026-01-01"), D("2026-04-01")],
        "label": ["2026 Q1", "2026 Q2 (1 Apr to 20 May)"], "active": [10, 9],
        **{k: [1, 2] for k in ("ed_visits", "hospital_admissions", "detox_admissions")},
        **{f"{k}_per_100": [10.0, 200 / 9] for k in ("ed_visits", "hospital_admissions",
                                                    "detox_admissions")},
        "overdoses": [0, 2], "overdose_deaths": [1, 0]})


def test_acute_care_per_100_by_quarter_narrows_to_the_quarter():
    fig = acute_care_chart(acute())
    assert [t.name for t in fig.data] == ["ED visits", "Hospital admissions",
                                          "Detox admissions"]
    detox = fig.data[2]
    assert list(detox.x) == ["2026 Q1", "2026 Q2<br>(1 Apr to 20 May)"]
    assert detox.hovertext[1] == ("<b>2026 Q2 (1 Apr to 20 May)</b>: Detox admissions 22.2 "
                                  "per 100 (2 among 9 active)")
    assert detox.customdata[1].tolist() == ["2026-04-01", "2026 Q2 (1 Apr to 20 May)"]


def test_overdoses_stacked_with_deaths_apart():
    fig = overdose_chart(acute())
    assert fig.layout.barmode == "stack"
    assert [list(t.y) for t in fig.data] == [[0, 2], [1, 0]]
    assert fig.data[1].hovertext[0] == "<b>2026 Q1</b>: 1 overdose deaths"


def test_intake_against_six_months_side_by_side():
    frame = as_rate(pl.DataFrame({
        "measure": ["Stably housed"] * 2 + ["Employed or in school"] * 2,
        "wave": ["Intake", "6 months"] * 2, "answered": [3, 3, 0, 0], "yes": [1, 2, 0, 0]}),
        "yes", "answered")
    fig = intake_vs_six_months(frame)
    assert [t.name for t in fig.data] == ["Intake", "6 months"]
    assert fig.data[1].orientation == "h"
    assert fig.data[1].x[0] == pytest.approx(200 / 3)
    assert fig.data[1].hovertext[0] == ("<b>Stably housed</b>: 66.7% (2 of 3 answering at "
                                        "both, at 6 months; 95% CI 20.8%–93.9%)")
    # A measure no one answered at both waves keeps its row, with no bar and a sentence.
    assert math.isnan(fig.data[1].x[1])
    assert fig.data[1].hovertext[1] == "<b>Employed or in school</b>: no one answered at both"

"""Funnels right with any number of programs (issue 34), on hand-built release tables: one
program is drawn with no limits (there is nothing to compare), two give finite limits and a
finite tau, thirty winsorise their extremes by rank; each is centred on the programs' pooled
rate with the target drawn as a line of its own."""

from __future__ import annotations

import math
from datetime import date

import polars as pl

from charts.funnel import funnel_chart, funnel_reading
from metrics.funder import FUNDER_METRICS
from release.funnel import funnel

Q = date(2026, 1, 1)
R1 = FUNDER_METRICS["R1"]


def _table(programs: list[tuple[int, int]]) -> pl.DataFrame:
    """A quarter of a release table: each program's numerator and denominator, and the total."""
    rows = [{"program_name": f"P{i:02}", "numerator": x, "denominator": n, "is_total": False}
            for i, (x, n) in enumerate(programs)]
    rows.append({"program_name": "All programs", "numerator": sum(x for x, _ in programs),
                 "denominator": sum(n for _, n in programs), "is_total": True})
    return pl.DataFrame(rows).with_columns(
        quarter=pl.lit(Q), suppressed=pl.lit(False),
        value=pl.col("numerator") / pl.col("denominator"))


def _limit_traces(fig) -> list[str]:
    return [t.name for t in fig.data if t.mode == "lines"]


def test_one_program_is_placed_with_no_limits_and_no_tau():
    one = funnel(_table([(30, 50)]), "R1", target=0.8)
    assert one is not None and not one.compared
    assert one.curve.is_empty() and one.points["band"].to_list() == ["within"]
    said = funnel_reading(one, R1)
    assert said.startswith("2026 Q1: only P00 can be placed (60.0%, n = 50). With no other "
                           "program to compare it with, no limits are drawn.")
    assert "tau" not in said and "inf" not in said and "phi" not in said
    assert "The target (80.0%) is the dotted line: 1 of the 1 program placed is below it." in said
    assert _limit_traces(funnel_chart(one, R1, "R1")) == []


def test_two_programs_give_finite_limits_and_a_finite_tau():
    two = funnel(_table([(30, 50), (45, 50)]), "R1")
    assert two is not None and two.compared and two.centre == 0.75  # pooled: 75 of 100
    # z = -/+0.15 / sqrt(.75 x .25 / 50) = -/+2.449; phi = 6.0 > 1 + 2 sqrt(2/2) = 3;
    # tau^2 = (2 x 6 - 1) / (533.3 - 266.7) = 0.04125, tau = 20.3%
    assert math.isclose(two.check.phi, 6.0, rel_tol=1e-9)
    assert math.isclose(two.check.tau2, 0.04125, rel_tol=1e-9)
    assert "tau = 20.3%" in funnel_reading(two, R1)
    assert two.points["band"].to_list() == ["within", "within"]  # 0.75 -/+ 1.96 x 0.212
    assert all(0 <= v <= 1 for c in two.curve.columns[1:] for v in two.curve[c])
    assert len(_limit_traces(funnel_chart(two, R1, "R1"))) == 4


def test_thirty_programs_winsorise_their_extremes_and_name_them():
    table = _table([(70, 100)] * 28 + [(95, 100), (40, 100)])
    thirty = funnel(table, "R1", target=0.8)
    assert thirty is not None and thirty.around == "all programs"
    assert math.isclose(thirty.centre, 2095 / 3000)  # the pooled rate, not the target
    assert not thirty.check.over  # the two extremes pulled in: the rest agree
    bands = dict(zip(thirty.points["program_name"], thirty.points["band"], strict=True))
    assert (bands["P28"], bands["P29"]) == ("above 99.8%", "below 99.8%")
    assert set(bands.values()) - {"above 99.8%", "below 99.8%"} == {"within"}
    said = funnel_reading(thirty, R1)
    assert "Above the limits: P28 (95.0%, n = 100; outside the 99.8% limits)." in said
    assert "The target (80.0%) is the dotted line: 29 of the 30 programs placed are below it." \
        in said
    lines = [s.line.dash for s in funnel_chart(thirty, R1, "R1").layout.shapes]
    assert "dot" in lines  # the target, a line of its own beside the centre


def test_a_funnel_centred_on_the_target_draws_no_second_target_line():
    on = funnel(_table([(30, 50), (45, 50)]), "R1", target=0.8, on_target=True)
    assert on is not None and on.centre == 0.8 and on.around == "the target"
    assert "dotted line" not in funnel_reading(on, R1)
    assert [s.line.dash for s in funnel_chart(on, R1, "R1").layout.shapes] == [None]

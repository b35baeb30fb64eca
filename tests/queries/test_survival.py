"""Kaplan-Meier against a published example and at the edges of censoring."""

from __future__ import annotations

import polars as pl
import pytest

from queries.survival import kaplan_meier
from tests.queries.survival_reference import numbers_at_risk, survival_at

# Freireich et al. (1963), the 6-MP arm as Gehan (1965) gives it: weeks in remission,
# a star for a censored time: 6,6,6,6*,7,9*,10,10*,11*,13,16,17*,19*,20*,22,23,25*,32*,32*,
# 34*,35*.
SIX_MP = [(6, True), (6, True), (6, True), (6, False), (7, True), (9, False), (10, True),
          (10, False), (11, False), (13, True), (16, True), (17, False), (19, False),
          (20, False), (22, True), (23, True), (25, False), (32, False), (32, False),
          (34, False), (35, False)]
# Kleinbaum & Klein, Survival Analysis, table 2.2 (S by hand: 18/21, x16/17, x14/15, ...), and
# R: summary(survfit(Surv(time, status) ~ 1, conf.type = "log-log")) for its error and interval.
PUBLISHED = {  # time: (at risk, events, S(t), std err, lower 95%, upper 95%)
    6: (21, 3, 0.857, 0.0764, 0.620, 0.952),
    7: (17, 1, 0.807, 0.0869, 0.563, 0.923),
    10: (15, 1, 0.753, 0.0963, 0.503, 0.889),
    13: (12, 1, 0.690, 0.1068, 0.432, 0.849),
    16: (11, 1, 0.627, 0.1141, 0.368, 0.805),
    22: (7, 1, 0.538, 0.1282, 0.268, 0.747),
    23: (6, 1, 0.448, 0.1346, 0.188, 0.680),
}


def subjects(rows: list[tuple[int, bool]], group: str | None = None) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema={"time": pl.Int64, "event": pl.Boolean}, orient="row")
    return frame.with_columns(tier=pl.lit(group)) if group else frame


def by_time(curve: pl.DataFrame) -> dict[int, dict]:
    return {row["time"]: row for row in curve.iter_rows(named=True)}


def test_the_six_mp_arm_matches_the_textbook():
    curve = by_time(kaplan_meier(subjects(SIX_MP)))
    for t, (at_risk, events, s, se, low, high) in PUBLISHED.items():
        row = curve[t]
        assert (row["at_risk"], row["events"]) == (at_risk, events), t
        assert row["survival"] == pytest.approx(s, abs=5e-4), t
        assert row["std_err"] == pytest.approx(se, abs=5e-5), t
        assert (row["low"], row["high"]) == (pytest.approx(low, abs=5e-4),
                                             pytest.approx(high, abs=5e-4)), t
    # Censored times step nothing: S stays 0.448 to the end, with 1 at risk at 35 weeks.
    assert curve[35]["survival"] == pytest.approx(0.448, abs=5e-4)
    assert curve[35]["at_risk"] == 1 and curve[32]["censored"] == 2


def test_survival_at_reads_the_step_function():
    curve = kaplan_meier(subjects(SIX_MP))
    at = survival_at(curve, [0, 5, 6, 9, 22, 35, 36])["survival"].to_list()
    assert at[:2] == [1.0, 1.0]  # no event before week 6
    assert at[2:6] == pytest.approx([18 / 21, 18 / 21 * 16 / 17, 0.538, 0.448], abs=5e-4)
    assert at[6] is None  # beyond the last observed time nobody is followed


def test_numbers_at_risk_under_the_chart():
    risk = numbers_at_risk(subjects(SIX_MP), [0, 10, 20, 30, 40])
    # At week 10: the 15 with times 10 and later; at 20: 20, 22, 23, 25, 32, 32, 34, 35.
    assert risk["at_risk"].to_list() == [21, 15, 8, 4, 0]


def test_all_censored_stays_at_one_with_no_width():
    curve = kaplan_meier(subjects([(3, False), (5, False), (5, False)]))
    assert curve["survival"].to_list() == [1.0, 1.0]
    assert curve["std_err"].to_list() == [0.0, 0.0]
    assert curve["low"].to_list() == [1.0, 1.0] and curve["high"].to_list() == [1.0, 1.0]
    assert curve["at_risk"].to_list() == [3, 2]


def test_an_event_and_a_censoring_at_the_same_time_event_first():
    # Four subjects: events at 2 and 4, a censoring at 4, an event at 6.
    # At 4, the one censored at 4 is still at risk: 3 at risk, S = 3/4 x 2/3 = 1/2.
    # At 6, 1 at risk, 1 event: S = 0, and no interval (the variance is infinite).
    curve = by_time(kaplan_meier(subjects([(2, True), (4, True), (4, False), (6, True)])))
    assert (curve[4]["at_risk"], curve[4]["events"], curve[4]["censored"]) == (3, 1, 1)
    assert curve[4]["survival"] == pytest.approx(0.5)
    # Greenwood: S^2 (1/(4x3) + 1/(3x2)) = 0.25 x 0.25 -> std err 0.25
    assert curve[4]["std_err"] == pytest.approx(0.25)
    assert curve[6]["survival"] == 0.0
    assert curve[6]["low"] is None and curve[6]["high"] is None


def test_a_single_subject():
    event = kaplan_meier(subjects([(10, True)])).row(0, named=True)
    assert (event["at_risk"], event["events"], event["survival"]) == (1, 1, 0.0)
    censored = kaplan_meier(subjects([(10, False)])).row(0, named=True)
    assert (censored["survival"], censored["low"], censored["high"]) == (1.0, 1.0, 1.0)


def test_an_event_at_time_zero_drops_the_curve_at_once():
    curve = by_time(kaplan_meier(subjects([(0, True), (5, False)])))
    assert curve[0]["survival"] == 0.5 and curve[0]["at_risk"] == 2


def test_groups_are_estimated_apart():
    both = pl.concat([subjects(SIX_MP, "6-MP"), subjects([(1, True), (2, True)], "placebo")])
    curves = kaplan_meier(both, group="tier")
    mp = by_time(curves.filter(pl.col("group") == "6-MP"))
    assert mp[23]["survival"] == pytest.approx(0.448, abs=5e-4)
    placebo = curves.filter(pl.col("group") == "placebo")["survival"].to_list()
    assert placebo == [0.5, 0.0]
    risk = numbers_at_risk(both, [0, 2], group="tier")
    assert risk.filter(pl.col("group") == "placebo")["at_risk"].to_list() == [2, 1]


def test_no_subjects_no_curve():
    assert kaplan_meier(subjects([])).height == 0

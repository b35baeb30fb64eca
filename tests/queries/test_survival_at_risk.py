"""The numbers at risk read off a Kaplan-Meier curve are the numbers counted over the
subjects."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from queries.survival import at_risk_on, kaplan_meier
from tests.queries.survival_reference import numbers_at_risk

TIMES = [0, 1, 5, 10, 30, 31, 60]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.integers(0, 70), st.booleans()),
                max_size=40))
def test_read_off_the_curve_as_counted(rows):
    subjects = pl.DataFrame(rows, schema={"group": pl.String, "time": pl.Int64,
                                          "event": pl.Boolean}, orient="row")
    curve = kaplan_meier(subjects, group="group")
    assert_frame_equal(at_risk_on(curve, TIMES),
                       numbers_at_risk(subjects, TIMES, group="group"), check_exact=True)


def test_after_the_last_time_nobody_is_at_risk():
    subjects = pl.DataFrame({"time": [3, 5, 5], "event": [True, False, True]})
    risk = at_risk_on(kaplan_meier(subjects), [0, 4, 5, 6])
    assert risk["at_risk"].to_list() == [3, 2, 2, 0]

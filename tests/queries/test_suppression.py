"""Small-cell suppression: no count from 1 to 10, and nothing one could be worked out from."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from queries.suppression import suppress, suppress_table


def series(rows: list[tuple[int | None, int | None]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"numerator": pl.Int64, "denominator": pl.Int64},
                        orient="row").with_columns(
        value=pl.col("numerator") / pl.col("denominator"))


@pytest.mark.parametrize(("numerator", "denominator", "hidden"), [
    (0, 40, False),  # 0 may be shown
    (1, 40, True), (10, 40, True), (11, 40, False),
    (30, 40, True),  # 10 without: worked out by subtraction
    (29, 40, False),
    (12, 12, False),  # 100%: nobody without
    (0, 0, False),  # nothing to hide
    (11, 10, True),  # a denominator of 10
])
def test_proportion_rules(numerator, denominator, hidden):
    out = suppress(series([(numerator, denominator)]), "proportion").row(0, named=True)
    assert out["suppressed"] is hidden
    if hidden:
        assert out["numerator"] is None and out["denominator"] is None and out["value"] is None


@pytest.mark.parametrize(("count", "hidden"), [(0, False), (1, True), (10, True), (11, False)])
def test_count_rules(count, hidden):
    frame = pl.DataFrame({"numerator": [count], "denominator": [None], "value": [float(count)]},
                         schema_overrides={"denominator": pl.Int64})
    assert suppress(frame, "count")["suppressed"][0] is hidden


def test_a_ratio_hides_a_small_count_on_either_side_and_never_shows_its_counts():
    out = suppress(series([(300, 7), (5, 300), (300, 40)]), "ratio")
    assert out["suppressed"].to_list() == [True, True, False]
    assert out["value"].to_list() == [None, None, 7.5]
    assert out["numerator"].null_count() == out["denominator"].null_count() == 3


def test_a_count_out_of_a_total_hides_a_small_rest():
    # "11 of 12 peer specialists" tells that 1 is not: the rest of a total is a cell too.
    frame = pl.DataFrame({"numerator": [11, 11, 0], "denominator": [12, 30, 5],
                          "value": [11.0, 11.0, 0.0]})
    assert suppress(frame, "count")["suppressed"].to_list() == [True, False, True]


cells = st.one_of(st.none(), st.integers(0, 60))


@given(st.lists(st.tuples(cells, cells), min_size=1, max_size=30),
       st.sampled_from(["count", "proportion", "ratio"]))
def test_no_shown_cell_is_a_small_count(rows, kind):
    rows = [(n, d if d is None or n is None else max(d, n)) for n, d in rows]
    out = suppress(series(rows), kind)
    shown = out.filter(~pl.col("suppressed"))
    for col in ("numerator", "denominator"):
        assert not shown[col].is_between(1, 10).any()
    if kind != "ratio":
        gap = shown["denominator"] - shown["numerator"]
        assert not gap.is_between(1, 10).any()
    else:
        assert shown["numerator"].null_count() == shown.height
    hidden = out.filter("suppressed")
    assert hidden["numerator"].null_count() == hidden["value"].null_count() == hidden.height


def table(cells: list[tuple[int, int]]) -> pl.DataFrame:
    """A quarter's cells and their total (the last row)."""
    rows = [*cells, (sum(n for n, _ in cells), sum(d for _, d in cells))]
    return series(rows).with_columns(quarter=pl.lit(1),
                                     is_total=pl.int_range(pl.len()) == len(cells))


def test_one_small_cell_hides_the_next_smallest_with_that_count():
    # 3 of 40 is the only small cell; 0 of 25 hides no numerator, so 20 of 35 goes too.
    out = suppress_table(table([(3, 40), (0, 25), (20, 35), (40, 60)]), "proportion",
                         ["quarter"])
    assert out["suppressed"].to_list() == [True, False, True, False, False]
    assert out["numerator"].to_list()[-1] == 63  # the total stays


def test_a_lone_small_cell_with_no_partner_hides_the_total():
    out = suppress_table(table([(5, 5), (0, 0)]), "proportion", ["quarter"])
    assert out["suppressed"].to_list() == [True, False, True]

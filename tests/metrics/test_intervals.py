"""Wilson intervals against published worked values (Newcombe 1998, Table I)."""

import polars as pl
import pytest

from metrics.intervals import as_rate, wilson, with_wilson


@pytest.mark.parametrize(("x", "n", "low", "high"), [
    (81, 263, 0.2553, 0.3662),  # Newcombe 1998, example (a): 81/263
    (15, 148, 0.0624, 0.1605),  # (b)
    (0, 20, 0.0, 0.1611),  # (c): no successes still has an upper bound
    (1, 29, 0.0061, 0.1718),  # (d)
])
def test_wilson_matches_newcombe(x: int, n: int, low: float, high: float) -> None:
    got = wilson(x, n)
    assert got == pytest.approx((low, high), abs=5e-5)


def test_frame_version_agrees_and_leaves_empty_denominators_blank() -> None:
    frame = with_wilson(pl.DataFrame({"numerator": [81, 0, 3], "denominator": [263, 0, None]}))
    assert frame["low"][0] == pytest.approx(wilson(81, 263)[0])
    assert frame["high"][0] == pytest.approx(wilson(81, 263)[1])
    assert frame["low"][1:].to_list() == [None, None]
    assert wilson(0, 0) is None


def test_a_frame_of_counts_becomes_the_rate_shape_every_page_draws() -> None:
    # 81 of 263 (Newcombe's (a)) and 0 of 0 for one month each; keys and flags stay in front.
    counts = pl.DataFrame({"interviews": [263, 0], "month": ["Jan", "Feb"],
                           "abstinent": [81, 0], "whole": [True, False]})
    frame = as_rate(counts, "abstinent", "interviews")
    assert frame.columns == ["month", "whole", "numerator", "denominator", "value", "low",
                             "high"]
    assert frame.row(0) == ("Jan", True, 81, 263, pytest.approx(81 / 263),
                            pytest.approx(0.2553, abs=5e-5), pytest.approx(0.3662, abs=5e-5))
    assert frame.row(1)[2:] == (0, 0, None, None, None)  # nothing counted: no rate, not 0%

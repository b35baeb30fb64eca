"""Two engines' results compared: same columns and types, same rows in any order."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal


def same(name: str, expected: pl.DataFrame, got: pl.DataFrame) -> None:
    """Same columns and types, and the same rows (in any order; floats to 1e-9); a difference
    names the result it was found in."""
    assert expected.schema == got.schema, f"{name}: the columns differ"
    keys = [c for c, t in expected.schema.items() if not isinstance(t, pl.List | pl.Binary)]
    try:
        assert_frame_equal(expected.sort(keys, nulls_last=True), got.sort(keys, nulls_last=True),
                           rel_tol=1e-9, abs_tol=1e-9)
    except AssertionError as error:
        raise AssertionError(f"{name}: {error}") from None

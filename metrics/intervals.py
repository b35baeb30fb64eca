"""Rates with Wilson score intervals: honest on small n, where a bare percentage is not."""

from __future__ import annotations

import math

import polars as pl

Z95 = 1.959963984540054  # the two-sided 95% normal quantile


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval (low, high) for successes out of n; None when n is 0."""
    if n <= 0:
        return None
    p = successes / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    scale = 1 + z * z / n
    return max(0.0, (centre - half) / scale), min(1.0, (centre + half) / scale)


def with_wilson(frame: pl.DataFrame, numerator: str = "numerator",
                denominator: str = "denominator", z: float = Z95) -> pl.DataFrame:
    """The frame with `low` and `high` columns: the Wilson interval of numerator/denominator
    (null where the denominator is 0 or null)."""
    x, n = pl.col(numerator).cast(pl.Float64), pl.col(denominator).cast(pl.Float64)
    p = x / n
    centre = p + z * z / (2 * n)
    half = z * (p * (1 - p) / n + z * z / (4 * n * n)).sqrt()
    scale = 1 + z * z / n
    valid = n > 0
    return frame.with_columns(
        low=pl.when(valid).then(((centre - half) / scale).clip(0.0, 1.0)),
        high=pl.when(valid).then(((centre + half) / scale).clip(0.0, 1.0)),
    )


def as_rate(frame: pl.DataFrame, numerator: str, denominator: str) -> pl.DataFrame:
    """The frame in the shape every rate is drawn from: its other columns (keys, labels, flags)
    first, then numerator, denominator, value (their ratio, 0-1; null where the denominator is
    0) and the value's Wilson interval, low and high."""
    rest = [c for c in frame.columns if c not in (numerator, denominator)]
    counts = frame.select(*rest, numerator=pl.col(numerator), denominator=pl.col(denominator))
    return with_wilson(counts.with_columns(
        value=pl.when(pl.col("denominator") > 0)
        .then(pl.col("numerator") / pl.col("denominator"))))


def rate(frame: pl.DataFrame, numerator: pl.Expr, denominator: pl.Expr,
         by: str | list[str]) -> pl.DataFrame:
    """numerator of denominator per group, with the value and its Wilson interval."""
    # lazily on every key: about half the time of an eager group_by on program and quarter,
    # and on month or quarter alone; on the worker alone about the same
    counts = frame.lazy().group_by(by, maintain_order=True).agg(
        numerator=numerator.sum().cast(pl.Int64), denominator=denominator.sum().cast(pl.Int64)
    ).collect()
    return as_rate(counts, "numerator", "denominator")


def overall(frame: pl.DataFrame) -> float | None:
    """The rate over every row of a rate frame: all numerators over all denominators."""
    numerator, denominator = float(frame["numerator"].sum()), float(frame["denominator"].sum())
    return numerator / denominator if denominator else None

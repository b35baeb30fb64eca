"""Kaplan-Meier survival curves in polars: the product-limit estimator, Greenwood's variance
and a log-log 95% confidence interval (Kalbfleisch & Prentice), as R's survfit(conf.type =
"log-log") gives them. An event and a censoring at the same time: the event comes first (the
censored subject is still at risk at that time)."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from metrics.intervals import Z95

CURVE_SCHEMA = {"group": pl.String, "time": pl.Int64, "at_risk": pl.Int64, "events": pl.Int64,
                "censored": pl.Int64, "survival": pl.Float64, "std_err": pl.Float64,
                "low": pl.Float64, "high": pl.Float64}


def _log_log_interval(z: float) -> tuple[pl.Expr, pl.Expr]:
    """The log-log interval S^exp(+-z se / log S); [1, 1] before any event, null where S is 0
    or the variance is infinite (the last subject at risk had the event)."""
    s, greenwood = pl.col("survival"), pl.col("greenwood")
    se_log_log = greenwood.sqrt() / s.log().abs()
    defined = (s > 0) & (s < 1) & greenwood.is_finite()
    low = pl.when(s == 1).then(1.0).when(defined).then(s.pow((z * se_log_log).exp()))
    high = pl.when(s == 1).then(1.0).when(defined).then(s.pow((-z * se_log_log).exp()))
    return low, high


def kaplan_meier(subjects: pl.DataFrame, *, time: str = "time", event: str = "event",
                 group: str | None = None, z: float = Z95) -> pl.DataFrame:
    """One row per group per distinct observed time: at risk just before it, events, censored,
    S(t), Greenwood standard error of S(t), and the 95% log-log interval (low, high).
    `event` is true for an event, false for a censoring."""
    if subjects.height == 0:
        return pl.DataFrame(schema=CURVE_SCHEMA)
    keyed = subjects.select(
        group=pl.col(group).cast(pl.String) if group else pl.lit("all"),
        time=pl.col(time).cast(pl.Int64), event=pl.col(event).cast(pl.Boolean))
    counts = (keyed.lazy().group_by("group", "time")  # lazily: the query engine is faster
              .agg(events=pl.col("event").sum().cast(pl.Int64),
                   censored=(~pl.col("event")).sum().cast(pl.Int64))
              .sort("group", "time").collect())
    # At risk at t: everyone whose time is t or later, so those censored at t count (events
    # first); a reverse cumulative sum of those leaving at each time.
    leaving = pl.col("events") + pl.col("censored")
    curve = counts.with_columns(
        at_risk=leaving.reverse().cum_sum().reverse().over("group"))
    n, d = pl.col("at_risk"), pl.col("events")
    curve = curve.with_columns(
        survival=(1 - d / n).cum_prod().over("group"),
        greenwood=(pl.when(d > 0).then(d / (n * (n - d))).otherwise(0.0)).cum_sum()
        .over("group"))
    low, high = _log_log_interval(z)
    return curve.with_columns(
        std_err=pl.col("survival") * pl.col("greenwood").sqrt(), low=low, high=high,
    ).with_columns(
        pl.col("std_err").fill_nan(None),
    ).select(list(CURVE_SCHEMA))


def at_risk_on(curve: pl.DataFrame, times: Sequence[int]) -> pl.DataFrame:
    """The numbers at risk, read off a kaplan_meier curve rather than counted again over every
    subject (tests/queries/survival_reference.py counts them as defined): at t, the number at
    risk at the group's first observed time on or after t (none after its last)."""
    grid = pl.DataFrame({"at": list(times)}, schema={"at": pl.Int64})
    steps = (curve.filter(pl.col("time").is_not_null())
             .select("group", pl.col("time").alias("at"), "at_risk").sort("at"))
    return (curve.select("group").unique().join(grid, how="cross").sort("at")
            .join_asof(steps, on="at", by="group", strategy="forward",
                       check_sortedness=False)  # both sorted on "at" above
            .select("group", "at", pl.col("at_risk").fill_null(0))
            .sort("group", "at"))

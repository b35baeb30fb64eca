"""Reference computations for the Kaplan-Meier tests: the plain definitions, which the product
reads off the curve instead (queries/survival.py at_risk_on)."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl


def survival_at(curve: pl.DataFrame, times: Sequence[int]) -> pl.DataFrame:
    """S(t) of each group at the given times: the step function's value (1 before the first
    event); null beyond the group's last observed time."""
    grid = pl.DataFrame({"at": list(times)}, schema={"at": pl.Int64})
    groups = curve.select("group").unique(maintain_order=True)
    last = curve.group_by("group").agg(last=pl.col("time").max())
    steps = curve.select("group", pl.col("time").alias("at"), "survival").sort("at")
    return (groups.join(grid, how="cross").sort("at")
            .join_asof(steps, on="at", by="group", strategy="backward",
                       check_sortedness=False)  # both sorted on "at" above
            .join(last, on="group")
            .select("group", "at", survival=pl.when(pl.col("at") <= pl.col("last"))
                    .then(pl.col("survival").fill_null(1.0)))
            .sort("group", "at"))


def numbers_at_risk(subjects: pl.DataFrame, times: Sequence[int], *, time: str = "time",
                    group: str | None = None) -> pl.DataFrame:
    """How many subjects of each group are still at risk at each time (observed time >= t):
    the row printed under a survival chart, counted as defined (a join of every subject with
    every time: the pages read it off the curve instead, at_risk_on; this checks that)."""
    keyed = subjects.select(group=pl.col(group).cast(pl.String) if group else pl.lit("all"),
                            time=pl.col(time).cast(pl.Int64))
    grid = pl.DataFrame({"at": list(times)}, schema={"at": pl.Int64})
    groups = keyed.select("group").unique(maintain_order=True)
    return (groups.join(grid, how="cross")
            .join(keyed, on="group", how="left")
            .group_by("group", "at", maintain_order=True)
            .agg(at_risk=(pl.col("time") >= pl.col("at")).sum().cast(pl.Int64))
            .sort("group", "at"))

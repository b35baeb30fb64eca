"""Triage of the needs-attention list (W6): each flag's state against the supervisors'
acknowledgements, and the workers ranked by severity (the weights of queries.attention.RULES,
documented in docs/WORKLISTS.md). Pure polars over needs_attention's flags."""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.formats import DAY_FORMAT
from queries.attention import RULES

# A flag's state; the first three wait for a look and count towards the worker's severity.
NEW, OPEN, BACK_WORSE, BACK_DATE = "new", "not yet acknowledged", "back: worse", "back: date passed"
SNOOZED, ACKNOWLEDGED = "snoozed", "acknowledged"
WAITING = (NEW, OPEN, BACK_WORSE, BACK_DATE)


def _rules() -> pl.DataFrame:
    return pl.DataFrame({"rule": list(RULES), "weight": [r.weight for r in RULES.values()],
                         "higher": [r.higher_is_worse for r in RULES.values()],
                         "step": [float(r.step) for r in RULES.values()]})


def flag_states(flags: pl.DataFrame, acks: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """One row per flag with its rule's weight, its latest acknowledgement (acked_figure,
    snoozed_until, note, made_at, made_by) and its state: acknowledged or snoozed (until the
    figure gets worse by the rule's step, or the snooze's day comes), back, new (no
    acknowledgement of its own though the worker's other flags were acknowledged), or not yet
    acknowledged."""
    latest = (acks.sort("made_at", "ack_id", descending=True)
              .group_by("worker_id", "rule", maintain_order=True).first()
              .select("worker_id", "rule", acked_figure="figure", snoozed_until="snoozed_until",
                      note="note", made_at="made_at", made_by="made_by"))
    seen = acks.group_by("worker_id").agg(last_acknowledged=pl.col("made_at").max())
    frame = (flags.join(_rules(), on="rule", how="left", maintain_order="left")
             .join(latest, on=["worker_id", "rule"], how="left", maintain_order="left")
             .join(seen, on="worker_id", how="left", maintain_order="left"))
    worse = (pl.when(pl.col("higher"))
             .then(pl.col("value") >= pl.col("acked_figure") + pl.col("step"))
             .otherwise(pl.col("value") <= pl.col("acked_figure") - pl.col("step")))
    snoozed = pl.col("snoozed_until").is_not_null()
    state = (pl.when(pl.col("made_at").is_null() & pl.col("last_acknowledged").is_not_null())
             .then(pl.lit(NEW))
             .when(pl.col("made_at").is_null()).then(pl.lit(OPEN))
             .when(worse.fill_null(False)).then(pl.lit(BACK_WORSE))
             .when(snoozed & (pl.col("snoozed_until") <= as_of)).then(pl.lit(BACK_DATE))
             .when(snoozed).then(pl.lit(SNOOZED))
             .otherwise(pl.lit(ACKNOWLEDGED)))
    return frame.with_columns(state=state, waiting=state.is_in(WAITING))


def triage(states: pl.DataFrame) -> pl.DataFrame:
    """One row per flagged worker, worst first: severity (the weights of the flags waiting for
    a look), the waiting flags' chips, the acknowledged ones', every sentence, and counts of
    new and returned flags. Ties: more new or back, the most recent flag, then the name."""
    waiting = pl.col("waiting")
    # "Burnout 50 ↑18" says what "Burnout 50" does: one chip for the two burnout rules
    rising = ((pl.col("rule") == "Burnout rising") & waiting).any().over("worker_id")
    snoozed = pl.format("{} · until {}", "chip", pl.col("snoozed_until").dt.strftime(DAY_FORMAT))
    ordered = states.with_columns(
        shown=waiting & ~((pl.col("rule") == "High burnout") & rising),
        done=pl.when(pl.col("state") == SNOOZED).then(snoozed).otherwise(pl.col("chip")),
    ).sort("weight", "on", descending=True)
    fresh = pl.col("state").is_in([NEW, BACK_WORSE, BACK_DATE])
    return (ordered.group_by("worker_id", "display_name", maintain_order=True)
            .agg(severity=pl.col("weight").filter(waiting).sum().cast(pl.Int64),
                 chips=pl.col("chip").filter(pl.col("shown")),
                 acknowledged=pl.col("done").filter(~waiting),
                 new=pl.col("state").filter(pl.col("state") == NEW).len().cast(pl.Int64),
                 back=pl.col("state").filter(pl.col("state").is_in([BACK_WORSE, BACK_DATE]))
                 .len().cast(pl.Int64),
                 fresh=fresh.sum().cast(pl.Int64),
                 sentences=pl.col("figure"), latest=pl.col("on").max())
            .sort(["severity", "fresh", "latest", "display_name"],
                  descending=[True, True, True, False]))


def acknowledgement_history(acks: pl.DataFrame, worker_id: str) -> pl.DataFrame:
    """The worker's acknowledgements and snoozes, newest first, as the detail shows them."""
    return acks.filter(pl.col("worker_id") == worker_id).select(
        "made_at", "rule", "figure", "snoozed_until", "note", "made_by")

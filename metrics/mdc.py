"""NHS Making Data Count's two icons for a control chart, in words: variation (is the latest
month special cause, and is that an improvement or a concern?) and assurance (can the process,
as its limits stand, be relied on to meet its target?). Pure: from metrics/spc.control's frame.

- Variation, of the latest final month judged (metrics/spc.MIN_JUDGED people or more): common
  cause when no rule fires; special cause when one does, an improvement or a concern by the
  side of the centre line it lies (a trend: the way it moves) and the metric's direction, or
  just "special cause" where the metric has no better direction.
- Assurance, of the latest month's limits against the target: the target beyond the limits on
  the bad side means the process will meet it every month (pass); beyond them on the good side,
  it will fail every month unless something changes (fail); between them, it will sometimes
  meet it and sometimes not (hit and miss), whatever the latest month did.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import polars as pl

from metrics.spc import MIN_JUDGED, TREND

Variation = Literal["common cause", "improvement", "concern", "special cause"]
Assurance = Literal["pass", "fail", "hit and miss"]


@dataclass(frozen=True)
class Icons:
    variation: Variation | None  # None: no month judged against limits yet
    assurance: Assurance | None  # None: no target, or no limits


def _judged(control: pl.DataFrame) -> list[dict]:
    return [r for r in control.iter_rows(named=True)
            if r["final"] and r["centre"] is not None and (r["denominator"] or 0) >= MIN_JUDGED]


def variation(control: pl.DataFrame, higher_is_better: bool | None) -> Variation | None:
    rows = _judged(control)
    if not rows:
        return None
    last = rows[-1]
    if last["signal"] is None:
        return "common cause"
    rate = last["numerator"] / last["denominator"]
    if last["signal"] == TREND and len(rows) > 1:
        before = rows[-2]["numerator"] / rows[-2]["denominator"]
        up = rate > before
    else:
        up = rate > last["centre"]
    if higher_is_better is None:
        return "special cause"
    return "improvement" if up == higher_is_better else "concern"


def assurance(control: pl.DataFrame, target: float | None,
              higher_is_better: bool | None) -> Assurance | None:
    rows = _judged(control)
    if target is None or higher_is_better is None or not rows:
        return None
    low, high = rows[-1]["lower"], rows[-1]["upper"]
    if low is None or high is None or low <= target <= high:
        return "hit and miss"
    below_limits = target < low
    return "pass" if below_limits == higher_is_better else "fail"


def icons(control: pl.DataFrame, target: float | None, higher_is_better: bool | None) -> Icons:
    return Icons(variation(control, higher_is_better),
                 assurance(control, target, higher_is_better))


SAID = {  # each icon as a sentence, plain words first
    "common cause": "No signal in the latest month: the variation chance makes (common cause).",
    "improvement": "The latest month is a signal of improvement (special cause).",
    "concern": "The latest month is a signal of concern (special cause).",
    "special cause": "The latest month is a signal (special cause).",
    "pass": "Within its limits the rate will meet the target every month (assurance: pass).",
    "fail": "Within its limits the rate will miss the target every month unless something "
            "changes (assurance: fail).",
    "hit and miss": "The target lies within the limits: it will be met in some months and "
                    "missed in others (assurance: hit and miss).",
}

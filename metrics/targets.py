"""The metrics a program can be given a target for, and how a figure is judged against one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class TargetMetric:
    label: str  # words, for the page and the readings
    metric: str  # the catalogue's id
    unit: Literal["count", "proportion", "ratio"]
    higher_is_better: bool
    setting: str  # the Settings field that is its default for every program


TARGET_METRICS: dict[str, TargetMetric] = {
    "intakes_per_quarter": TargetMetric("Intakes per quarter", "E1", "count", True,
                                        "intakes_per_quarter_target"),
    "followup_rate": TargetMetric("Follow-up rate", "R1", "proportion", True,
                                  "followup_rate_target"),
    "early_engagement": TargetMetric("Early engagement", "E4", "proportion", True,
                                     "early_engagement_target"),
    "caseload_per_fte": TargetMetric("Caseload per FTE", "W1", "ratio", False,
                                     "caseload_per_fte_threshold"),
}


def on_track(key: str, value: float, target: float) -> bool:
    """Whether a figure meets its target: at or above it, or for caseload at or below."""
    return value >= target if TARGET_METRICS[key].higher_is_better else value <= target


def judged(key: str, value: float, target: float) -> str:
    """'on track' or 'behind', as the readings say it."""
    return "on track" if on_track(key, value, target) else "behind"


def shown(key: str, target: float) -> str:
    """A target as a person reads it: '80%', '25 per FTE', '40 intakes'."""
    unit = TARGET_METRICS[key].unit
    if unit == "proportion":
        return f"{target:.0%}"
    return f"{target:g} per FTE" if unit == "ratio" else f"{target:,.0f} intakes"

"""The Overview's five headline figures, each whole in one place: its metric, its card's
label, its chart's title with the unit, what a figure rests on, and which way is good."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Direction = Literal["normal", "inverse", "off"]  # a rise is good, bad, or neither


@dataclass(frozen=True)
class Card:
    metric: str  # its id in metrics.catalogue
    label: str  # the card's
    title: str  # the chart's, with the unit
    basis: str  # what a figure rests on, formatted with its numerator and denominator
    good: Direction


def headlines(caseload_threshold: float) -> dict[str, Card]:
    """The headlines by key, in the order the Overview shows them (the caseload limit is a
    setting, and its title says it)."""
    return {
        "active": Card("E1", "Active enrollments", "Active enrollments (at month end)",
                           "{numerator:,} enrollments", "off"),
        "contacts_per_active": Card(
            "E2", "Contacts per person", "Contacts per active participant",
            "{numerator:,} contacts, {denominator:,} active enrollments", "normal"),
        "followup_30": Card("A1", "Follow-up in 30 days",
                                "Follow-up within 30 days (% of discharges)",
                                "{numerator:,} of {denominator:,} discharges", "normal"),
        "abstinent_6m": Card("R2", "Abstinent at 6 months",
                                 "Abstinent at 6 months (% of interviews)",
                                 "{numerator:,} of {denominator:,} interviews", "normal"),
        "over_caseload": Card("W1", "Over caseload limit",
                                  f"Workers over {caseload_threshold:g} per FTE",
                                  "{numerator:,} of {denominator:,} peer specialists",
                                  "inverse"),
    }


HEADLINES = {key: h.metric for key, h in headlines(0).items()}  # key -> metric id

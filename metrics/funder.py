"""The funder report's metrics: which catalogue metric each is, its title, the question it
answers (results-based accountability) and what its denominator counts."""

from __future__ import annotations

from dataclasses import dataclass

from metrics.catalogue import METRICS, Kind
from metrics.instruments import BARC10_REMISSION

TOTAL = "All programs"
HOW_MUCH, HOW_WELL, BETTER_OFF = ("How much did we do?", "How well did we do it?",
                                  "Is anyone better off?")


@dataclass(frozen=True)
class FunderMetric:
    key: str
    id: str  # the catalogue's metric
    title: str
    question: str
    noun: str  # what the denominator (or count) counts
    by_program: bool = True  # False: all programs' workers together only

    @property
    def kind(self) -> Kind:
        """The catalogue's kind: one per metric, for suppression and drawing alike."""
        return METRICS[self.id].kind


_F = FunderMetric
FUNDER_METRICS = {m.key: m for m in (
    _F("E4", "E4", "Early engagement: 2+ contacts in the first 30 days", HOW_MUCH,
       "enrollments"),
    _F("E6", "E6", "Engagement length of discharged enrollments (days)", HOW_MUCH,
       "discharges with a contact"),
    _F("E7", "E7", "Completion rate of discharges", HOW_MUCH, "discharges"),
    _F("A1_7", "A1", "Follow-up within 7 days of discharge", HOW_WELL, "discharges"),
    _F("A1_30", "A1", "Follow-up within 30 days of discharge", HOW_WELL, "discharges"),
    _F("R1", "R1", "Follow-up rate (GPRA 6-month, SUPRT reassessment)", HOW_WELL, "intakes"),
    _F("W3", "W3", "Peer workers with high burnout or secondary traumatic stress", HOW_WELL,
       "workers who checked in", by_program=False),
    _F("W7", "W7", "Peer worker turnover", HOW_WELL, "average headcount", by_program=False),
    _F("R2", "R2", "Abstinent at 6 months", BETTER_OFF, "interviews"),
    _F("R3", "R3", "Recurrence within 180 days of enrolling", BETTER_OFF, "enrollments"),
    _F("R6", "R6", f"Recovery capital: BARC-10 of {BARC10_REMISSION} or more at 6 months",
       BETTER_OFF, "interviews"),
    _F("R9", "R9", "Overdoses and overdose deaths", BETTER_OFF, "events"),
)}

# The linear relations between the release's cells, declared once. Each family is one
# population per program and quarter; each chain, its nested subsets from the widest, so that
# every difference of two neighbours is a count of people too ("all discharges - discharges
# eligible for follow-up = the deceased and incarcerated"). Chains of one family share their
# first cell (the whole population). No figure counts an intersection of two chains, so each
# chain partitions the population on its own. A program's cells sum to the total's.
Part = tuple[str, str]  # (funder metric key, "numerator" or "denominator")
FAMILIES: dict[str, tuple[tuple[Part, ...], ...]] = {
    "discharges": (  # by quarter of discharge
        (("E7", "denominator"), ("A1_30", "denominator"), ("A1_30", "numerator"),
         ("A1_7", "numerator")),
        (("E7", "denominator"), ("E7", "numerator")),
        (("E7", "denominator"), ("E6", "numerator")),
    ),
    "cohorts": (  # by quarter of enrollment
        (("E4", "denominator"), ("R3", "denominator"), ("R3", "numerator")),
        (("E4", "denominator"), ("E4", "numerator")),
    ),
    "intakes due": ((("R1", "denominator"), ("R1", "numerator")),),  # quarter window closed
    # R2 (interviews reporting days of use) and R6 (interviews with both BARC-10 totals) are
    # two subsets of the six-month interviews, neither inside the other, and their union is
    # not published: two families.
    "abstinence interviews": ((("R2", "denominator"), ("R2", "numerator")),),
    "paired interviews": ((("R6", "denominator"), ("R6", "numerator")),),
    "overdoses": ((("R9", "numerator"),),),
    "workers checked in": ((("W3", "denominator"), ("W3", "numerator")),),
    "leavers": ((("W7", "numerator"),),),
    "headcount": ((("W7", "denominator"),),),  # an average, protected as if a count
}
SAME: dict[Part, Part] = {("A1_7", "denominator"): ("A1_30", "denominator")}  # one cell
# Levels of two chains of a family that no one is in at once, by the metrics' definitions:
# ((chain, level), (chain, level)). A discharge that completed (E7's numerator: level 1 of
# chain 1) was not deceased or incarcerated (outside A1's eligible: level 0 of chain 0).
NEVER_BOTH: dict[str, tuple[tuple[tuple[int, int], tuple[int, int]], ...]] = {
    "discharges": (((0, 0), (1, 1)),),
}

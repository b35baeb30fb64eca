"""The ProQOL 5 (Professional Quality of Life Scale, version 5): its 30 items, its five answers,
its three subscales and how the manual scores them (Stamm, The Concise ProQOL Manual, 2010).
Pure: the check-in form (ui/checkin_form.py) asks the items, the write side (ingest/forms.py)
scores the answers with `score` and stores only the three raw sums (docs/DATA_CONTRACT.md)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from metrics.instruments import PROQOL_HIGH, PROQOL_LOW

# The measure's own wording, changed only as its terms allow: [helper] -> "peer worker", the
# other bracketed words kept ([help] -> help, case [work] load -> case work load). README.
INSTRUCTIONS = (
    "When you help people you have direct contact with their lives. As you may have found, "
    "your compassion for those you help can affect you in positive and negative ways. Below "
    "are some questions about your experiences, both positive and negative, as a peer worker. "
    "Consider each of the following questions about you and your current work situation. "
    "Select the number that honestly reflects how frequently you experienced these things in "
    "the last 30 days.")
ITEMS: tuple[str, ...] = (
    "I am happy.",
    "I am preoccupied with more than one person I help.",
    "I get satisfaction from being able to help people.",
    "I feel connected to others.",
    "I jump or am startled by unexpected sounds.",
    "I feel invigorated after working with those I help.",
    "I find it difficult to separate my personal life from my life as a peer worker.",
    "I am not as productive at work because I am losing sleep over traumatic experiences of a "
    "person I help.",
    "I think that I might have been affected by the traumatic stress of those I help.",
    "I feel trapped by my job as a peer worker.",
    'Because of my helping, I have felt "on edge" about various things.',
    "I like my work as a peer worker.",
    "I feel depressed because of the traumatic experiences of the people I help.",
    "I feel as though I am experiencing the trauma of someone I have helped.",
    "I have beliefs that sustain me.",
    "I am pleased with how I am able to keep up with helping techniques and protocols.",
    "I am the person I always wanted to be.",
    "My work makes me feel satisfied.",
    "I feel worn out because of my work as a peer worker.",
    "I have happy thoughts and feelings about those I help and how I could help them.",
    "I feel overwhelmed because my case work load seems endless.",
    "I believe I can make a difference through my work.",
    "I avoid certain activities or situations because they remind me of frightening "
    "experiences of the people I help.",
    "I am proud of what I can do to help.",
    "As a result of my helping, I have intrusive, frightening thoughts.",
    'I feel "bogged down" by the system.',
    'I have thoughts that I am a "success" as a peer worker.',
    "I can't recall important parts of my work with trauma victims.",
    "I am a very caring person.",
    "I am happy that I chose to do this work.",
)
ANSWERS = {1: "Never", 2: "Rarely", 3: "Sometimes", 4: "Often", 5: "Very often"}
# Item numbers (1-30) of each subscale; burnout's starred items are scored in reverse (1 <-> 5).
COMPASSION_SATISFACTION = (3, 6, 12, 16, 18, 20, 22, 24, 27, 30)
BURNOUT = (1, 4, 8, 10, 15, 17, 19, 21, 26, 29)
SECONDARY_TRAUMATIC_STRESS = (2, 5, 7, 9, 11, 13, 14, 23, 25, 28)
REVERSED = (1, 4, 15, 17, 29)
CREDIT = ("ProQOL 5 © B. Hudnall Stamm, 2009-2012. Professional Quality of Life: Compassion "
          "Satisfaction and Fatigue Version 5 (ProQOL), www.ProQOL.org, provided by The Center "
          "for Victims of Torture. Used as its terms allow: free of charge, and unchanged but "
          "for [helper] read as peer worker.")


@dataclass(frozen=True)
class Scores:
    """The three raw sums, each 10-50, as the wellbeing record stores them."""

    compassion_satisfaction: int
    burnout: int
    secondary_traumatic_stress: int

    def columns(self) -> dict[str, int]:
        """The sums under the wellbeing record's column names."""
        return {"proqol_cs": self.compassion_satisfaction, "proqol_bo": self.burnout,
                "proqol_sts": self.secondary_traumatic_stress}


def unanswered(answers: Sequence[int | None]) -> list[int]:
    """The numbers (1-30) of the items without one of the five answers (1-5)."""
    return [n for n in range(1, len(ITEMS) + 1)
            if n > len(answers) or answers[n - 1] not in ANSWERS]


def score(answers: Sequence[int]) -> Scores:
    """The manual's raw sums of 30 answers (item 1 first, each 1-5): each subscale the sum of
    its ten items, burnout's items 1, 4, 15, 17 and 29 reversed (6 - answer)."""
    if len(answers) != len(ITEMS):
        raise ValueError(f"the ProQOL 5 has {len(ITEMS)} items; {len(answers)} answers given")
    if missing := unanswered(answers):
        raise ValueError(f"items {missing} have no answer from 1 to 5")
    scored = {n: 6 - a if n in REVERSED else a for n, a in enumerate(answers, 1)}
    return Scores(*(sum(scored[n] for n in items) for items in (
        COMPASSION_SATISFACTION, BURNOUT, SECONDARY_TRAUMATIC_STRESS)))


def band(raw: int) -> str:
    """The manual's band of a raw sum, the same cut scores on every subscale: low at 22 or
    less, moderate 23-41, high at 42 or more."""
    return "low" if raw <= PROQOL_LOW else "high" if raw >= PROQOL_HIGH else "moderate"

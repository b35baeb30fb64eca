"""The words a reading uses that a supervisor or a board member may not know, each said once in
plain words: a chart's Definition lists those its reading uses, and the funder report ends with
those it uses (charts/report.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from metrics.spc import MIN_JUDGED, SHIFT_LENGTH, TREND_LENGTH


@dataclass(frozen=True)
class Word:
    term: str
    found_by: str  # a regular expression (case-insensitive) that finds the word in a reading
    meaning: str


GLOSSARY = (
    Word("Control limits", r"control limits|3-sigma",
         "The band a monthly rate stays inside when nothing but chance moves it (statistical "
         "process control): three standard deviations either side of the centre, the average "
         "of the months shown. A month outside, or a pattern inside, is a signal worth asking "
         "about; a month inside is ordinary variation, however it looks."),
    Word("p-chart", r"p-chart",
         "Control limits for a rate (a proportion of people), wider for a month with few "
         "people and narrower for one with many."),
    Word("Laney p′ and σz", r"Laney|σz",
         "With many people a month, months differ for everyday reasons nobody changed (season, "
         "staffing), and a plain p-chart's limits come out too narrow, flagging ordinary "
         "months. Laney's p′ chart widens them by σz, how much more the months vary than "
         "chance alone would make them: σz 1.10 means 10% more."),
    Word("Signal", r"\bsignals?\b",
         "NHS Making Data Count's rules: a month outside the control limits; a shift (at least "
         f"{SHIFT_LENGTH} months in a row on one side of the centre); a trend ({TREND_LENGTH} "
         "months in a row each rising, or each falling); or two of three months in a row "
         "beyond two standard deviations on the same side. A month counted from fewer than "
         f"{MIN_JUDGED} people is never part of a signal."),
    Word("Funnel plot", r"funnel|placed against",
         "Each program's rate against how many people it rests on, with limits that narrow as "
         "that number grows: a small program can differ widely by chance, a large one cannot. "
         "A program outside the 95% limits differs from the centre by more than chance would "
         "make it in 1 time in 20; outside the 99.8% limits, 1 in 500."),
    Word("phi (over-dispersion)", r"\bphi\b",
         "How much more the programs differ from one another than chance alone would make "
         "them: 1 is as chance would, and a value above what chance allows for this many "
         "programs means they differ for reasons of their own (intake, staffing, how they "
         "record). The most extreme tenth at each end is pulled in first, so that one outlier "
         "cannot set it alone (Spiegelhalter)."),
    Word("tau (between-program difference)", r"\btau\b",
         "The typical real difference between programs' rates once chance is taken out. When "
         "phi is too high, each limit is widened by it, so that a program is flagged only if "
         "it differs by more than programs usually do."),
    Word("Wilson interval", r"Wilson|95% interval|error bar",
         "The range a rate's true value lies in, 95 times in 100, given how many people it "
         "rests on: wide for a few people, narrow for many."),
    Word("Kaplan-Meier and Greenwood", r"Kaplan-Meier|Greenwood",
         "A Kaplan-Meier curve is the share still without a recurrence, day by day, counting "
         "each person only for as long as they were followed; Greenwood's formula gives the "
         "band around it, which widens as fewer people remain."),
    Word("Provisional", r"provisional|not final|hollow",
         "A figure that may still change: its month or quarter is not over, or the window "
         "its people are counted in (30 days after discharge, 180 after intake) is still "
         "open. Drawn hollow and grey, and never judged against a target or a limit."),
    Word("Rounded counts", r"rounded to a multiple of 5",
         "The funder release shows every count rounded to a multiple of 5, up or down at "
         "random, and never a count from 1 to 10, so that no one can work back to a handful "
         "of people; rates are of the rounded counts."),
)


def words_in(text: str) -> list[Word]:
    """The glossary's words that `text` uses, in the glossary's order."""
    return [w for w in GLOSSARY if re.search(w.found_by, text, re.IGNORECASE)]

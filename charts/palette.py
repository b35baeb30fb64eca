"""One colour-blind-safe palette (Okabe & Ito), and one colour per category on every page."""

from __future__ import annotations

from collections.abc import Iterable

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000")
PRIMARY = OKABE_ITO[0]  # a single series
TARGET = OKABE_ITO[5]  # target and threshold lines
PROVISIONAL = "#8C8C8C"  # figures that may still change
SUPPRESSED = "#8C8C8C"


def category_colours(categories: Iterable[str]) -> dict[str, str]:
    """A colour per category, assigned in sorted order so that a program (or a reason, a mode)
    keeps its colour whichever page, filter or subset shows it."""
    ordered = sorted(set(categories))
    return {c: OKABE_ITO[i % len(OKABE_ITO)] for i, c in enumerate(ordered)}

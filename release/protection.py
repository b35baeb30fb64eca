"""The release's suppression pattern, checked by the audit, one independent part (a family of
one quarter, or of one year with its quarters) at a time.

Every count is shown rounded (release/rounding.py), so a difference of two shown counts spans
at least 11 values and a step between nested cells needs no row hidden for it: a row with a
count of 1 to 10 is hidden, and the general secondary suppression (release/disclosure.py)
hides more only where the audit still finds a count exposed. In a part of a few dozen
programs, each row hidden to protect another is then shown again if the audit allows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from release.disclosure import Cell, Verdict, audit, primary, protect, value

# Cells of one family and quarter up to which each hidden row is tried shown again, one audit
# each (a few dozen programs; a thousand would take minutes).
RELAX_UP_TO = 200


def protect_part(cells: Sequence[Cell], atoms: Mapping[str, int],
                 derived: set[str]) -> tuple[set[str], set[str], list[Verdict]]:
    """One independent part: its small rows, then the general loop wherever the audit still
    finds a count exposed, then (in a part small enough) every row hidden to protect another
    shown again if the audit allows; with the final audit's verdicts."""
    first, second = primary(cells, atoms) - derived, set[str]()
    if not all(v.safe for v in audit(cells, atoms, first | derived)):
        more_first, second = protect(cells, atoms, first | derived)
        first |= more_first
    if len(cells) <= RELAX_UP_TO:
        second = relaxed(cells, atoms, first | derived, second)
    return first, second, audit(cells, atoms, first | second | derived)


def relaxed(cells: Sequence[Cell], atoms: Mapping[str, int], kept: set[str],
            second: set[str]) -> set[str]:
    """The secondary rows, fewer where the audit allows: each in turn (the largest first, the
    row a funder most wants) is shown again if the release still passes without it."""
    size = {u: sum(value(c, atoms) for c in cells if c.unit == u) for u in second}
    hidden = set(second)
    for row in sorted(second, key=lambda u: (-size[u], u)):
        trial = hidden - {row}
        if all(v.safe for v in audit(cells, atoms, kept | trial)):
            hidden = trial
    return hidden

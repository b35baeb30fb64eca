"""The share of figures a funder is shown (issue 29): of the (program, metric, quarter) rows a
funder of all programs would see without protection, those shown, in their quarter or inside
the program's whole year."""

from __future__ import annotations

from tests.attack.parse import TOTAL, View, quarters_of
from tests.attack.truth import Truth


def shown_share(view: View, truth: Truth) -> tuple[int, int, int, int]:
    """(shown, of program rows before protection; shown, of those with something to count),
    a row shown when its count (rounded) is, at the quarter it is of or inside the program's
    whole year."""
    every = truth.program_rows()
    shown = {(k, q, p) for (k, period, p), r in view.rows.items() if p != TOTAL
             and r.num is not None for q in quarters_of(period)}
    counted = [w for *w, c in every if c]
    return (sum(tuple(w[:3]) in shown for w in every), len(every),
            sum(tuple(w) in shown for w in counted), len(counted))

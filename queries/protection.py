"""The release's suppression pattern, first by its structure, then checked by the audit.

Cells link only within one family of one quarter: each program's nested counts, and the total
over programs. So, per family and quarter: a program whose counts include any of 1 to 10
(a cell, or a step between nested cells: "the deceased and incarcerated") has every row of
that family hidden, so no step can be taken between its rows; if exactly one program is hidden
while the total shows, the smallest other program is hidden with it, so the total cannot be
subtracted down to it; and if a step between the nested totals is 1 to 10, the total's rows are
hidden. The LP audit then checks the result part by part, and the general secondary
suppression (queries/disclosure.py) finishes any part the audit still finds exposed. A part
small enough (tens of programs) goes to the general loop alone, which hides less."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from queries.disclosure import Cell, Verdict, audit, protect, value

# Cells of one family and quarter up to which the general loop alone is quick (a few dozen
# programs); beyond it the structural pass first, since the loop's rounds each cost the part's
# size (minutes for a thousand programs).
GENERAL_UP_TO = 200


def _small(count: int) -> bool:
    return 0 < count < 11


def _where(name: str) -> tuple[str, str]:
    """(program, quarter) of an atom's, a cell's or a unit's name."""
    _, program, quarter = name.rsplit("|", 2)
    return program, quarter


def structural(cells: Sequence[Cell], atoms: Mapping[str, int],
               derived: set[str]) -> tuple[set[str], set[str]]:
    """(units hidden for their own size, units hidden to protect another) of one family and
    quarter, by the rules above."""
    units: dict[str, set[str]] = defaultdict(set)  # program -> its rows
    small_units, small_programs = set(), set()
    for cell in cells:
        if cell.unit in derived:
            continue
        program = _where(cell.unit)[0]
        units[program].add(cell.unit)
        if _small(value(cell, atoms)):
            small_units.add(cell.unit)
            small_programs.add(program)
    for atom, count in atoms.items():
        if _small(count):
            small_programs.add(_where(atom)[0])
    programs = set(units) - {"all"}
    hidden = small_programs & programs
    if "all" in units and programs:  # a total over programs: keep it from pinning one
        steps = [c for c in cells if c.unit in derived]
        if "all" in small_programs or any(_small(value(c, atoms)) for c in steps):
            hidden.add("all")
        elif len(hidden) == 1 and (others := programs - hidden):
            size = {p: sum(value(c, atoms) for c in cells if _where(c.unit)[0] == p)
                    for p in others}
            hidden.add(min(others, key=lambda p: (size[p], p)))
    elif "all" in small_programs:  # counted over all programs together only
        hidden.add("all")
    rows = set().union(*(units[p] for p in hidden)) if hidden else set()
    return small_units, rows - small_units


def protect_part(cells: Sequence[Cell], atoms: Mapping[str, int],
                 derived: set[str]) -> tuple[set[str], set[str], list[Verdict]]:
    """One independent part: a small part by the general loop alone (it hides the least), a
    large one by the structural pattern first; finished by the general loop wherever the audit
    still finds a count exposed; with the final audit's verdicts."""
    if len(cells) <= GENERAL_UP_TO:
        first, second = set(), set()
    else:
        first, second = structural(cells, atoms, derived)
    verdicts = audit(cells, atoms, first | second | derived)
    if not all(v.safe for v in verdicts):
        more_first, more = protect(cells, atoms, first | second | derived)
        first, second = first | more_first, second | more
        if len(cells) <= GENERAL_UP_TO:
            second = relaxed(cells, atoms, first | derived, second)
        verdicts = audit(cells, atoms, first | second | derived)
    return first, second, verdicts


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

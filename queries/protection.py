"""The release's suppression pattern: first by its structure, then checked by the audit.

Cells link only within one family of one quarter: each program's nested counts, and the total
over programs. So, per family and quarter: a row with a count of 1 to 10 is hidden; where a
step between two nested cells is 1 to 10 ("all discharges - those eligible for follow-up =
the deceased and incarcerated"), the row of one of the two is hidden (the one that hides
less), which leaves the step anywhere from 0 up; and where a total shows while just one
program's row of a metric is hidden, the smallest other program's row goes too, so the total
cannot be subtracted down to it. The LP audit then checks each part, the general secondary
suppression (queries/disclosure.py) finishes any the audit still finds exposed, and in a part
of a few dozen programs each row hidden to protect another is shown again if the audit
allows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence, Set

from queries.disclosure import Cell, Verdict, audit, primary, protect, value

# Cells of one family and quarter up to which each hidden row is tried shown again, one audit
# each (a few dozen programs; a thousand would take minutes).
RELAX_UP_TO = 200


def _small(count: int) -> bool:
    return 0 < count < 11


def _where(name: str) -> tuple[str, str]:
    """(program, quarter) of an atom's, a cell's or a unit's name."""
    _, program, quarter = name.rsplit("|", 2)
    return program, quarter


def _place(cell: Cell) -> tuple[str, int, int]:
    """(program, chain, level) of a published cell: "metric.part#chain/level|program|quarter"
    (queries/release_model.py)."""
    head, program, _ = cell.name.rsplit("|", 2)
    chain, level = head.rsplit("#", 1)[1].split("/")
    return program, int(chain), int(level)


def _chains(cells: Sequence[Cell]) -> dict[tuple[str, int], dict[int, frozenset[str]]]:
    """Per program (or "all") and chain, each level's cell (as its atoms)."""
    out: dict[tuple[str, int], dict[int, frozenset[str]]] = defaultdict(dict)
    for cell in cells:
        if cell.atoms:
            program, chain, level = _place(cell)
            out[(program, chain)][level] = cell.atoms
    return out


def structural(cells: Sequence[Cell], atoms: Mapping[str, int],
               derived: set[str]) -> tuple[set[str], set[str]]:
    """(units hidden for their own size, units hidden to protect another) of one family and
    quarter, by the rules above."""
    plain = [c for c in cells if c.unit not in derived]
    units_of: dict[frozenset[str], set[str]] = defaultdict(set)
    shows: dict[str, int] = defaultdict(int)  # unit -> the sum of what its cells show
    small_units = set()
    for cell in plain:
        units_of[cell.atoms].add(cell.unit)
        count = value(cell, atoms)
        shows[cell.unit] += count
        if _small(count):
            small_units.add(cell.unit)
    hidden = set(small_units)

    def size(units: Set[str]) -> int:
        return sum(shows[u] for u in units - hidden)

    for levels in _chains(plain).values():  # break every small step between nested cells
        for level in sorted(levels)[:-1]:
            outer, inner = levels[level], levels.get(level + 1)
            if inner is None or not _small(sum(atoms[a] for a in outer - inner)):
                continue
            if units_of[outer] <= hidden or units_of[inner] <= hidden:
                continue
            # never a row of zeros: it protects nothing, and hidden it would say so
            hidden |= min((units_of[outer], units_of[inner]),
                          key=lambda us: (any(not shows[u] for u in us), len(us - hidden),
                                          size(us), sorted(us)))
    by_metric: dict[str, dict[str, str]] = defaultdict(dict)  # metric -> program -> unit
    for unit in {c.unit for c in plain}:
        by_metric[unit.split("|", 1)[0]][_where(unit)[0]] = unit
    for rows in by_metric.values():  # a total must not subtract down to one hidden program
        lone = [p for p, u in rows.items() if p != "all" and u in hidden]
        others = [p for p, u in rows.items() if p != "all" and u not in hidden and shows[u]]
        if "all" in rows and rows["all"] not in hidden and len(lone) == 1 and others:
            hidden.add(rows[min(others, key=lambda p: (size({rows[p]}), p))])
    return small_units, hidden - small_units


def protect_part(cells: Sequence[Cell], atoms: Mapping[str, int],
                 derived: set[str]) -> tuple[set[str], set[str], list[Verdict]]:
    """One independent part: the structural pattern, finished by the general loop wherever the
    audit still finds a count exposed, then (in a part small enough) every row hidden to
    protect another shown again if the audit allows; with the final audit's verdicts."""
    if any(c.shown_as is not None for c in cells):  # rounded: differences are wide already
        first, second = primary(cells, atoms) - derived, set[str]()
    else:
        first, second = structural(cells, atoms, derived)
    if not all(v.safe for v in audit(cells, atoms, first | second | derived)):
        more_first, more = protect(cells, atoms, first | second | derived)
        first, second = first | more_first, second | more
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

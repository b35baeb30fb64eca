"""The funder release as the disclosure audit sees it (docs/DISCLOSURE.md): every figure a
funder can reach as a sum of atoms, and every count a funder could work out from them.

One population per family, program and quarter. Its chains (metrics/funder.py FAMILIES) are
partitions of that ONE population, so the atoms are the cells of their cross-classification
(followed up within 7 days AND completed AND with a contact, ...), minus the combinations the
metric definitions rule out (NEVER_BOTH): every chain sums to the same population whether or
not a cell showing it is published. How many people are in each cross-cell is never known
from the tables (they count the chains apart): the atoms are filled in one consistent way
(outer levels with outer levels), which fixes every published cell's true value, and are
never protected on their own; what is protected is what a funder can name: every cell, every
difference of two cells of a chain (each level, and each span of levels), and every sum of a
line's small cells (a total less its shown programs)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Set
from dataclasses import replace
from datetime import date
from itertools import combinations, pairwise, product

import polars as pl

from metrics.funder import FAMILIES, FUNDER_METRICS, NEVER_BOTH, SAME, Part
from release.disclosure import JOINT, THRESHOLD, Cell
from release.rounding import rounded

Key = tuple[str | None, date]  # (program_id, quarter); None is all programs
DERIVED = "derived"  # the unit of a count worked out, never a row of its own
Shown = dict[tuple[str, str], int]  # (unit, "numerator" or "denominator") -> the count as read
Combo = tuple[int, ...]  # an atom: one level of each chain of its family
LINE_SUMS_UP_TO = 10  # small cells of a line whose every combination is protected (2**10)


class NotNested(RuntimeError):
    """A family's counts do not nest as metrics/funder.py says they must (a bug)."""


def unit(metric: str, key: tuple[str | None, date | str]) -> str:
    return f"{metric}|{key[0] or 'all'}|{key[1]}"


def _values(tables: dict[str, pl.DataFrame], part: Part) -> dict[Key, int]:
    """One part's true count per program and quarter (the total's own rows for metrics
    counted over all programs together only)."""
    metric, field = part
    rows = tables[metric]
    if FUNDER_METRICS[metric].by_program:
        rows = rows.filter(~pl.col("is_total"))
    return {(p, q): int(v or 0) for p, q, v in rows.select("program_id", "quarter", field)
            .iter_rows()}


def _levels(family: str, chain: list[dict[Key, int]], key: Key) -> list[int]:
    """A chain's people at each level only (this level's cell less the next one's)."""
    counts = [v.get(key, 0) for v in chain] + [0]
    if any(a < b for a, b in pairwise(counts)):
        raise NotNested(f"in {family} of {key[0]} {key[1]}, the nested counts {counts[:-1]} "
                        "do not nest")
    return [a - b for a, b in pairwise(counts)]


def _filled(margins: list[list[int]]) -> dict[Combo, int]:
    """One cross-classification with these margins (each chain's level counts, all summing
    to the population): merged chain by chain, outer levels with outer (north-west corner),
    which also keeps the deceased and incarcerated (A1's outermost level) out of completion."""
    cells: dict[Combo, int] = {(level,): n for level, n in enumerate(margins[0]) if n}
    for margin in margins[1:]:
        merged: dict[Combo, int] = defaultdict(int)
        need = [[j, n] for j, n in enumerate(margin) if n]
        for combo, n in cells.items():
            while n:
                take = min(n, need[0][1])
                merged[(*combo, need[0][0])] += take
                n, need[0][1] = n - take, need[0][1] - take
                if not need[0][1]:
                    need.pop(0)
        cells = dict(merged)
    return cells


def _combos(family: str, depth: list[int]) -> list[Combo]:
    """Every combination of one level per chain that the definitions allow."""
    never = NEVER_BOTH.get(family, ())
    return [c for c in product(*(range(d) for d in depth))
            if not any(c[a] == la and c[b] == lb for (a, la), (b, lb) in never)]


class Family:
    """One family's atoms per key, and the atoms of any level range of one of its chains."""

    def __init__(self, name: str, tables: dict[str, pl.DataFrame]) -> None:
        self.name, self.chains = name, FAMILIES[name]
        values = [[_values(tables, part) for part in chain] for chain in self.chains]
        self.keys = sorted(values[0][0], key=lambda k: (k[1], k[0] or ""))
        self.combos = _combos(name, [len(chain) for chain in self.chains])
        self.atoms: dict[str, int] = {}
        for key in self.keys:
            filled = _filled([_levels(name, chain, key) for chain in values])
            for combo in self.combos:
                self.atoms[self.atom(key, combo)] = filled.pop(combo, 0)
            if filled:
                raise NotNested(f"in {name} of {key[0]} {key[1]}, {sorted(filled)} cannot be")

    def atom(self, key: Key, combo: Combo) -> str:
        return f"{JOINT}{self.name}/{'.'.join(map(str, combo))}|{key[0] or 'all'}|{key[1]}"

    def range(self, keys: list[Key], chain: int, low: int, high: int) -> frozenset[str]:
        """The atoms of these keys whose level in `chain` is from `low` up to `high` - 1."""
        return frozenset(self.atom(k, c) for k in keys for c in self.combos
                         if low <= c[chain] < high)

    def program_keys(self, quarter: date) -> list[Key]:
        return [k for k in self.keys if k[1] == quarter and k[0] is not None]

    @property
    def quarters(self) -> list[date]:
        return sorted({q for _, q in self.keys})


def release_cells(tables: dict[str, pl.DataFrame], key: bytes | None = None, *,
                  years: set[str] | None = None) -> tuple[list[Cell], dict[str, int]]:
    """Every published cell of the release and every count worked out from them (units
    starting DERIVED), as sums of atoms, and each atom's count (one consistent filling).
    With a key, each published cell is shown rounded (release/rounding.py), drawn once per
    count: the cells of one count (the same atoms) read the same. With `years` (families),
    the tables hold one calendar year's four quarters, and each program's whole year of
    those families is published too (E6's median is no sum of its quarters')."""
    cells: list[Cell] = []
    atoms: dict[str, int] = {}
    for name in FAMILIES:
        by_program = FUNDER_METRICS[FAMILIES[name][0][0][0]].by_program
        if years is not None and name not in years:
            continue
        family = Family(name, tables)
        atoms |= family.atoms
        periods = [_groups(family)] + ([_year_groups(family)] if years is not None else [])
        for index, chain in enumerate(family.chains):
            for groups in periods:
                yearly = groups is not periods[0]
                cells += _published(family, index, chain, key, groups, yearly)
                cells += _worked_out(family, index, chain, groups)
                if by_program:
                    cells += _line_sums(family, index, chain, groups)
    return cells, atoms


Group = tuple[str, date | str, list[Key]]  # (program or "all", quarter or year, its keys)


def _groups(family: Family) -> list[Group]:
    """Each key alone, then each quarter's programs together (its total) where the family is
    counted per program."""
    out: list[Group] = [(key[0] or "all", key[1], [key]) for key in family.keys]
    if any(k[0] is not None for k in family.keys):
        out += [("all", q, family.program_keys(q)) for q in family.quarters]
    return out


def year_of(quarters: list[date]) -> str:
    return str(quarters[0].year)


def _year_groups(family: Family) -> list[Group]:
    """Each program's four quarters together: its whole year (no total: the quarters' totals
    add up to it already)."""
    year = year_of(family.quarters)
    programs = sorted({k[0] for k in family.keys if k[0] is not None})
    return [(p, year, [k for k in family.keys if k[0] == p]) for p in programs]


def _published(family: Family, index: int, chain: tuple[Part, ...], key: bytes | None,
               groups: list[Group], yearly: bool = False) -> list[Cell]:
    """Each part's cell per group (a program's quarter or year, a quarter's total: its level
    and all inside it), in the unit (table row) that shows it, rounded with a key."""
    out = []
    for level, part in enumerate(chain):
        for metric, field in [part] + [alias for alias, same in SAME.items() if same == part]:
            if yearly and FUNDER_METRICS[metric].kind == "distribution":
                continue
            for program, q, keys in groups:
                line = f"{metric}.{field}#{index}/{level}|{q}" if program != "all" else ""
                atoms = family.range(keys, index, level, len(chain))
                count = sum(family.atoms[a] for a in atoms)
                out.append(Cell(f"{metric}.{field}#{index}/{level}|{program}|{q}", atoms,
                                unit(metric, (None if program == "all" else program, q)), line,
                                (_shows(chain, level, (program, q)),) if line else (),
                                None if key is None else rounded(count, "+".join(sorted(atoms)),
                                                                 key)))
    return out


def _shows(chain: tuple[Part, ...], level: int, key: tuple[str | None, date | str]
           ) -> frozenset[str]:
    """The units (table rows) that show a chain's cell at a level for a key."""
    part = chain[level]
    return frozenset(unit(m, key) for m, _ in
                     [part] + [alias for alias, same in SAME.items() if same == part])


def _worked_out(family: Family, index: int, chain: tuple[Part, ...], groups: list[Group]
                ) -> list[Cell]:
    """Every difference of two cells of a chain, per program and per total: each level on its
    own ("discharges - eligible = the deceased and incarcerated") and each span of levels
    ("11 of 16": 5 eligible people not followed up within 7 days). Never published; a
    program's is in its line (a total's less the shown programs') while a cell it rests on
    is hidden."""
    depth, out = len(chain), []
    for program, q, keys in groups:
        for low in range(depth):
            for high in range(low + 1, depth + 1):
                if (low, high) == (0, depth):
                    continue  # the whole population: the outermost cell itself
                span = f"{family.name}/{index}/{low}" + (f"-{high}" if high > low + 1 else "")
                bounds = (() if program == "all" else
                          tuple(_shows(chain, lv, (program, q)) for lv in (low, high)
                                if lv < depth))
                out.append(Cell(f"{span}|{program}|{q}", family.range(keys, index, low, high),
                                f"{DERIVED}|{family.name}/{index}|{q}",
                                f"{span}|{q}" if bounds else "", bounds))
    return out


def _line_sums(family: Family, index: int, chain: tuple[Part, ...], groups: list[Group]
               ) -> list[Cell]:
    """Every sum of two or more programs' small cells of one line (a part in a quarter or a
    year): a total less its shown programs is such a sum ("73 - 19 - 13 - 13 - 19 = 9 at two
    programs together"). Only sums of small cells can be small; past LINE_SUMS_UP_TO small
    cells in a line, pairs only."""
    lines: dict[date | str, list[tuple[str, list[Key]]]] = defaultdict(list)
    for program, q, keys in groups:
        if program != "all":
            lines[q].append((program, keys))
    out = []
    for level, (metric, field) in enumerate(chain):
        for q, programs in lines.items():
            small = []
            for program, keys in programs:
                atoms = family.range(keys, index, level, len(chain))
                if 0 < (n := sum(family.atoms[a] for a in atoms)) < THRESHOLD:
                    small.append((program, atoms, n))
            most = len(small) if len(small) <= LINE_SUMS_UP_TO else 2
            out += [Cell(f"{metric}.{field}#{index}/{level}|{'+'.join(p for p, _, _ in g)}|{q}",
                         frozenset().union(*(a for _, a, _ in g)),
                         f"{DERIVED}|{family.name}/{index}|{q}")
                    for k in range(2, most + 1) for g in combinations(small, k)
                    if sum(n for _, _, n in g) < THRESHOLD]
    return out


def field_of(cell: Cell) -> str:
    """"numerator" or "denominator" of a published cell ("E7.numerator#1/1|p1|2026-01-01")."""
    return cell.name.split("#", 1)[0].split(".", 1)[1]


def shown_counts(cells: list[Cell]) -> Shown:
    """What each published cell shows where it is rounded, by unit and field."""
    return {(c.unit, field_of(c)): c.shown_as for c in cells if c.shown_as is not None}


def as_served(cells: list[Cell], served: Shown, keep: Set[str] = frozenset()) -> list[Cell]:
    """The cells as a funder reads them: each published cell shown as `served` says (not in it:
    no count shown), those worked out from them and those of units in `keep` as they are."""
    return [c if c.unit.startswith(DERIVED) or c.unit in keep
            else replace(c, shown_as=served.get((c.unit, field_of(c)))) for c in cells]

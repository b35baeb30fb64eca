"""Disclosure control for the funder release (docs/DISCLOSURE.md): what the published
cells let a funder work out about each count, by linear programming over non-negative atoms
(the LP relaxation: integer effects are ignored), and what to hide so that no count of 1 to
THRESHOLD-1 is shown or derivable.

A quantity (a set of atoms) is published while ANY unit showing it is shown: to hide a
quantity, protect() hides every unit that shows it. A cell may be shown rounded (its
`shown_as`, release/rounding.py): a funder then knows only that its count is within
ROUNDING-1 of what they read, and at least THRESHOLD (1 to THRESHOLD-1 is never shown).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from metrics.instruments import SMALLEST_SHOWN, SPREAD

THRESHOLD = SMALLEST_SHOWN  # a count of 1 to THRESHOLD-1 may be neither shown nor derivable
# Atoms named with this mark are cells of a cross-classification no one counted (one filling
# of it, release/model.py): never protected on their own, only the sums named.
JOINT = "~"
# A rounded cell's distance from what is shown, as an atom of its own (0 to 2*SPREAD): the
# row "cell + slack = shown + SPREAD" says the cell is within SPREAD of what is shown.
SLACK = "±"
_SLACK = 0.5  # LP answers are floats and counts whole: within half a count of 0 or 11 is out
_ZERO = 1e-9  # a dual (or an atom's value) this small is zero
_ROUNDS = 2  # of pushing a block's parts to 0 together: most reach it in one, later rounds pay less
_BATCH = 20_000  # variables per linprog call: its set-up paid rarely, each call still quick

Quantity = frozenset[str]
BlockKey = tuple[frozenset[Quantity], frozenset[tuple[Quantity, float]]]  # rows, floors


@dataclass(frozen=True)
class Cell:
    """A published figure: the sum of some atoms. Cells with the same `unit` are shown or
    hidden together (one table row: numerator, denominator and rate). Two cells with the same
    atoms are the same quantity wherever they appear, so hiding one hides every copy."""

    name: str  # unique, e.g. "A1.denominator|P1|2026-01-01"
    atoms: frozenset[str]  # names of the atoms it sums
    unit: str  # e.g. "A1|P1|2026-01-01"
    line: str = ""  # a program's count: the line (one count in a quarter) a total sums
    # hidden when every unit of any of these sets is (the units showing each cell it rests
    # on); empty: when its own unit is
    hides_with: tuple[frozenset[str], ...] = ()
    shown_as: int | None = None  # what a funder reads when it is rounded; None: the count


@dataclass(frozen=True)
class Verdict:
    """What the release reveals about one count of 1 to THRESHOLD-1."""

    quantity: str  # an atom's or a cell's name
    true: int
    # smallest value consistent with what is published (a lower bound where high is inf: a
    # hidden row's floor on atoms in no published row is dropped, as it binds no other)
    low: float
    # largest (inf: unbounded); unless audit() was exact, nan if low settles it, and a value of
    # THRESHOLD or more that it can reach where one was found without solving for the largest
    high: float
    safe: bool  # the interval reaches outside 1..THRESHOLD-1, or the count is not in it
    hidden: bool  # the quantity is not itself published


def value(cell: Cell, atoms: Mapping[str, int]) -> int:
    """The cell's true value: the sum of its atoms."""
    return sum(atoms[a] for a in cell.atoms)


def _small(count: float) -> bool:
    return 0 < count < THRESHOLD


def primary(cells: Iterable[Cell], atoms: Mapping[str, int]) -> set[str]:
    """Units holding a cell whose true value is 1 to THRESHOLD-1."""
    return {c.unit for c in cells if _small(value(c, atoms))}


def _clean(x: float) -> float:
    return float(round(x)) if abs(x - round(x)) < 1e-6 else x


class _Block:
    """Equality rows over non-negative atoms, each row summing to its atoms' true total, and
    floors (a hidden row's widest cell is at least 1: rows of zeros are always shown), with
    the optima found over them (a block that did not change is not solved again)."""

    def __init__(self, rows: Sequence[Quantity], atoms: Mapping[str, int],
                 floors: Sequence[tuple[Quantity, float]] = ()) -> None:
        self.rows, self.floors = list(rows), list(floors)
        self.col = {a: j for j, a in enumerate(sorted(set().union(*self.rows)))}
        self.ub = np.array([2.0 * SPREAD if a.startswith(SLACK) else np.inf for a in self.col])
        self.i = np.array([i for i, row in enumerate(self.rows) for _ in row], dtype=np.int64)
        self.j = np.array([self.col[a] for row in self.rows for a in row], dtype=np.int64)
        self.b = np.array([sum(atoms[a] for a in row) for row in self.rows], dtype=float)
        self.fi = np.array([i for i, (q, _) in enumerate(self.floors) for _ in q], dtype=np.int64)
        self.fj = np.array([self.col[a] for q, _ in self.floors for a in q], dtype=np.int64)
        self.fb = np.array([-f for _, f in self.floors], dtype=float)  # -sum <= -floor
        self.known: dict[tuple[Quantity, int], tuple[float, set[Quantity]]] = {}  # by target, sign
        self.reached: dict[Quantity, float] = {}  # a part's value at a point lifting it (_reach)


Problem = tuple[_Block, Iterable[str], int]  # atoms to sum (repeats weigh more), 1 min, -1 max
Solution = tuple[float, set[Quantity], np.ndarray]  # optimum, rows with a non-zero dual, point


class _Stack:
    """Blocks side by side in one LP: they share no variables, so each optimum found over
    the stack is the one it has alone, without paying linprog's set-up once per block.

    scipy is imported here, by the audit alone: every page imports this module (through
    queries.funder), and only the run that first releases a quarter audits (and pays the
    import then); importing scipy.optimize and scipy.sparse took 0.3 s of a fresh server's
    first page."""

    def __init__(self, blocks: Sequence[_Block]) -> None:
        from scipy.sparse import csr_array

        self.blocks = blocks
        self.rows = np.cumsum([0] + [len(b.b) for b in blocks])
        self.cols = np.cumsum([0] + [len(b.col) for b in blocks])
        floors = np.cumsum([0] + [len(b.fb) for b in blocks])
        i = np.concatenate([b.i + r for b, r in zip(blocks, self.rows[:-1], strict=True)])
        j = np.concatenate([b.j + c for b, c in zip(blocks, self.cols[:-1], strict=True)])
        self.a_eq = csr_array((np.ones(len(i)), (i, j)), shape=(self.rows[-1], self.cols[-1]))
        self.b_eq = np.concatenate([b.b for b in blocks])
        # each floor as -sum <= -floor: (row, column) pairs and right-hand sides
        self.fi = np.concatenate([b.fi + f for b, f in zip(blocks, floors[:-1], strict=True)])
        self.fj = np.concatenate([b.fj + c for b, c in zip(blocks, self.cols[:-1], strict=True)])
        self.fb = np.concatenate([b.fb for b in blocks])
        self.high = np.concatenate([b.ub for b in blocks])

    def solve(self, cost: np.ndarray, extra: int = 0,
              rows: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None
              ) -> tuple[np.ndarray, np.ndarray]:
        """The point minimising `cost` over the blocks' variables and `extra` more (each 0 to
        THRESHOLD), with `rows` (row, column, coefficient; right-hand sides) added to the
        floors as <= rows; and the equality rows' duals."""
        from scipy.optimize import linprog
        from scipy.sparse import csr_array

        n = self.cols[-1] + extra
        i, j, v, b = (np.array([], dtype=np.int64),) * 2 + (np.array([]),) * 2
        if rows is not None:
            i, j, v, b = rows
        a_ub = csr_array((np.concatenate([-np.ones(len(self.fi)), v]),
                          (np.concatenate([self.fi, i + len(self.fb)]),
                           np.concatenate([self.fj, j]))),
                         shape=(len(self.fb) + len(b), n))
        bounds = np.column_stack([np.zeros(n), np.concatenate([self.high,
                                                               np.full(extra, THRESHOLD)])])
        inequalities = {"A_ub": a_ub, "b_ub": np.concatenate([self.fb, b])} if a_ub.shape[0] else {}
        res = linprog(cost, A_eq=csr_array((self.a_eq.data, self.a_eq.indices,
                                            self.a_eq.indptr), shape=(self.rows[-1], n)),
                      b_eq=self.b_eq, bounds=bounds, method="highs", **inequalities)
        if res.status != 0:  # every atom of a block is in a row, so not even unbounded
            raise RuntimeError(f"disclosure audit: linprog failed: {res.message}")
        return res.x, res.eqlin.marginals

    def x(self, k: int, point: np.ndarray) -> np.ndarray:
        return point[self.cols[k]:self.cols[k + 1]]


def _stacked(problems: Sequence[Problem]) -> list[Solution]:
    """Each problem's min (sign 1) or max (sign -1) of its atoms' sum, all in one LP."""
    stack = _Stack([block for block, _, _ in problems])
    cost = np.zeros(stack.cols[-1])
    for k, (block, target, sign) in enumerate(problems):
        np.add.at(cost, [stack.cols[k] + block.col[a] for a in target], sign)
    point, duals = stack.solve(cost)
    out = []
    for k, (block, _, _) in enumerate(problems):
        x, d = stack.x(k, point), duals[stack.rows[k]:stack.rows[k + 1]]
        rows = {row for row, dual in zip(block.rows, d, strict=True) if abs(dual) > _ZERO}
        sign = problems[k][2]
        out.append((_clean(sign * float(cost[stack.cols[k]:stack.cols[k + 1]] @ x)), rows, x))
    return out


def _reach(problems: Sequence[tuple[_Block, Sequence[Quantity]]]) -> list[np.ndarray]:
    """For each block, a point lifting as many of its parts as it can to THRESHOLD together:
    the max of the sum of min(part, THRESHOLD), one more variable per part. A part it lifts
    is settled (it can be THRESHOLD or more), where one LP per part would cost one each."""
    stack = _Stack([block for block, _ in problems])
    i, j, v = [], [], []
    n = 0  # parts so far: the extra variable and the row of each
    for k, (block, parts) in enumerate(problems):
        for part in parts:  # min(part, THRESHOLD) - sum of the part's atoms <= 0
            cols = [stack.cols[k] + block.col[a] for a in part]
            i += [n] * (len(cols) + 1)
            j += [stack.cols[-1] + n, *cols]
            v += [1.0] + [-1.0] * len(cols)
            n += 1
    cost = np.concatenate([np.zeros(stack.cols[-1]), -np.ones(n)])
    point, _ = stack.solve(cost, n, (np.array(i, dtype=np.int64), np.array(j, dtype=np.int64),
                                     np.array(v), np.zeros(n)))
    return [stack.x(k, point) for k in range(len(problems))]


T = TypeVar("T", bound=tuple[Any, ...])  # a block first


def _batches(problems: Iterable[T]) -> Iterator[list[T]]:
    """The problems in batches of about _BATCH variables, for one LP each."""
    batch: list[T] = []
    size = 0
    for problem in problems:
        if batch and size + len(problem[0].col) > _BATCH:
            yield batch
            batch, size = [], 0
        batch.append(problem)
        size += len(problem[0].col)
    if batch:
        yield batch


def _solve(problems: Iterable[Problem]) -> list[Solution]:
    """_stacked() in batches of about _BATCH variables."""
    return [found for batch in _batches(problems) for found in _stacked(batch)]


def _differences(rows: Sequence[Quantity]) -> dict[Quantity, set[Quantity]]:
    """Each row less the largest published rows inside it that do not overlap, with the rows
    it came from. The same constraints, but nested cells become the disjoint pieces between
    them (all discharges - eligible = deceased or incarcerated), which peeling then pins."""
    by_atom: dict[str, list[Quantity]] = defaultdict(list)
    for row in rows:
        for a in row:
            by_atom[a].append(row)
    out: dict[Quantity, set[Quantity]] = defaultdict(set)
    for row in rows:
        inside = {s for a in row for s in by_atom[a] if len(s) < len(row)}
        rest, used = set(row), {row}
        for s in sorted((s for s in inside if s <= row), key=lambda s: (-len(s), sorted(s))):
            if s <= rest:
                rest -= s
                used.add(s)
        if rest:  # an empty rest is 0 = 0: the row adds nothing to the pieces inside it
            out[frozenset(rest)] |= used
    return out


def _peel(rows: Sequence[Quantity], atoms: Mapping[str, int]) -> dict[str, Quantity]:
    """Atoms the rows pin by subtraction, each with the row that pinned it: a row left with one
    unknown atom, or whose unknown atoms must all be zero. Cheap, and it removes most atoms
    from the LPs; what it misses the LPs still find."""
    left, rest = [len(r) for r in rows], [sum(atoms[a] for a in r) for r in rows]
    by_atom: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        for a in row:
            by_atom[a].append(i)
    todo = [i for i in range(len(rows)) if left[i] == 1 or (left[i] and rest[i] == 0)]
    pinned: dict[str, Quantity] = {}
    while todo:
        row = rows[todo.pop()]
        for a in [a for a in sorted(row) if a not in pinned]:  # sorted: the same reasons every run
            pinned[a] = row
            for k in by_atom[a]:
                left[k], rest[k] = left[k] - 1, rest[k] - atoms[a]
                if left[k] == 1 or (left[k] and rest[k] == 0):
                    todo.append(k)
    return pinned


def _components(rows: Iterable[Quantity]) -> dict[str, str]:
    """Each atom's representative: atoms share one when rows link them."""
    parent: dict[str, str] = {}

    def find(a: str) -> str:
        while parent.setdefault(a, a) != a:
            parent[a] = a = parent[parent[a]]
        return a

    for row in rows:
        first = find(next(iter(row)))
        for a in row:
            parent[find(a)] = first
    return {a: find(a) for a in parent}


def _derivation(start: Iterable[str], pinned: Mapping[str, Quantity]) -> set[Quantity]:
    """The rows that pinned these atoms, and the rows that pinned those rows' other atoms."""
    rows: set[Quantity] = set()
    todo = [a for a in start if a in pinned]
    while todo:
        row = pinned[todo.pop()]
        if row not in rows:
            rows.add(row)
            todo.extend(a for a in row if a in pinned)
    return rows


class _Release:
    """One release's cells and counts; blocks are kept across audits of different hidings."""

    def __init__(self, cells: Sequence[Cell], atoms: Mapping[str, int]) -> None:
        self.cells, self.atoms = cells, dict(atoms)
        # A rounded cell's row carries its slack: the same row wherever the cell is shown.
        self.row_of: dict[Quantity, Quantity] = {}
        for c in cells:
            if c.shown_as is not None and c.atoms not in self.row_of and self.true(c.atoms):
                slack = f"{SLACK}{len(self.row_of)}"
                self.atoms[slack] = c.shown_as + SPREAD - self.true(c.atoms)
                if not 0 <= self.atoms[slack] <= 2 * SPREAD:
                    raise ValueError(f"{c.name} is shown as {c.shown_as}, more than {SPREAD} "
                                     f"from its count {self.true(c.atoms)}")
                self.row_of[c.atoms] = c.atoms | {slack}
        self.quantity_of = {row: q for q, row in self.row_of.items()}
        self.units_of: dict[Quantity, set[str]] = defaultdict(set)
        self.shows: dict[str, set[Quantity]] = defaultdict(set)
        for c in cells:
            self.units_of[c.atoms].add(c.unit)
            self.shows[c.unit].add(c.atoms)
        names = [(a, frozenset([a])) for a in sorted(atoms) if not a.startswith(JOINT)]
        names += [(c.name, c.atoms) for c in cells]
        self.protected = [(n, q, self.true(q)) for n, q in names if _small(self.true(q))]
        self.named = {n: q for n, q, _ in self.protected}
        self.blocks: dict[BlockKey, _Block] = {}
        # Zero rows are shown, always: so a hidden row is known to count someone, and a row
        # of zeros protects nothing (and its hiding would say so). A row's widest cell is
        # the one a hidden row is known to be at least 1 in.
        self.zero_units = {u for u, qs in self.shows.items() if not any(map(self.true, qs))}
        self.widest = {max(qs, key=lambda q: (len(q), sorted(q))): u
                       for u, qs in self.shows.items() if u not in self.zero_units}

    def true(self, q: Iterable[str]) -> int:
        return sum(self.atoms[a] for a in q)

    def view(self, hidden: Set[str]) -> None:
        """Pin what subtraction pins, then split the rest into independent blocks."""
        self.shown = {c.atoms for c in self.cells if c.unit not in hidden}
        rows = [self.row_of.get(q, q) for q in self.shown]
        self.sources = _differences(sorted(rows, key=sorted))  # sorted: same every run
        self.pinned = _peel(list(self.sources), self.atoms)
        self.origin: dict[Quantity, set[Quantity]] = defaultdict(set)
        for row in self.sources:
            if rest := frozenset(a for a in row if a not in self.pinned):
                self.origin[rest].add(row)
        in_rows = set().union(*self.origin) if self.origin else set()
        floors = self._floors(hidden, in_rows)
        root = _components([*self.origin, *(q for q, _ in floors)])
        members: dict[str, list[Quantity]] = defaultdict(list)
        for row in sorted(self.origin, key=sorted):
            members[root[next(iter(row))]].append(row)
        floors_of: dict[str, list[tuple[Quantity, float]]] = defaultdict(list)
        for q, f in floors:
            floors_of[root[next(iter(q))]].append((q, f))
        self.block_of: dict[str, BlockKey] = {}
        for at, rows in members.items():
            key = (frozenset(rows), frozenset(floors_of[at]))
            if key not in self.blocks:
                self.blocks[key] = _Block(rows, self.atoms, sorted(floors_of[at], key=repr))
            self.block_of.update(dict.fromkeys(self.blocks[key].col, key))

    def _floors(self, hidden: Set[str], in_rows: set[str]) -> list[tuple[Quantity, float]]:
        """Each hidden row's widest cell is at least 1 (rows of zeros are always shown): its
        atoms not pinned, at least 1 less the pinned ones. A floor with an atom in no
        published row binds nothing (that atom alone can meet it). And a rounded cell shown
        and not 0 is at least THRESHOLD: a count of 1 to THRESHOLD-1 is never shown."""
        out = []
        hidden_rows = [(q, 1) for q, unit in self.widest.items() if unit in hidden]
        shown_rounded = [(q, THRESHOLD) for q in self.shown if q in self.row_of]
        for q, at_least in hidden_rows + shown_rounded:
            rest = frozenset(a for a in q if a not in self.pinned)
            floor = at_least - self.true(a for a in q if a in self.pinned)
            if rest and floor > 0 and rest <= in_rows:
                out.append((rest, floor))
        return sorted(set(out), key=lambda f: sorted(f[0]))

    def parts(self, q: Quantity) -> dict[BlockKey | None, Quantity]:
        """q's unknown atoms by block; None holds those in no published row."""
        parts: dict[BlockKey | None, set[str]] = defaultdict(set)
        for a in sorted(q):
            if a not in self.pinned:
                parts[self.block_of.get(a)].add(a)
        return {key: frozenset(part) for key, part in parts.items()}

    def needed(self, qs: Iterable[Quantity], sign: int) -> list[tuple[BlockKey, Quantity]]:
        """The (block, part) optima these quantities need that no block remembers."""
        pairs = dict.fromkeys((k, p) for q in qs for k, p in self.parts(q).items() if k is not None)
        return [(k, p) for k, p in pairs if (p, sign) not in self.blocks[k].known]

    def zeros(self, qs: Sequence[Quantity]) -> None:
        """The parts that can be 0. Most can, so one LP per block pushes all its open parts
        down at once, and each part that reaches 0 is settled (nothing goes lower)."""
        todo = self.needed(qs, 1)
        for _ in range(_ROUNDS):
            groups: dict[BlockKey, list[Quantity]] = defaultdict(list)
            for key, part in todo:
                groups[key].append(part)
            points = _solve([(self.blocks[k], [a for p in ps for a in p], 1)
                             for k, ps in groups.items()])
            for (key, ps), (_, _, x) in zip(groups.items(), points, strict=True):
                block = self.blocks[key]
                for p in ps:
                    if x[[block.col[a] for a in p]].sum() <= _ZERO:
                        block.known[p, 1] = (0.0, set())
            if len(left := self.needed(qs, 1)) == len(todo):
                break  # nothing settled: the same parts are left
            todo = left

    def reach(self, qs: Sequence[Quantity]) -> None:
        """The parts that can be THRESHOLD or more, found together: one LP per block lifts as
        many of its open parts as it can (_reach), and each lifted part settles every quantity
        it is in (its high is at least THRESHOLD), where one LP per part would cost one each."""
        while qs:
            groups: dict[BlockKey, list[Quantity]] = defaultdict(list)
            for key, part in self.needed(qs, -1):
                if self.blocks[key].reached.get(part, 0.0) < THRESHOLD - _SLACK:
                    groups[key].append(part)
            lifted = 0
            for batch in _batches([(self.blocks[k], ps) for k, ps in groups.items()]):
                for (block, ps), x in zip(batch, _reach(batch), strict=True):
                    for p in ps:
                        value = float(x[[block.col[a] for a in p]].sum())
                        block.reached[p] = max(value, block.reached.get(p, 0.0))
                        lifted += value >= THRESHOLD - _SLACK
            if not lifted:
                break  # what is left cannot be lifted together: one LP each
            qs = [q for q in qs if not self.lifted(q)]

    def lifted(self, q: Quantity) -> bool:
        return self.lifted_to(q) >= THRESHOLD - _SLACK

    def lifted_to(self, q: Quantity) -> float:
        """A value q is known to reach: its parts' highs, or the values reach() lifted them to,
        added up (parts in different blocks move independently)."""
        parts = self.parts(q)
        if None in parts:
            return math.inf  # an atom in no published row: nothing bounds q above
        total = float(self.true(a for a in q if a in self.pinned))
        for key, part in parts.items():
            block = self.blocks[key]  # type: ignore[index]
            total += block.known.get((part, -1), (block.reached.get(part, 0.0),))[0]
        return total

    def lows(self, qs: Sequence[Quantity]) -> None:
        """Every part's minimum that zeros() did not settle: one LP each."""
        todo = self.needed(qs, 1)
        for (key, part), found in zip(todo, _solve([(self.blocks[k], p, 1) for k, p in todo]),
                                      strict=True):
            self.blocks[key].known[part, 1] = found[:2]

    def bound(self, q: Quantity, sign: int) -> float:
        """q's min (sign 1) or max (-1) from the blocks' optima; nan where one is not solved."""
        parts = self.parts(q)
        if sign == -1 and None in parts:
            return math.inf  # an atom in no published row: nothing bounds q above
        total = float(self.true(a for a in q if a in self.pinned))
        for key, part in parts.items():
            if key is not None:
                total += self.blocks[key].known.get((part, sign), (math.nan,))[0]
        return total

    def hidden_lines(self, hidden: Set[str]) -> list[tuple[str, Quantity, int]]:
        """Each line's hidden cells together (a total less its shown programs), where two or
        more are hidden and their true sum is 1 to THRESHOLD-1."""
        programs: dict[str, set[str]] = defaultdict(set)  # line -> its hidden programs
        atoms: dict[str, set[str]] = defaultdict(set)  # line -> their atoms
        for c in self.cells:
            gone = (any(units <= hidden for units in c.hides_with) if c.hides_with
                    else c.unit in hidden)
            if c.line and gone:
                programs[c.line].add(c.name.rsplit("|", 2)[1])
                atoms[c.line].update(c.atoms)
        out = []
        for line, hidden_programs in programs.items():
            q = frozenset(atoms[line])
            if len(hidden_programs) >= 2 and _small(true := self.true(q)):
                name = f"{line}|hidden:{'+'.join(sorted(hidden_programs))}"
                out.append((name, q, true))
                self.named[name] = q
        return out

    def audit(self, hidden: Set[str], exact: bool) -> list[Verdict]:
        """A verdict for every atom and cell whose true value is 1 to THRESHOLD-1, and for each
        line's hidden cells together."""
        self.view(hidden)
        protected = self.protected + self.hidden_lines(hidden)
        qs = sorted({q for _, q, _ in protected if q not in self.shown}, key=sorted)
        known_nonzero = {q for q in qs if q in self.widest and self.widest[q] in hidden}

        def settled(q: Quantity) -> bool:  # safe by what the blocks know: low 0 or lifted
            return ((q not in known_nonzero and self.bound(q, 1) <= _SLACK)
                    or (not exact and self.lifted(q)))

        self.zeros(qs)
        if not exact:  # an exact audit solves every high
            self.reach([q for q in qs if not settled(q)])
        left = [q for q in qs if not settled(q)]
        self.lows(left)
        low = {q: self.bound(q, 1) for q in qs}
        # Most maxima are not needed (low already reaches 0) and cost ten times the rest.
        todo = self.needed([q for q in (qs if exact else left)
                            if exact or low[q] > _SLACK or q in known_nonzero], -1)
        for (key, part), found in zip(todo, _solve([(self.blocks[k], p, -1) for k, p in todo]),
                                      strict=True):
            self.blocks[key].known[part, -1] = found[:2]
        out = []
        for name, q, true in protected:
            lo, hi = (float(true),) * 2 if q in self.shown else (low[q], self.bound(q, -1))
            if math.isnan(hi) and q not in self.shown and not exact and self.lifted(q):
                hi = self.lifted_to(q)  # at least THRESHOLD: high enough, not the highest
            if q in known_nonzero:
                lo = max(lo, 1.0)  # a hidden row is not a row of zeros (those are shown)
            safe = lo <= _SLACK or hi >= THRESHOLD - _SLACK
            out.append(Verdict(name, true, lo, hi, safe, q not in self.shown))
        return out

    def behind(self, q: Quantity) -> set[Quantity]:
        """Published quantities that q's bounds rest on: the rows with a non-zero dual in its
        LPs and the rows that pinned atoms, as the cells they came from. Hiding any other
        could not move q's bounds."""
        rows: set[Quantity] = set()
        for key, part in self.parts(q).items():
            if key is None:
                continue
            for sign in (1, -1):
                rows.update(*(self.origin[r] for r in self.blocks[key].known[part, sign][1]))
        rows |= _derivation(set(q).union(*rows), self.pinned)
        return {self.quantity_of.get(s, s) for r in rows for s in self.sources[r]}

    def cost(self, q: Quantity, hidden: Set[str]) -> tuple[int, str]:
        """What hiding q (every unit showing it) takes from view: the total of the quantities
        it unpublishes, then a unit's name so that ties go the same way every run."""
        units = self.units_of[q] - hidden
        after = hidden | units
        gone = {g for u in units for g in self.shows[u] if self.units_of[g] <= after}
        return sum(self.true(g) for g in gone), min(units)

    def choose(self, exposed: Iterable[Verdict], hidden: Set[str]) -> set[str]:
        """Units to hide next: for each exposed quantity that no choice of this round already
        bears on, the cheapest published quantity behind it, in every unit that shows it."""
        chosen: set[Quantity] = set()
        for q in dict.fromkeys(self.named[v.quantity] for v in exposed):
            behind = {q} if q in self.shown else self.behind(q)
            behind = {r for r in behind if not self.units_of[r] & self.zero_units} or behind
            if behind and not behind & chosen:
                chosen.add(min(behind, key=lambda r: (self.cost(r, hidden), sorted(r))))
        return {u for q in chosen for u in self.units_of[q]} - hidden


def audit(cells: Sequence[Cell], atoms: Mapping[str, int], hidden_units: Set[str], *,
          exact: bool = False) -> list[Verdict]:
    """Verdicts on every atom and cell of 1 to THRESHOLD-1; `exact` solves each high too."""
    return _Release(cells, atoms).audit(hidden_units, exact)


def protect(cells: Sequence[Cell], atoms: Mapping[str, int],
            hidden_units: Set[str] = frozenset()) -> tuple[set[str], set[str]]:
    """(units hidden for their size, units hidden to protect others): then the audit passes."""
    release = _Release(cells, atoms)
    first = primary(cells, atoms)
    hidden = set(hidden_units) | first  # given hidden: in neither set returned, unless small
    while exposed := [v for v in release.audit(hidden, exact=False) if not v.safe]:
        # Each round hides at least one more unit; with none published nothing can be derived.
        hidden |= release.choose(exposed, hidden) or set(release.shows)
    return first, hidden - first - set(hidden_units)

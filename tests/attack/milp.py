"""The attacker's integer program, one block per family and quarter (nothing served links two):
unknowns are each population's atoms per program (and data version), constraints are what the
served views show, and every small count is minimised and maximised with scipy's milp (HiGHS)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

from tests.attack.model import Quantity
from tests.attack.parse import TOTAL, View

BIG = 100_000  # no count served reaches it: the bound of the "0 or 11 and over" switches
MAX_DAYS = 3_650  # a generous ceiling on one discharge's engagement days
RATE_HALF = 0.0005  # a rate printed to 0.1%
OTHERS = "(programs no view lists)"
Coef = dict[int, float]


@dataclass(frozen=True)
class Target:
    family: str
    quarter: str
    versions: tuple[int, ...]  # one: a count; two: its change from the first to the second
    programs: tuple[str, ...] | None  # whose rows add up to it (None: every program)
    kind: str  # "program", "total", "line sum", "change"
    quantity: Quantity


@dataclass(frozen=True)
class Finding:
    target: Target
    low: float
    high: float
    true: int | None

    @property
    def pinned(self) -> bool:
        """Worked out to within 1 to 10 (or a change of -10 to -1)."""
        return (self.low >= 1 and self.high <= 10) or (self.low >= -10 and self.high <= -1)


class Lp:
    """A mixed-integer program built row by row."""

    def __init__(self) -> None:
        self.upper: list[float] = []
        self.integer: list[int] = []
        self.rows: list[tuple[Coef, float, float]] = []
        self.built: tuple | None = None

    def var(self, upper: float = BIG, integer: bool = True) -> int:
        self.upper.append(upper)
        self.integer.append(int(integer))
        return len(self.upper) - 1

    def add(self, coef: Coef, low: float = -np.inf, high: float = np.inf) -> None:
        self.rows.append((coef, low, high))

    def solve(self, objective: Coef | None = None) -> float | None:
        """The smallest value of `objective` (feasibility alone when None); None: infeasible."""
        n = len(self.upper)
        if self.built is None or self.built[0] != (len(self.rows), n):
            a = lil_matrix((len(self.rows), n))
            for i, (coef, _, _) in enumerate(self.rows):
                for j, v in coef.items():
                    a[i, j] += v
            self.built = ((len(self.rows), n), LinearConstraint(
                a.tocsr(), [r[1] for r in self.rows], [r[2] for r in self.rows]))
        c = np.zeros(n)
        for j, v in (objective or {}).items():
            c[j] += v
        res = milp(c, constraints=self.built[1], integrality=np.array(self.integer),
                   bounds=Bounds(0, np.array(self.upper)), options={"time_limit": 60})
        return float(res.fun) if res.status == 0 else None  # 1: out of time, no bound


def plus(*parts: Coef, scale: Iterable[float] | None = None) -> Coef:
    out: Coef = {}
    for part, k in zip(parts, scale or [1.0] * len(parts), strict=True):
        for j, v in part.items():
            out[j] = out.get(j, 0.0) + k * v
    return out


def total_covers_all(view: View, views: list[View]) -> bool:
    """Whether a view's total counts programs it does not list: a line whose programs are all
    shown and fall short of its total, or another funder's different programs under the very
    same totals, says so."""
    totals = {w: r for w, r in view.rows.items() if w[2] == TOTAL}
    if any(v.programs != view.programs and totals ==
           {w: r for w, r in v.rows.items() if w[2] == TOTAL} for v in views):
        return True
    lines: dict[tuple[str, str, str], list] = {}
    for (key, q, program), row in view.rows.items():
        for part, value in (("num", row.num), ("den", row.den)):
            lines.setdefault((key, q, part), []).append((program, value))
    for cells in lines.values():
        total = [v for p, v in cells if p == TOTAL]
        progs = [v for p, v in cells if p != TOTAL]
        if (total and total[0] and progs and all(progs) and len(progs) == len(view.programs)
                and sum(v[1] for v in progs) < total[0][0]):
            return True
    return False


Truth = Callable[[int, str, tuple[str, ...] | None, tuple[str, str]], int | None]

"""One family and quarter as an integer program over every view (funders, data versions): the
atoms, each served row's constraints, and the small counts to pin."""

from __future__ import annotations

from tests.attack.milp import (
    MAX_DAYS,
    OTHERS,
    RATE_HALF,
    Coef,
    Lp,
    Target,
    plus,
    total_covers_all,
)
from tests.attack.model import DAYS, Family, Part
from tests.attack.parse import TOTAL, Row, View


class Block:
    """The program of one family and quarter; `notes` and `means` may be left out (to measure
    what each adds)."""

    def __init__(self, family: Family, quarter: str, views: list[View], *, notes: bool = True,
                 means: bool = True) -> None:
        self.family, self.quarter, self.views = family, quarter, views
        self.lp, self.x, self.days = Lp(), {}, {}
        self.all = {id(v): total_covers_all(v) for v in views}
        self.changed: set[str] = set()
        self.changed = self._changed()
        for view in views:
            for (key, _, program), row in sorted(self._rows(view).items()):
                self._row(view, key, program, row, notes, means)

    def _rows(self, view: View) -> dict:
        keys = {k for k, _ in self.family.cells}
        return {w: r for w, r in view.rows.items() if w[0] in keys and w[1] == self.quarter}

    def _changed(self) -> set[str]:
        """The groups whose rows read differently in another data version (a hidden group
        read the same is taken as unchanged: an assumption the truth checks)."""
        seen: dict[tuple, tuple[int, dict]] = {}
        out: set[str] = set()
        for view in self.views:
            rows = self._rows(view)
            version, before = seen.setdefault(view.programs, (view.version, rows))
            if version != view.version:
                out |= {g for w in set(rows) | set(before) if rows.get(w) != before.get(w)
                        and w[2] != TOTAL for g in self.groups(view, w[2])}
        return out

    def slot(self, version: int, group: str) -> int:
        return version if group in self.changed else 0

    def groups(self, view: View, program: str) -> list[str]:
        """The groups a row adds up: a program's own, or the total's scope."""
        if not self.family.by_program:
            return ["workers of " + ",".join(view.programs)]
        if program != TOTAL:
            return [program]
        if not self.all[id(view)]:
            return list(view.programs)
        every = sorted({p for v in self.views for p in v.programs})
        return [*every, OTHERS]

    def atom(self, slot: int, group: str, atom: str) -> int:
        key = (slot, group, atom)
        if key not in self.x:
            self.x[key] = self.lp.var()
        return self.x[key]

    def expr(self, version: int, groups: list[str], part: Part) -> Coef:
        atoms = self.family.cells[part]
        return {self.atom(self.slot(version, g), g, a): 1.0 for g in groups for a in atoms}

    def day_sum(self, version: int, groups: list[str]) -> Coef:
        out = {}
        for g in groups:
            key = (self.slot(version, g), g)
            if key not in self.days:
                self.days[key] = self.lp.var(upper=1e9)
                n = self.expr(version, [g], (DAYS, "num"))
                self.lp.add(plus(n, {self.days[key]: 1.0}, scale=[MAX_DAYS, -1.0]), 0)
            out[self.days[key]] = 1.0
        return out

    def _row(self, view: View, key: str, program: str, row: Row, notes: bool,
             means: bool) -> None:
        groups = self.groups(view, program)
        num = self.expr(view.version, groups, (key, "num"))
        den = (self.expr(view.version, groups, (key, "den"))
               if (key, "den") in self.family.cells else None)
        for e, shown in ((num, row.num), (den, row.den)):
            if e is not None and shown is not None:
                self.lp.add(e, *shown)
        if row.rate is not None and den is not None and (row.num is None or row.den is None):
            self.lp.add(plus(num, den, scale=[1, -(row.rate + RATE_HALF)]), high=0)
            self.lp.add(plus(num, den, scale=[1, -(row.rate - RATE_HALF)]), low=0)
        if notes and row.hidden == "small":
            self._small([e for e in (num, den, den and plus(den, num, scale=[1, -1])) if e])
        if notes and row.hidden == "protects":
            for e in (num, den):
                if e is not None:
                    z = self.lp.var(1)
                    self.lp.add(plus(e, {z: 1.0}, scale=[1, -100_000]), high=0)
                    self.lp.add(plus(e, {z: 1.0}, scale=[1, -11]), low=0)
        if means and key == DAYS and row.mean is not None and row.num is not None:
            d = self.day_sum(view.version, groups)
            if row.mean_exact and row.num[0] == row.num[1]:
                total = row.mean * row.num[0]
                self.lp.add(d, total - 0.5, total + 0.5)
            else:
                self.lp.add(plus(d, num, scale=[1, -(row.mean - 0.5)]), low=0)
                self.lp.add(plus(d, num, scale=[1, -(row.mean + 0.5)]), high=0)

    def _small(self, exprs: list[Coef]) -> None:
        """At least one of the row's counts is 1 to 10."""
        switches = []
        for e in exprs:
            b = self.lp.var(1)
            switches.append(b)
            self.lp.add(plus(e, {b: 1.0}, scale=[1, -1]), low=0)
            self.lp.add(plus(e, {b: 1.0}, scale=[1, 100_000]), high=100_010)
        self.lp.add(dict.fromkeys(switches, 1.0), low=1)

    def targets(self) -> list[Target]:
        """Every program's counts, each view's total, each line's hidden programs together,
        and (across data versions) each count's change."""
        out, versions = [], sorted({v.version for v in self.views})
        for q in self.family.quantities():
            for version in versions:
                for view in [v for v in self.views if v.version == version]:
                    for program in (*view.programs, TOTAL):
                        groups = self.groups(view, program)
                        kind = "total" if program == TOTAL else "program"
                        scope = None if groups[-1] == OTHERS else tuple(groups)
                        if not self.family.by_program:
                            scope, kind = view.programs, "total"
                        out.append(Target(self.family.name, self.quarter, (version,), scope,
                                          kind, q))
                    for hidden in self._hidden_lines(view):
                        out.append(Target(self.family.name, self.quarter, (version,), hidden,
                                          "line sum", q))
            if self.changed:
                for t in [t for t in out if t.versions == (versions[0],) and t.quantity == q]:
                    for later in versions[1:]:
                        out.append(Target(t.family, t.quarter, (versions[0], later),
                                          t.programs, "change", q))
        return list(dict.fromkeys(out))

    def _hidden_lines(self, view: View) -> set[tuple[str, ...]]:
        lines: dict[str, list[str]] = {}
        for (key, _, program), row in self._rows(view).items():
            if program != TOTAL and (row.num is None or (row.den is None and
                                     (key, "den") in self.family.cells)):
                lines.setdefault(key, []).append(program)
        return {tuple(sorted(p)) for p in lines.values() if len(p) >= 2}

    def objective(self, target: Target) -> Coef:
        """The target's value as a sum of atoms (a change: the later less the earlier)."""
        def at(version: int) -> Coef:
            groups = (list(target.programs) if target.programs is not None
                      else [*sorted({p for v in self.views for p in v.programs}), OTHERS])
            if not self.family.by_program:
                groups = ["workers of " + ",".join(target.programs or ())]
            return {self.atom(self.slot(version, g), g, a): 1.0 for g in groups
                    for a in target.quantity.atoms}
        if len(target.versions) == 1:
            return at(target.versions[0])
        return plus(at(target.versions[1]), at(target.versions[0]), scale=[1, -1])

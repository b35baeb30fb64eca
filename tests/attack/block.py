"""One family and quarter as an integer program over every view (funders, data versions): the
atoms, each served row's constraints, and the small counts to pin. Where the views show a
program's whole year, the family's four quarters of that year are one program: each quarter's
atoms apart, the year's rows their sums."""

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
from tests.attack.parse import TOTAL, Row, View, quarters_of


def _workers(programs: tuple[str, ...] | None) -> str:
    """All workers of the programs together (W3, W7: never by program)."""
    return "workers of " + (",".join(programs) if programs is not None else "every program")


class Block:
    """The program of one family and quarter; `notes` and `means` may be left out (to measure
    what each adds); `listed`: the views together list every program there is (the funders
    share what they get, and the app names every program)."""

    def __init__(self, family: Family, period: str, views: list[View], *, notes: bool = True,
                 means: bool = True, listed: bool = True, hidden_move: bool = False) -> None:
        self.family, self.period, self.views, self.listed = family, period, views, listed
        self.quarters = quarters_of(period)  # the period's own quarter, or a year's four
        self.hidden_move = hidden_move  # a hidden group may change though it reads the same
        self.lp, self.x, self.days = Lp(), {}, {}
        self.all = {id(v): v.total_all if v.total_all is not None
                    else total_covers_all(v, views) for v in views}
        self.changed: set[str] = set()
        self.changed = self._changed()
        for view in views:
            for (key, period, program), row in sorted(self._rows(view).items()):
                self._row(view, key, period, program, row, notes, means)

    def _rows(self, view: View) -> dict:
        keys = {k for k, _ in self.family.cells}
        return {w: r for w, r in view.rows.items() if w[0] in keys
                and (w[1] == self.period or w[1] in self.quarters)}

    def _changed(self) -> set[str]:
        """The groups whose rows read differently in another data version (a hidden group
        read the same is taken as unchanged: an assumption the truth checks)."""
        seen: dict[tuple, tuple[int, dict]] = {}
        out: set[str] = set()
        for view in self.views:
            rows = self._rows(view)
            version, before = seen.setdefault(view.programs, (view.version, rows))
            if version != view.version:
                out |= {g for w in set(rows) | set(before) if w[2] != TOTAL
                        and self._moved(rows.get(w), before.get(w))
                        for g in self.groups(view, w[2], w[1])}
        return out

    def _moved(self, now: Row | None, before: Row | None) -> bool:
        hidden = now is None or before is None or now.num is None or before.num is None
        return now != before or (self.hidden_move and hidden)

    def slot(self, version: int, group: str) -> int:
        return version if group in self.changed else 0

    def groups(self, view: View, program: str, period: str) -> list[str]:
        """The groups a row of a period adds up: a program's own, or the total's scope, in
        each quarter of the period."""
        if not self.family.by_program:
            names = [_workers(None if self.all[id(view)] else view.programs)]
        elif program != TOTAL:
            names = [program]
        else:
            names = self.everyone() if self.all[id(view)] else list(view.programs)
        return [f"{n}@{q}" for q in quarters_of(period) for n in names]

    def everyone(self) -> list[str]:
        """Every program's name (and the unlisted ones', unless every program is listed)."""
        every = sorted({p for v in self.views for p in v.programs})
        return [*every, *([] if self.listed else [OTHERS])]

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

    def _row(self, view: View, key: str, period: str, program: str, row: Row, notes: bool,
             means: bool) -> None:
        groups = self.groups(view, program, period)
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
        if notes and row.hidden == "hidden":
            # one note for every hidden row, and rows of zeros always shown (the release's
            # policy): a hidden row counts someone
            widest = den if den is not None else num
            self.lp.add(widest, 1)
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
        and (across data versions) each count's change: in each quarter, and over a year
        where the year is one program."""
        out, versions = [], sorted({v.version for v in self.views})
        periods = self.quarters + ([self.period] if len(self.quarters) > 1 else [])
        for q in self.family.quantities():
            for version in versions:
                for view in [v for v in self.views if v.version == version]:
                    for period in periods:
                        out += self._targets(view, period, q)
            if self.changed:
                for t in [t for t in out if t.versions == (versions[0],) and t.quantity == q]:
                    for later in versions[1:]:
                        out.append(Target(t.family, t.quarter, (versions[0], later),
                                          t.programs, "change", q))
        return list(dict.fromkeys(out))

    def _targets(self, view: View, period: str, q) -> list[Target]:
        out = []
        every = self.all[id(view)]
        for program in (*view.programs, TOTAL):
            kind = "total" if program == TOTAL else "program"
            scope = ((None if every else tuple(view.programs)) if program == TOTAL
                     else (program,))
            if not self.family.by_program:
                scope = None if every else view.programs
            out.append(Target(self.family.name, period, (view.version,), scope, kind, q))
        for hidden in self._hidden_lines(view, period):
            out.append(Target(self.family.name, period, (view.version,), hidden, "line sum", q))
        return out

    def _hidden_lines(self, view: View, period: str) -> set[tuple[str, ...]]:
        lines: dict[str, list[str]] = {}
        for (key, when, program), row in self._rows(view).items():
            if when == period and program != TOTAL and (row.num is None or (
                    row.den is None and (key, "den") in self.family.cells)):
                lines.setdefault(key, []).append(program)
        return {tuple(sorted(p)) for p in lines.values() if len(p) >= 2}

    def objective(self, target: Target) -> Coef:
        """The target's value as a sum of atoms (a change: the later less the earlier)."""
        def at(version: int) -> Coef:
            names = (list(target.programs) if target.programs is not None
                     else self.everyone())
            if not self.family.by_program:
                names = [_workers(target.programs)]
            groups = [f"{n}@{q}" for q in quarters_of(target.quarter) for n in names]
            return {self.atom(self.slot(version, g), g, a): 1.0 for g in groups
                    for a in target.quantity.atoms}
        if len(target.versions) == 1:
            return at(target.versions[0])
        return plus(at(target.versions[1]), at(target.versions[0]), scale=[1, -1])

"""The attack: every family and quarter of every view together, each small count's interval,
and (given the truth, for a test or a measurement) which were pinned and to what."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from tests.attack.block import Block
from tests.attack.milp import Finding, Target, Truth
from tests.attack.model import DAYS, FAMILIES, Family
from tests.attack.parse import View, quarters_of


@dataclass
class Attack:
    findings: list[Finding] = field(default_factory=list)
    infeasible: list[tuple[str, str]] = field(default_factory=list)  # (family, quarter)
    means: list[tuple[Finding, float]] = field(default_factory=list)  # a small group's mean
    solves: int = 0

    @property
    def leaks(self) -> list[Finding]:
        return [f for f in self.findings if f.pinned and (f.true is None or
                                                          f.low <= f.true <= f.high)]

    @property
    def wrong(self) -> list[Finding]:
        """Pins that miss the truth: an assumption of the attacker's that the data breaks."""
        return [f for f in self.findings if f.true is not None and
                not f.low - 1e-6 <= f.true <= f.high + 1e-6]


def true_value(target: Target, truth: Truth) -> int | None:
    """The target's true value from the truth's cells (None: not known)."""
    def at(version: int) -> int | None:
        q, out = target.quantity, 0
        for quarter in quarters_of(target.quarter):  # a year: its four quarters
            big = truth(version, quarter, target.programs, q.plus)
            small = truth(version, quarter, target.programs, q.minus) if q.minus else 0
            if big is None or small is None:
                return None
            out += big - small
        return out
    values = [at(v) for v in target.versions]
    if None in values:
        return None
    return values[0] if len(values) == 1 else values[1] - values[0]


def _all(view: View) -> View:
    return view if view.total_all is not None else replace(view, total_all=True)


def _block(family: Family, quarter: str, views: list[View], **options: bool) -> Block | None:
    """The block under the attacker's first reading that what is served allows: hidden groups
    read the same across versions unchanged, or changed; totals as read, or every program's."""
    for moved, every in ((False, False), (True, False), (False, True), (True, True)):
        block = Block(family, quarter, [_all(v) for v in views] if every else views,
                      hidden_move=moved, **options)
        if block.lp.solve() is not None:
            return block
    return None


def _mean(block: Block, out: Attack, found: Finding) -> None:
    """A small group's n pinned: its engagement days too (mean x n of the rows around it)?"""
    t = found.target
    if found.low < 1 or t.quantity.minus or len(t.versions) > 1 or not block.family.by_program:
        return
    if not t.programs:
        return
    groups = [f"{p}@{q}" for p in t.programs for q in quarters_of(t.quarter)]
    days = block.day_sum(t.versions[0], groups)
    low = block.lp.solve(days)
    high = block.lp.solve({j: -v for j, v in days.items()})
    out.solves += 2
    if low is not None and high is not None and -high - low < 1:
        out.means.append((found, low / found.low))


def as_released(views: list[View]) -> list[View]:
    """Where the report says a released quarter stays as first released, a later version's
    rows of a quarter an earlier version already showed are those first figures again: they
    say nothing of the later version, so they are read once, as the earlier version's.
    The promise is checked, not trusted: a line that reads differently from the earlier
    version's is a later figure after all, and is read as the later version's."""
    first = min(v.version for v in views)
    earlier = {w: r for v in views if v.version == first for w, r in v.rows.items()
               if r.hidden != "not yet"}
    seen = {w[:2] for w in earlier}

    def same(v: View, line: tuple[str, str]) -> bool:
        return all(earlier.get(w) == r for w, r in v.rows.items() if w[:2] == line)

    return [replace(v, rows={w: r for w, r in v.rows.items()
                             if w[:2] not in seen or not same(v, w[:2])})
            if v.version != first and v.kept else v for v in views]


def _periods(labels: set[str]) -> list[str]:
    """Each quarter apart, but a year some row shows whole instead of its four quarters: one
    program over them all."""
    years = {label for label in labels if quarters_of(label) != [label]}
    inside = {q for y in years for q in quarters_of(y)}
    return sorted(years) + sorted(label for label in labels if label not in inside | years)


def attack(views: list[View], truth: Truth | None = None, *, notes: bool = True,
           means: bool = True, listed: bool = True) -> Attack:
    """Each count whose true value is 1 to 10 (every count when no truth is given), minimised
    and maximised under everything the views show."""
    out = Attack()
    views = as_released(views)
    for family in FAMILIES:
        keys = {k for k, _ in family.cells}
        for period in _periods({w[1] for v in views for w in v.rows if w[0] in keys}):
            block = _block(family, period, views, notes=notes, means=means, listed=listed)
            if block is None:
                out.infeasible.append((family.name, period))
                continue
            for target in block.targets():
                true = true_value(target, truth) if truth else None
                if truth and (true is None or not 1 <= abs(true) <= 10):
                    continue
                objective = block.objective(target)
                low = block.lp.solve(objective)
                high = block.lp.solve({j: -v for j, v in objective.items()})
                out.solves += 2
                if low is not None and high is not None:  # integers: sums of integers
                    out.findings.append(Finding(target, round(low), round(-high), true))
                    if means and low == -high and target.quantity.plus[0] == DAYS:
                        _mean(block, out, out.findings[-1])
    return out

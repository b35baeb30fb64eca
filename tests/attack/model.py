"""The attacker's populations, from the public metric definitions (docs/METRICS.md) alone: per
program and quarter, each family is ONE population cut into its finest groups (atoms), and
every served count is a sum of atoms. Not the release's FAMILIES: written from the definitions.

- Discharges of a quarter (E7, A1, E6): reason deceased/incarcerated (not eligible for A1's
  follow-up), completed (eligible: a completion is neither), or other; the eligible followed up
  in 0-7 days, 8-30 days or not; with a contact before discharge or not (E6's n).
- Enrollments of a quarter (E4, R3): engaged (2+ contacts in 30 days) or not; within R3's
  denominator (6 months of follow-up) with or without a recurrence, or not in it.
- R1 intakes due (interviewed or not), R2 and R6 interviews (yes or no), R9 events, W3 workers
  who checked in (high or not) and W7 leavers and headcount, each their own population."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

Part = tuple[str, str]  # (metric key, "num" or "den")


@dataclass(frozen=True)
class Quantity:
    """A count the attacker tries to pin: a cell, or a cell less a cell inside it."""

    name: str
    plus: Part
    minus: Part | None
    atoms: frozenset[str]


@dataclass(frozen=True)
class Family:
    name: str
    atoms: tuple[str, ...]
    cells: dict[Part, frozenset[str]]
    by_program: bool = True  # False: all workers together, never a sum of programs' rows

    def quantities(self) -> list[Quantity]:
        """Every cell and every difference of two nested cells (adjacent or not), once each."""
        out: dict[frozenset[str], Quantity] = {}
        for part, atoms in self.cells.items():
            out.setdefault(atoms, Quantity(f"{part[0]}.{part[1]}", part, None, atoms))
        for (a, big), (b, small) in product(self.cells.items(), repeat=2):
            if small < big and (big - small) not in out:
                out[big - small] = Quantity(f"{a[0]}.{a[1]} - {b[0]}.{b[1]}", a, b,
                                            big - small)
        return list(out.values())


def _discharges() -> Family:
    people = [f"{s}|{f}|{c}" for s, f, c in product(("comp", "other"), ("f7", "f30", "none"),
                                                     ("c", "n"))]
    atoms = (*people, "dead|none|c", "dead|none|n")

    def where(test) -> frozenset[str]:
        return frozenset(a for a in atoms if test(*a.split("|")))

    eligible = where(lambda s, f, c: s != "dead")
    return Family("discharges", atoms, {
        ("E7", "den"): frozenset(atoms),
        ("E7", "num"): where(lambda s, f, c: s == "comp"),
        ("A1_7", "den"): eligible, ("A1_30", "den"): eligible,
        ("A1_30", "num"): where(lambda s, f, c: f in ("f7", "f30")),
        ("A1_7", "num"): where(lambda s, f, c: f == "f7"),
        ("E6", "num"): where(lambda s, f, c: c == "c"),
    })


def _cohorts() -> Family:
    atoms = tuple(f"{r}|{e}" for r, e in product(("rec", "norec", "out"), ("eng", "not")))
    return Family("cohorts", atoms, {
        ("E4", "den"): frozenset(atoms),
        ("E4", "num"): frozenset(a for a in atoms if a.endswith("|eng")),
        ("R3", "den"): frozenset(a for a in atoms if not a.startswith("out")),
        ("R3", "num"): frozenset(a for a in atoms if a.startswith("rec|")),
    })


def _pair(name: str, key: str, by_program: bool = True) -> Family:
    return Family(name, ("yes", "no"), {(key, "den"): frozenset({"yes", "no"}),
                                        (key, "num"): frozenset({"yes"})}, by_program)


FAMILIES: tuple[Family, ...] = (
    _discharges(), _cohorts(), _pair("intakes due", "R1"), _pair("abstinence", "R2"),
    _pair("capital", "R6"), Family("overdoses", ("events",), {("R9", "num"): frozenset({
        "events"})}), _pair("workers checked in", "W3", by_program=False),
    Family("turnover", ("leavers", "headcount"), {("W7", "num"): frozenset({"leavers"}),
                                                  ("W7", "den"): frozenset({"headcount"})},
           by_program=False),
)
FAMILY_OF = {key: family for family in FAMILIES for key, _ in family.cells}
DAYS = "E6"  # whose mean days are a sum of days over its n (discharges with a contact)

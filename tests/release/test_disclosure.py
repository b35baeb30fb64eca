"""The disclosure engine, tested as an attacker would: tiny releases with each known leak, the
audit catching it before protect() and passing after, and random releases checked against one
plain LP over the whole release."""

from __future__ import annotations

import math
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from release.disclosure import THRESHOLD, Cell, Verdict, audit, primary, protect, value

Atoms = dict[str, int]


def verdicts(cells: list[Cell], atoms: Atoms, hidden: set[str]) -> dict[str, Verdict]:
    return {v.quantity: v for v in audit(cells, atoms, hidden, exact=True)}


def passes(cells: list[Cell], atoms: Atoms, hidden: set[str]) -> bool:
    return all(v.safe for v in audit(cells, atoms, hidden))


def nested(p: str, q: str, counts: list[int], atoms: Atoms) -> dict[str, frozenset[str]]:
    """One program-period's discharges as atoms, and the atom set of each nested cell."""
    kinds = ["f7.completed", "f7.other", "f30", "nf", "dead"]
    names = [f"{kind}|{p}|{q}" for kind in kinds]
    atoms.update(zip(names, counts, strict=True))
    f7c, f7o, f30, nf, dead = names
    return {"A1.numerator_7": frozenset({f7c, f7o}),
            "A1.numerator_30": frozenset({f7c, f7o, f30}),
            "A1.denominator": frozenset({f7c, f7o, f30, nf}),
            "E7.numerator": frozenset({f7c}),
            "E7.denominator": frozenset({f7c, f7o, f30, nf, dead})}


# The table rows each cell is shown in: A1's denominator is in both A1 rows.
ROWS = {"A1.numerator_7": ["A1_7"], "A1.numerator_30": ["A1_30"],
        "A1.denominator": ["A1_7", "A1_30"], "E7.numerator": ["E7"], "E7.denominator": ["E7"]}


def rows(sets: dict[str, frozenset[str]], where: str) -> list[Cell]:
    """The cells of the A1 7-day, A1 30-day and E7 rows for one program-period (or total)."""
    return [Cell(f"{cell}|{row}|{where}", atoms, f"{row}|{where}")
            for cell, atoms in sets.items() for row in ROWS[cell]]


def union(groups: list[dict[str, frozenset[str]]]) -> dict[str, frozenset[str]]:
    return {name: frozenset().union(*(g[name] for g in groups)) for name in groups[0]}


def release(counts: dict[tuple[str, str], list[int]], totals: bool = True,
            quarters: bool = False) -> tuple[list[Cell], Atoms]:
    """Nested A1/E7 rows per program and period, a total over programs per period, and with
    `quarters` each quarter's rows as the sums of its months ("Q1-M2" is month 2 of Q1)."""
    atoms: Atoms = {}
    sets = {key: nested(*key, numbers, atoms) for key, numbers in counts.items()}
    periods = sorted({period for _, period in sets})
    if totals:
        sets |= {("all", t): union([s for (_, u), s in sets.items() if u == t]) for t in periods}
    if quarters:
        parts: dict[tuple[str, str], list] = {}
        for (p, period), s in sets.items():
            parts.setdefault((p, period.split("-")[0]), []).append(s)
        sets |= {key: union(months) for key, months in parts.items()}
    return [c for (p, period), s in sets.items() for c in rows(s, f"{p}|{period}")], atoms


# --- 1. nested denominators ----------------------------------------------------------------
# Followed up within 7 days 40 (26 of whom completed treatment: the E7 numerator needs that
# split), on days 8-30 10, eligible but not followed up 14, deceased or incarcerated 1.
NESTED = {"f7.completed|P|Q": 26, "f7.other|P|Q": 14, "f30|P|Q": 10, "nf|P|Q": 14,
          "dead|P|Q": 1}


def test_nested_denominators_leak_the_deceased_and_protect_hides_the_cheapest_rows():
    cells, atoms = release({("P", "Q"): list(NESTED.values())}, totals=False)
    assert atoms == NESTED
    # Every cell is large: 40, 50, 64 (A1), 26, 65 (E7); nothing to hide for its own size.
    assert primary(cells, atoms) == set()
    seen = verdicts(cells, atoms, set())
    # E7's denominator 65 - A1's denominator 64 = 1 deceased or incarcerated.
    assert (seen["dead|P|Q"].low, seen["dead|P|Q"].high) == (1, 1)
    assert not seen["dead|P|Q"].safe and seen["dead|P|Q"].hidden
    # 30-day numerator 50 - 7-day numerator 40 = 10 followed up on days 8-30.
    assert (seen["f30|P|Q"].low, seen["f30|P|Q"].high) == (10, 10)

    first, second = protect(cells, atoms)
    # dead rests on E7's and A1's denominators: hiding the E7 row takes 65 + 26 = 91 from view,
    # hiding A1's denominator (both A1 rows) 40 + 50 + 64 = 154. f30 rests on the two A1
    # numerators: the 7-day row costs 40 (its denominator is still in the 30-day row), the
    # 30-day row 50.
    assert (first, second) == (set(), {"E7|P|Q", "A1_7|P|Q"})
    after = verdicts(cells, atoms, second)
    assert all(v.safe for v in after.values())
    assert after["dead|P|Q"].low <= 0 or after["dead|P|Q"].high >= THRESHOLD
    assert after["dead|P|Q"].high == math.inf  # in no published cell now
    assert (after["f30|P|Q"].low, after["f30|P|Q"].high) == (0, 50)  # only 40 + 10 shown


# --- 2. months against a quarter -----------------------------------------------------------
MONTHS = {"m1": 30, "m2": 7, "m3": 25}
MONTH_CELLS = [Cell(f"visits|P|{m}", frozenset({m}), f"visits|P|{m}") for m in MONTHS] + [
    Cell("visits|P|quarter", frozenset(MONTHS), "visits|P|quarter")]


def test_months_against_their_quarter_give_away_the_hidden_month():
    assert primary(MONTH_CELLS, MONTHS) == {"visits|P|m2"}
    shown = verdicts(MONTH_CELLS, MONTHS, set())["visits|P|m2"]
    assert (shown.low, shown.high, shown.safe, shown.hidden) == (7, 7, False, False)
    # Hidden, month 2 is still the quarter 62 - 30 - 25 = 7.
    m2 = verdicts(MONTH_CELLS, MONTHS, {"visits|P|m2"})["m2"]
    assert (m2.low, m2.high, m2.safe, m2.hidden) == (7, 7, False, True)

    first, second = protect(MONTH_CELLS, MONTHS)
    # A second month, the smaller (25 < 30 < the quarter's 62): m2 + m3 = 62 - 30 = 32 only.
    assert (first, second) == ({"visits|P|m2"}, {"visits|P|m3"})
    m2 = verdicts(MONTH_CELLS, MONTHS, first | second)["m2"]
    # at least 1: rows of zeros are shown, so a hidden row counts someone; at most 31
    # (62 - 30, less the at least 1 of hidden month 3)
    assert (m2.low, m2.high, m2.safe) == (1, 31, True)


def test_a_hidden_row_is_known_to_count_someone_so_only_its_high_keeps_it_safe():
    # Rows of zeros are shown, so hidden m2 is at least 1, and only a high of 11 or more
    # (here up to 31 = 62 - 30 - m3's at least 1) keeps it safe: a low of 0 never settles it.
    hidden = {"visits|P|m2", "visits|P|m3"}
    m2 = {v.quantity: v for v in audit(MONTH_CELLS, MONTHS, hidden)}["m2"]
    assert m2.safe and THRESHOLD <= m2.high <= 31  # reached together, not solved alone
    m2 = {v.quantity: v for v in audit(MONTH_CELLS, MONTHS, hidden, exact=True)}["m2"]
    assert (m2.low, m2.high, m2.safe) == (1, 31, True)


# --- 3. a total with one hidden program ----------------------------------------------------
PROGRAMS = {"P1": 20, "P2": 4, "P3": 30}
TOTAL_CELLS = [Cell(f"clients|{p}", frozenset({p}), f"clients|{p}") for p in PROGRAMS] + [
    Cell("clients|all", frozenset(PROGRAMS), "clients|all")]


def test_a_total_gives_away_its_one_hidden_program_and_protect_hides_the_smallest_other():
    assert primary(TOTAL_CELLS, PROGRAMS) == {"clients|P2"}
    p2 = verdicts(TOTAL_CELLS, PROGRAMS, {"clients|P2"})["P2"]
    assert (p2.low, p2.high, p2.safe) == (4, 4, False)  # 54 - 20 - 30
    first, second = protect(TOTAL_CELLS, PROGRAMS)
    # P1 hides 20, P3 30, the total 54.
    assert (first, second) == ({"clients|P2"}, {"clients|P1"})
    p2 = verdicts(TOTAL_CELLS, PROGRAMS, first | second)["P2"]
    assert (p2.low, p2.high, p2.safe) == (1, 23, True)  # P1 + P2 = 54 - 30, P1 at least 1


# --- 4. the same quantity in two tables ----------------------------------------------------
def test_a_quantity_shown_in_two_tables_is_hidden_in_both():
    atoms = {"f7": 40, "f30": 12, "nf": 14, "dead": 3}
    everyone = frozenset(atoms)
    cells = [Cell("A1.numerator_7", frozenset({"f7"}), "A1_7"),
             Cell("A1.denominator|A1_7", frozenset({"f7", "f30", "nf"}), "A1_7"),
             Cell("A1.numerator_30", frozenset({"f7", "f30"}), "A1_30"),
             Cell("A1.denominator|A1_30", frozenset({"f7", "f30", "nf"}), "A1_30"),
             Cell("E7.numerator", frozenset({"f7"}), "E7"),  # another copy of the 40
             Cell("E7.denominator", everyone, "E7"),
             Cell("E6.discharges", everyone, "E6")]  # E7's denominator again
    assert primary(cells, atoms) == set()
    # All discharges 69 - eligible 66 = 3; hiding E7's row alone still shows the 69 in E6.
    assert not verdicts(cells, atoms, set())["dead"].safe
    assert not verdicts(cells, atoms, {"E7"})["dead"].safe
    first, second = protect(cells, atoms)
    # Hiding the 69 costs 69 (E7's numerator is still shown as A1's); hiding the eligible 66
    # takes both A1 rows: 66 + 52 = 118.
    assert (first, second) == (set(), {"E7", "E6"})
    assert passes(cells, atoms, second)


# --- 5 and 6. nothing small, zeros and elevens ---------------------------------------------
def test_a_release_with_nothing_small_passes_untouched():
    # P: 40, 52, 66 (A1), 26, 66 (E7), so dead = 66 - 66 = 0 and f30 = 52 - 40 = 12; R's
    # 7-day "other" is 11 - 11 = 0. Every atom is 0 or over 10, and so is every sum of them.
    cells, atoms = release({("P", "Q"): [26, 14, 12, 14, 0], ("R", "Q"): [11, 0, 30, 11, 12]})
    assert protect(cells, atoms) == (set(), set())
    assert passes(cells, atoms, set())


@pytest.mark.parametrize(("count", "small"), [(0, False), (1, True), (10, True), (11, False)])
def test_primary_hides_counts_of_1_to_10_only(count, small):
    cells = [Cell("n", frozenset({"a"}), "row"), Cell("d", frozenset({"a", "b"}), "row")]
    atoms = {"a": count, "b": 40}
    assert value(cells[0], atoms) == count
    assert primary(cells, atoms) == ({"row"} if small else set())


def test_a_shown_zero_and_a_shown_eleven_are_safe():
    # Both pinned exactly (11 - 0 = 11): neither is a count of 1 to 10, so nothing to protect.
    atoms = {"zero": 0, "eleven": 11}
    cells = [Cell(n, frozenset({n}), n) for n in atoms] + [Cell("sum", frozenset(atoms), "sum")]
    assert audit(cells, atoms, set()) == []
    assert protect(cells, atoms) == (set(), set())


def test_units_hidden_beforehand_stay_hidden_and_are_reported_in_neither_set():
    first, second = protect(TOTAL_CELLS, PROGRAMS, {"clients|P3"})
    # With P3 hidden too, P2 + P3 = 54 - 20 = 34 and nothing more needs to go.
    assert (first, second) == ({"clients|P2"}, set())


# --- 7. random releases against one plain LP -----------------------------------------------
class PlainLP:
    """A quantity's min and max by one LP over every atom and every published cell: no blocks,
    no subtraction, nothing from the module. Published = in at least one shown unit; each
    hidden row that is not all zeros has its widest cell at least 1 (zeros are shown)."""

    def __init__(self, cells: list[Cell], atoms: Atoms, hidden: set[str]) -> None:
        self.names = sorted(atoms)
        shown = sorted({c.atoms for c in cells if c.unit not in hidden}, key=sorted)
        self.a_eq = np.array([[a in row for a in self.names] for row in shown], dtype=float)
        self.a_eq = self.a_eq.reshape(len(shown), len(self.names))
        self.b_eq = self.a_eq @ np.array([atoms[a] for a in self.names], dtype=float)
        floors = sorted(known_nonzero(cells, atoms, hidden), key=sorted)
        self.a_ub = -np.array([[a in q for a in self.names] for q in floors], dtype=float)
        self.a_ub = self.a_ub.reshape(len(floors), len(self.names))

    def bound(self, q: frozenset[str], sign: int) -> float:
        c = sign * np.array([a in q for a in self.names], dtype=float)
        floors = ({"A_ub": self.a_ub, "b_ub": -np.ones(len(self.a_ub))} if len(self.a_ub)
                  else {})
        res = linprog(c, A_eq=self.a_eq, b_eq=self.b_eq, bounds=(0, None), method="highs",
                      **floors)
        return math.inf if res.status == 3 else sign * res.fun

    def safe(self, q: frozenset[str], nonzero: set[frozenset[str]] = frozenset()) -> bool:
        low = self.bound(q, 1)
        return low <= 0.5 or self.bound(q, -1) >= THRESHOLD - 0.5


def known_nonzero(cells: list[Cell], atoms: Atoms, hidden: set[str]) -> set[frozenset[str]]:
    """The widest cell of each hidden row that is not all zeros."""
    rows: dict[str, list[frozenset[str]]] = {}
    for c in cells:
        rows.setdefault(c.unit, []).append(c.atoms)
    return {max(qs, key=lambda q: (len(q), sorted(q))) for u, qs in rows.items()
            if u in hidden and any(atoms[a] for q in qs for a in q)}


def protected(cells: list[Cell], atoms: Atoms) -> dict[str, frozenset[str]]:
    """Every atom and cell whose true value is 1 to 10, by name."""
    named = {a: frozenset({a}) for a in atoms} | {c.name: c.atoms for c in cells}
    return {n: q for n, q in named.items() if 0 < sum(atoms[a] for a in q) < THRESHOLD}


COUNTS = st.one_of(st.just(0), st.integers(1, 10), st.integers(11, 60))


@st.composite
def releases(draw: st.DrawFn) -> tuple[list[Cell], Atoms]:
    """2-4 programs by 2-3 quarters of nested A1/E7 rows with totals over programs; in some
    releases each quarter is also shown by month, the quarter's cells the sums of its months."""
    programs, quarters = draw(st.integers(2, 4)), draw(st.integers(2, 3))
    months = draw(st.booleans())
    periods = [f"Q{q}-M{m}" if months else f"Q{q}" for q in range(quarters)
               for m in range(3 if months else 1)]
    counts = {(f"P{p}", period): draw(st.lists(COUNTS, min_size=5, max_size=5))
              for p in range(programs) for period in periods}
    return release(counts, quarters=months)


@settings(max_examples=40, deadline=None)
@given(releases())
def test_protect_leaves_nothing_a_plain_lp_can_narrow_to_1_to_10(drawn):
    cells, atoms = drawn
    first, second = protect(cells, atoms)
    assert not first & second
    hidden = first | second
    assert passes(cells, atoms, hidden)
    shown = {c.atoms for c in cells if c.unit not in hidden}
    plain, nonzero = PlainLP(cells, atoms, hidden), known_nonzero(cells, atoms, hidden)
    for name, q in protected(cells, atoms).items():
        assert q not in shown and plain.safe(q, nonzero), name


@pytest.mark.parametrize("exact", [True, False])
@settings(max_examples=20, deadline=None)
@given(releases())
def test_the_audit_judges_as_a_plain_lp_judges(exact, drawn):
    """Exact, each interval is the plain LP's. Not exact, the audit settles most counts
    together (a low of 0, or lifted to THRESHOLD with others in one LP): each verdict must still
    be the plain LP's, and a high it gives a value the count can really reach."""
    cells, atoms = drawn
    hidden = primary(cells, atoms)
    named, plain = protected(cells, atoms), PlainLP(cells, atoms, hidden)
    nonzero = known_nonzero(cells, atoms, hidden)
    found = audit(cells, atoms, hidden, exact=exact)
    assert {v.quantity for v in found} == set(named)
    for v in found:
        q = named[v.quantity]
        low, high = plain.bound(q, 1), plain.bound(q, -1)
        assert v.safe == plain.safe(q, nonzero), v
        if not exact:
            assert math.isnan(v.high) or v.high <= high + 1e-6, v
        elif high == math.inf:  # an atom in no published row: safe, and its low a lower bound
            assert v.high == math.inf and v.low <= low + 1e-6, v
        else:
            assert (v.low, v.high) == pytest.approx((low, high)), v


# --- 8. scale ------------------------------------------------------------------------------
def test_three_hundred_programs_by_eight_quarters_are_protected():
    rng = random.Random(7)

    def count() -> int:  # zeros, small counts and large ones, as in a real release
        return rng.choice([0, rng.randint(1, 10), rng.randint(11, 80), rng.randint(11, 80)])

    cells, atoms = release({(f"P{p}", f"Q{q}"): [count() for _ in range(5)]
                            for p in range(300) for q in range(8)})
    assert len(cells) == (300 + 1) * 8 * 6
    first, second = protect(cells, atoms)
    assert first and second and not first & second
    assert passes(cells, atoms, first | second)


# --- 9. a line's hidden cells together -------------------------------------------------------
LINE = {"P1": 15, "P2": 13, "P3": 14, "P4": 15, "P5": 10, "P6": 0}
LINE_CELLS = [Cell(f"recurred|{p}", frozenset({p}), f"R3|{p}", "recurred|Q") for p in LINE]
LINE_CELLS.append(Cell("recurred|all", frozenset(LINE), "R3|all"))


def test_a_total_less_its_shown_programs_is_protected_as_one_count():
    # 67 - 15 - 13 - 14 - 15 = 10 recurrences at P5 and P6 together (P5's 10 alone can be
    # anything from 0 to 10 once P6's row is hidden too: the pair is what is pinned)
    found = verdicts(LINE_CELLS, LINE, {"R3|P5", "R3|P6"})
    pair = found["recurred|Q|hidden:P5+P6"]
    assert (pair.low, pair.high, pair.true, pair.safe) == (10, 10, 10, False)
    first, second = protect(LINE_CELLS, LINE)
    assert first == {"R3|P5"} and second  # a third row goes: now 10 + that row
    assert all(v.safe for v in audit(LINE_CELLS, LINE, first | second))


def test_a_page_imports_no_scipy_until_it_audits() -> None:
    # every page imports the release through queries.funder; scipy (0.3 s to import) is the
    # audit's alone, imported when a quarter is first released
    code = ("import sys, queries.funder, ui.access, ui.data\n"
            "print(sorted(m for m in sys.modules if m == 'scipy' or m.startswith('scipy.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).parents[2], check=True)
    assert out.stdout.strip() == "[]"

"""The attacker on hand-built served tables (not through the release): it catches each class of
leak issue 29 lists, with the exact true value, and only where the leak is there."""

from __future__ import annotations

import json

import pytest

from tests.attack.attack import Attack, attack
from tests.attack.parse import TOTAL, View, read

Q = "2026 Q1"
NOTES = {"small": "fewer than 11 people or events behind it",
         "protects": "hidden so that a smaller figure elsewhere can't be worked out",
         "hidden": "hidden", None: "—"}
KIND = {"E6": "distribution", "R9": "count"}  # the rest are proportions
Cells = dict[str, dict[str, tuple]]  # key -> program -> (num, den, why hidden), None: hidden


def _csv(key: str, rows: dict[str, tuple]) -> bytes:
    kind = KIND.get(key, "proportion")
    head = {"proportion": "Quarter,Program,Rate,Numerator,Denominator,95% interval,Note",
            "distribution": "Quarter,Program,Mean days,Median days,Discharges,Note",
            "count": "Quarter,Program,Number,Note"}[kind]
    lines = [head]
    for program, (num, den, why) in rows.items():
        if num is None:
            cells = {"proportion": "*,*,*,*", "distribution": "*,*,*", "count": "*"}[kind]
        else:
            cells = (f"{num / den:.1%},{num},{den},x to y" if kind == "proportion"
                     else f"50,45,{num}" if kind == "distribution" else f"{num}")
        lines.append(f"{Q},{program},{cells},{NOTES[why]}")
    return ("\ufeff" + "\n".join(lines) + "\n").encode()


def _html(means: dict[str, float]) -> bytes:
    traces = [{"name": p, "x": [Q], "y": [m]} for p, m in means.items()]
    return (f'<html><script>Plotly.newPlot( "chart-E6-trend", {json.dumps(traces)}, {{}})'
            "</script></html>").encode()


def view(tables: Cells, means: dict[str, float] | None = None, version: int = 0) -> View:
    """A served-like view from hand-made CSV and report bytes, read as the attacker reads."""
    return read({k: _csv(k, rows) for k, rows in tables.items()}, _html(means or {}), version)


def truth_of(cells: dict[int, dict[tuple[str, str], dict[str, int]]]):
    """The truth from per-program counts per version and (key, part); a total is their sum."""
    def truth(version, quarter, programs, part):
        counts = cells[version].get(part)
        if counts is None:
            return None
        return sum(v for p, v in counts.items() if programs is None or p in programs)
    return truth


def pinned(found: Attack, programs: tuple[str, ...] | None, name: str,
           versions: tuple[int, ...] = (0,)) -> tuple[float, float, int] | None:
    for f in found.findings:
        t = f.target
        if t.programs == programs and t.quantity.name == name and t.versions == versions:
            return f.low, f.high, f.true
    return None


def test_a_nested_chain_pins_a_count_through_its_hidden_total_row():
    """All programs: 40 discharges and 40 eligible for follow-up, so nobody died or was jailed;
    P1 shows 16 eligible, so its discharges are 16 though its E7 row is hidden; E6 shows 14
    of them with a contact: 16 - 14 = 2 had none."""
    tables = {"E7": {"P1": (None, None, "protects"), "P2": (12, 24, None), TOTAL: (20, 40, None)},
              "A1_30": {"P1": (12, 16, None), "P2": (None, None, "small"), TOTAL: (30, 40, None)},
              "E6": {"P1": (14, None, None), "P2": (None, None, "small"), TOTAL: (30, None, None)}}
    truth = truth_of({0: {("E7", "den"): {"P1": 16, "P2": 24}, ("E6", "num"): {"P1": 14, "P2": 16},
                          ("A1_30", "den"): {"P1": 16, "P2": 24}}})
    found = attack([view(tables)], truth, notes=False, means=False)
    assert pinned(found, ("P1",), "E7.den - E6.num") == (2, 2, 2)
    assert not found.wrong and not found.infeasible


def test_a_non_adjacent_difference_eleven_of_sixteen_leaves_five():
    found = attack([view({"A1_7": {"P1": (11, 16, None), TOTAL: (11, 16, None)}})],
                   truth_of({0: {("A1_7", "num"): {"P1": 11}, ("A1_7", "den"): {"P1": 16}}}))
    assert pinned(found, ("P1",), "A1_7.den - A1_7.num") == (5, 5, 5)


def test_a_line_total_minus_its_shown_programs():
    """73 - 19 - 13 - 13 - 19 = 9 discharges with a contact at P5 and P6 together."""
    shown = {"P1": 19, "P2": 13, "P3": 13, "P4": 19}
    rows = {p: (n, None, None) for p, n in shown.items()}
    rows |= {"P5": (None, None, "small"), "P6": (None, None, "protects"), TOTAL: (73, None, None)}
    found = attack([view({"E6": rows})], truth_of({0: {("E6", "num"): shown | {"P5": 9, "P6": 0}}}),
                   notes=False, means=False)
    assert pinned(found, ("P5", "P6"), "E6.num") == (9, 9, 9)


def test_the_notes_tell_a_small_hidden_count_from_a_protecting_zero():
    """57 - 12 - 11 - 11 - 14 = 9 overdoses at P5 and P6; P6 'protects', so 0 or 11 and over:
    P5 had 9. Without the notes, P5 is anything from 0 to 9."""
    shown = {"P1": 12, "P2": 11, "P3": 11, "P4": 14}
    rows = {p: (n, None, None) for p, n in shown.items()}
    rows |= {"P5": (None, None, "small"), "P6": (None, None, "protects"), TOTAL: (57, None, None)}
    truth = truth_of({0: {("R9", "num"): shown | {"P5": 9, "P6": 0}}})
    assert pinned(attack([view({"R9": rows})], truth), ("P5",), "R9.num") == (9, 9, 9)
    assert pinned(attack([view({"R9": rows})], truth, notes=False), ("P5",), "R9.num") == (0, 9, 9)


def test_a_mean_times_n_gives_a_hidden_groups_days():
    """Total 60 discharges with a contact, mean 50.35 days (3,021 days); P1 20 at 40.1 (802),
    P2 36 at 56.75 (2,043): P3's 4 discharges had 176 days, mean 44."""
    rows = {"P1": (20, None, None), "P2": (36, None, None), "P3": (None, None, "small"),
            TOTAL: (60, None, None)}
    means = {"P1": 40.1, "P2": 56.75, TOTAL: 50.35}
    found = attack([view({"E6": rows}, means)], truth_of({0: {("E6", "num"): {
        "P1": 20, "P2": 36, "P3": 4}}}))
    assert [(f.target.programs, mean) for f, mean in found.means] == [(("P3",), pytest.approx(44))]


def test_two_funders_whose_programs_overlap_give_away_the_third():
    """One funder sees P1-P3 (total 30 of 45 abstinent), the other P1-P2 (23 of 38), every
    program hidden: P3 was 7 of 7. Neither release alone pins it."""
    hidden = (None, None, "hidden")
    one = view({"R2": {"P1": hidden, "P2": hidden, "P3": hidden, TOTAL: (30, 45, None)}})
    two = view({"R2": {"P1": hidden, "P2": hidden, TOTAL: (23, 38, None)}})
    truth = truth_of({0: {("R2", "num"): {"P1": 11, "P2": 12, "P3": 7},
                          ("R2", "den"): {"P1": 20, "P2": 18, "P3": 7}}})
    both = attack([one, two], truth)
    assert pinned(both, ("P3",), "R2.num") == (7, 7, 7)
    assert pinned(both, ("P3",), "R2.den") == (7, 7, 7)
    assert not any(f.pinned for f in attack([one], truth).findings)


def test_funders_sharing_one_all_program_total_piece_it_together():
    """One release for every funder, cut by program: funder A sees P1 and P2 (20, 15) under the
    all-program 57, funder B sees P3 (14) and a hidden P4 under the same 57: P4 had 8. The
    same totals under different programs tell the attacker the total is everyone's."""
    a = view({"R9": {"P1": (20, None, None), "P2": (15, None, None), TOTAL: (57, None, None)}})
    b = view({"R9": {"P3": (14, None, None), "P4": (None, None, "hidden"),
                     TOTAL: (57, None, None)}})
    truth = truth_of({0: {("R9", "num"): {"P1": 20, "P2": 15, "P3": 14, "P4": 8}}})
    assert pinned(attack([a, b], truth), ("P4",), "R9.num") == (8, 8, 8)
    assert pinned(attack([b], truth), ("P4",), "R9.num") is None or not attack([b], truth).leaks


def test_two_data_versions_a_late_import_and_the_change_of_the_total():
    """8 overdoses imported late for P1: its hidden 6 becomes a shown 14, the total 30 becomes
    38; P2 (hidden, read the same) is taken as unchanged: P1 had 14 - 8 = 6 before."""
    before = view({"R9": {"P1": (None, None, "hidden"), "P2": (None, None, "hidden"),
                          "P3": (12, None, None), TOTAL: (30, None, None)}}, version=0)
    after = view({"R9": {"P1": (14, None, None), "P2": (None, None, "hidden"),
                         "P3": (12, None, None), TOTAL: (38, None, None)}}, version=1)
    truth = truth_of({0: {("R9", "num"): {"P1": 6, "P2": 12, "P3": 12}},
                      1: {("R9", "num"): {"P1": 14, "P2": 12, "P3": 12}}})
    found = attack([before, after], truth)
    assert pinned(found, ("P1",), "R9.num") == (6, 6, 6)
    assert pinned(found, ("P1", "P2", "P3"), "R9.num", (0, 1)) == (8, 8, 8)
    assert not attack([before], truth).leaks


def test_a_release_that_hides_enough_leaves_nothing_pinned():
    """Three hidden programs under a shown total, no notes told apart: nothing to pin."""
    hidden = (None, None, "hidden")
    tables = {"R2": {"P1": hidden, "P2": hidden, "P3": hidden, TOTAL: (30, 45, None)}}
    truth = truth_of({0: {("R2", "num"): {"P1": 11, "P2": 12, "P3": 7},
                          ("R2", "den"): {"P1": 20, "P2": 18, "P3": 7}}})
    found = attack([view(tables)], truth)
    assert found.findings and not found.leaks and not found.wrong


def test_a_change_hidden_in_both_versions_still_shows_in_the_total():
    """7 overdoses imported late for P1, hidden before and after: reading P1 as unchanged
    cannot explain the total's 30 -> 37, so the attacker lets hidden groups move, and the
    change itself (7) is a count of 1 to 10."""
    rows = {"P1": (None, None, "hidden"), "P2": (None, None, "hidden"), "P3": (12, None, None)}
    before = view({"R9": rows | {TOTAL: (30, None, None)}}, version=0)
    after = view({"R9": rows | {TOTAL: (37, None, None)}}, version=1)
    truth = truth_of({0: {("R9", "num"): {"P1": 2, "P2": 16, "P3": 12}},
                      1: {("R9", "num"): {"P1": 9, "P2": 16, "P3": 12}}})
    found = attack([before, after], truth)
    assert pinned(found, ("P1", "P2", "P3"), "R9.num", (0, 1)) == (7, 7, 7)
    assert not found.infeasible and not found.wrong


def test_a_note_that_gives_both_reasons_tells_nothing():
    """One Note for every hidden row ('fewer than 11 ..., or hidden so that ...'): the
    attacker reads no reason, so 57 - 12 - 11 - 11 - 14 = 9 stays shared by P5 and P6 (each
    1 to 8, as a hidden row of zeros is never served); the line's 9 itself is pinned."""
    note = ('"fewer than 11 people or events behind it, or hidden so that such a figure '
            "elsewhere can't be worked out\"")
    data = ("\ufeffQuarter,Program,Number,Note\n"
            f"{Q},P1,12,—\n{Q},P2,11,—\n{Q},P3,11,—\n{Q},P4,14,—\n"
            f"{Q},P5,*,{note}\n{Q},P6,*,{note}\n{Q},{TOTAL},57,—\n").encode()
    seen = read({"R9": data}, _html({}))
    assert {seen.rows[("R9", Q, p)].hidden for p in ("P5", "P6")} == {"hidden"}
    truth = truth_of({0: {("R9", "num"): {"P1": 12, "P2": 11, "P3": 11, "P4": 14, "P5": 4,
                                           "P6": 5}}})
    found = attack([seen], truth)
    assert pinned(found, ("P5",), "R9.num") == (1, 8, 4)
    assert pinned(found, ("P5", "P6"), "R9.num") == (9, 9, 9)


def test_a_promise_to_keep_released_quarters_is_checked_not_trusted():
    """Both reports say a released quarter stays as released, yet the later one's line reads
    differently: it is a later figure after all, and P1's 6 is worked out as before."""
    before = view({"R9": {"P1": (None, None, "hidden"), "P2": (None, None, "hidden"),
                          "P3": (12, None, None), TOTAL: (30, None, None)}}, version=0)
    after = view({"R9": {"P1": (14, None, None), "P2": (None, None, "hidden"),
                         "P3": (12, None, None), TOTAL: (38, None, None)}}, version=1)
    before.kept = after.kept = True
    truth = truth_of({0: {("R9", "num"): {"P1": 6, "P2": 12, "P3": 12}},
                      1: {("R9", "num"): {"P1": 14, "P2": 12, "P3": 12}}})
    assert pinned(attack([before, after], truth), ("P1",), "R9.num") == (6, 6, 6)


def test_a_whole_year_less_its_shown_quarters_gives_the_hidden_quarter_unless_rounded():
    """P1's 2025: 50 overdoses; its first three quarters show 12, 15 and 16, the fourth is
    hidden: it had 7. Shown rounded to 5 at random (each count give or take 4: 50, 15, 15, 15)
    the same rows leave the fourth anywhere from 0 to past 10."""
    counts = {"2025 Q1": 12, "2025 Q2": 15, "2025 Q3": 16, "2025 Q4": 7}

    def truth(version, quarter, programs, part):
        return counts.get(quarter) if part == ("R9", "num") else None

    def served(shown: dict[str, int], note: str) -> View:
        rows = [f"{q},P1,{shown[q]},—" for q in list(counts)[:3]]
        rows += [f"2025 Q4,P1,*,{NOTES['hidden']}", f"2025 (whole year),P1,{shown['year']},—"]
        csv = "\ufeffQuarter,Program,Number,Note\n" + "\n".join(rows) + "\n"
        return read({"R9": csv.encode()}, f"<html><p>{note}</p></html>".encode())

    exact = attack([served(counts | {"year": 50}, "")], truth)
    assert pinned(exact, ("P1",), "R9.num") == (7, 7, 7)  # the hidden quarter, from the year
    rounded = attack([served({"2025 Q1": 15, "2025 Q2": 15, "2025 Q3": 15, "year": 50},
                             "Counts are rounded to a multiple of 5, up or down at random.")],
                     truth)
    assert [f for f in rounded.findings if f.pinned] == []
    assert not rounded.wrong and not rounded.infeasible

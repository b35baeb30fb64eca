"""The independent attack on the funder release (issue 29), measured on generated samples: what
funders are served (all programs; random overlapping sets of 3-4 programs; the all-program
funder again after a late import of 8 overdose events), every small count minimised and
maximised with milp (tests/attack), leaks counted per class, and the shown share: of the
(program, metric, quarter) rows a funder of all programs would see without protection, how many
are shown.

    .venv/bin/python bench/attack.py                       # seed 7, 3,000 enrollments
    .venv/bin/python bench/attack.py --seeds 7 8 9 --subsets 3 --ablate
    .venv/bin/python bench/attack.py --enrollments 100000 --subsets 0 --share-only
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
logging.disable(logging.WARNING)  # Streamlit's "no runtime" for each cached function

from sample_data.generate import Scale, generate  # noqa: E402
from tests.attack.attack import Attack, attack  # noqa: E402
from tests.attack.milp import Finding  # noqa: E402
from tests.attack.parse import TOTAL, View, quarters_of, read  # noqa: E402
from tests.attack.served import served  # noqa: E402
from tests.attack.share import shown_share  # noqa: E402
from tests.attack.truth import Truth  # noqa: E402
from tests.attack.versions import late_import  # noqa: E402

AS_OF = date(2026, 11, 20)


def severity(f: Finding) -> str:
    if f.low == f.high:
        return "exact"
    return "1 to 10 (the note)" if (f.low, f.high) == (1, 10) else "narrowed"


def kind(f: Finding) -> str:
    t = f.target
    return f"{t.kind} {'difference' if t.quantity.minus else 'count'}"


def _quarter_of(label: str) -> date:
    year, q = label.split(" Q")
    return date(int(year), 3 * int(q) - 2, 1)


def _views(path: Path, scopes: list, version: int) -> list[View]:
    out = []
    for scope in scopes:
        s = served(path, scope)
        if s is not None:
            out.append(read(s.csvs, s.html, version))
    return out


def report(name: str, found: Attack, ablations: dict[str, Attack]) -> None:
    leaks = [f for f in found.leaks if severity(f) != "1 to 10 (the note)"]
    print(f"  {name}: {found.solves} solves, {len(found.findings)} small counts tried, "
          f"{len(leaks)} pinned narrower than 1-10, "
          f"{len(found.leaks) - len(leaks)} pinned to 1-10 by a note alone, "
          f"{len(found.wrong)} wrong pins, {len(found.infeasible)} infeasible blocks")
    for (k, sev), n in sorted(Counter((kind(f), severity(f)) for f in found.leaks).items()):
        print(f"    {k:28} {sev:20} {n:5}")
    for cause, other in ablations.items():
        still = {f.target for f in other.leaks}
        needs = [f for f in leaks if f.target not in still]
        print(f"    needs {cause}: {len(needs)}")
    for f in sorted(leaks, key=lambda f: (f.high - f.low, f.target.quarter))[:12]:
        t = f.target
        print(f"      {t.family} {t.quarter} v{t.versions} {t.kind} "
              f"{','.join(t.programs) if t.programs else 'all'}: {t.quantity.name} "
              f"in [{f.low:g}, {f.high:g}], true {f.true}")
    for f, mean in found.means[:5]:
        print(f"      mean of a small group: {f.target.programs} n={f.true}, mean {mean:.2f}")


def as_small(view: View) -> View:
    """The view as read by a funder who assumes nothing is hidden to protect another."""
    return replace(view, rows={w: replace(r, hidden="small") if r.hidden == "hidden" else r
                               for w, r in view.rows.items()})


def run(seed: int, enrollments: int, subsets: int, ablate: bool, folder: Path,
        small_notes: bool = False, share_only: bool = False) -> None:
    path = folder / f"s{seed}.duckdb"
    generate(path, Scale(seed=seed, enrollments=enrollments, as_of=AS_OF))
    t0 = time.time()  # the release built, audited and served: its report and CSVs
    whole = served(path, None)
    view = read(whole.csvs, whole.html)
    names = dict(__import__("duckdb").connect(str(path), read_only=True).execute(
        "select program_name, program_id from programs").fetchall())
    rng = random.Random(seed)
    scopes = [tuple(sorted(names[n] for n in rng.sample(sorted(names), rng.choice((3, 4)))))
              for _ in range(subsets)]
    views = [view, *_views(path, scopes, 0)]
    t1 = time.time()
    truth = Truth({0: path})
    shown, rows, of_counted, counted = shown_share(view, truth)
    print(f"seed {seed}, {enrollments:,} enrollments: served in {t1 - t0:.1f} s; shown "
          f"{shown} of {rows} program rows ({shown / rows:.0%}); {of_counted} of the {counted} "
          f"with something to count ({of_counted / max(counted, 1):.0%}); funder scopes: all, "
          f"{scopes}")
    if share_only:
        return
    one = attack([view], truth)
    ablations = {"the notes": attack([view], truth, notes=False),
                 "the means": attack([view], truth, means=False)} if ablate else {}
    report(f"one funder of all programs ({time.time() - t1:.0f} s)", one, ablations)
    if small_notes:  # a funder who takes every hidden row for a small one
        report("one funder who reads every hidden row as 1 to 10",
               attack([as_small(view)], truth), {})
    t2 = time.time()
    many = attack(views, truth)
    report(f"{len(views)} funders together ({time.time() - t2:.0f} s)", many,
           {"two funders": one} if ablate else {})
    small = [(p, q) for (k, q, p), r in view.rows.items() if k == "R9" and p != TOTAL
             and r.hidden not in (None, "not yet")
             and quarters_of(q) == [q]]  # hidden in a released quarter
    if small:
        program, quarter = small[-1]
        later = late_import(path, folder / f"s{seed}-late.duckdb", program, _quarter_of(quarter))
        truth.paths[1] = later
        t3 = time.time()
        both = attack([view, *_views(later, [None], 1)], truth)
        report(f"two data versions, 8 overdoses late at {program} in {quarter} "
               f"({time.time() - t3:.0f} s)", both, {"two versions": one} if ablate else {})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[7])
    parser.add_argument("--enrollments", type=int, default=3000)
    parser.add_argument("--subsets", type=int, default=2, help="funders of 3-4 programs")
    parser.add_argument("--ablate", action="store_true", help="which leaks need what")
    parser.add_argument("--small-notes", action="store_true",
                        help="also attack as a funder who reads every hidden row as 1 to 10")
    parser.add_argument("--share-only", action="store_true",
                        help="the shown share alone, no attack (for large databases)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for seed in args.seeds:
            run(seed, args.enrollments, args.subsets, args.ablate, Path(folder), args.small_notes,
                args.share_only)


if __name__ == "__main__":
    main()

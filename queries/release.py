"""The funder release: every figure a funder can reach (the Funder report, its CSVs, HTML and
PDF, and the Overview as a funder), built and protected together, once per data version and
funder scope. Its cells are sums of atoms (docs/DISCLOSURE.md) following the relations that
metrics/funder.py declares; primary and secondary suppression (queries/disclosure.py) run until
a linear-programming audit finds no count of 1 to 10 that can be pinned from what is shown.

    python -m queries.release --db FILE [--programs ID ...]   # the audit's verdict per cell
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import combinations, pairwise

import polars as pl

from metrics.catalogue import Kind
from metrics.funder import FAMILIES, FUNDER_METRICS, SAME, Part
from metrics.intervals import with_wilson
from queries.disclosure import THRESHOLD, Cell, Verdict
from queries.protection import protect_part

Key = tuple[str | None, date]  # (program_id, quarter); None is all programs
DERIVED = "derived"  # the unit of a difference of two totals: never a row of its own


class ReleaseRefused(RuntimeError):
    """The release could not be built or did not pass its audit; the message says why."""


@dataclass(frozen=True)
class Release:
    """The protected tables (FUNDER_METRICS order, every complete quarter) and the audit."""

    tables: dict[str, pl.DataFrame]
    verdicts: tuple[Verdict, ...]
    primary: frozenset[str]  # units hidden for their own size
    secondary: frozenset[str]  # units hidden so that another cannot be worked out

    @property
    def passed(self) -> bool:
        return all(v.safe for v in self.verdicts)


def unit(metric: str, key: Key) -> str:
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


def _chain_atoms(family: str, index: int, values: list[dict[Key, int]]
                 ) -> dict[Key, list[tuple[str, int]]]:
    """Per key, the chain's atoms from the innermost out: each level minus the next."""
    out: dict[Key, list[tuple[str, int]]] = {}
    for key in values[0]:
        counts = [v.get(key, 0) for v in values] + [0]
        if any(a < b for a, b in pairwise(counts)):
            raise ReleaseRefused(f"The funder release could not be built: in {family} of "
                                 f"{key[0]} {key[1]}, the nested counts {counts[:-1]} do not "
                                 "nest. This is a bug; the funder view stays closed.")
        out[key] = [(f"{family}/{index}/{level}|{key[0] or 'all'}|{key[1]}", counts[level] -
                     counts[level + 1]) for level in range(len(values))]
    return out


def release_cells(tables: dict[str, pl.DataFrame]) -> tuple[list[Cell], dict[str, int]]:
    """Every published cell of the release as a sum of atoms, and each atom's true count."""
    cells: list[Cell] = []
    atoms: dict[str, int] = {}
    for family, chains in FAMILIES.items():
        for index, chain in enumerate(chains):
            per_key = _chain_atoms(family, index, [_values(tables, p) for p in chain])
            for chain_atoms in per_key.values():
                atoms.update(chain_atoms)
            for level, part in enumerate(chain):
                parts = [part] + [alias for alias, same in SAME.items() if same == part]
                cells += _part_cells(parts, index, level, per_key)
            if FUNDER_METRICS[chain[0][0]].by_program:
                cells += _differences(f"{family}/{index}", per_key)
                cells += _line_sums(chain, index, per_key, f"{DERIVED}|{family}/{index}")
            cells += _spans(f"{family}/{index}", per_key)
    return cells, atoms


def _spans(chain: str, per_key: dict[Key, list[tuple[str, int]]]) -> list[Cell]:
    """Every difference of two cells of a chain that are not neighbours ("11 of 16": 5
    eligible people not followed up within 7 days), per program and over all programs: never
    published, protected like a cell (neighbours' differences are the atoms themselves)."""
    out = []
    totals: dict[tuple[date, int, int], set[str]] = defaultdict(set)
    for key, chain_atoms in per_key.items():
        names = [name for name, _ in chain_atoms]
        for i in range(len(names)):
            for j in range(i + 2, len(names)):
                out.append(Cell(f"{chain}/{i}-{j}|{key[0] or 'all'}|{key[1]}",
                                frozenset(names[i:j]), f"{DERIVED}|{chain}|{key[1]}"))
                totals[(key[1], i, j)].update(names[i:j])
    if len({key[0] for key in per_key}) > 1:
        out += [Cell(f"{chain}/{i}-{j}|all|{q}", frozenset(names), f"{DERIVED}|{chain}|{q}")
                for (q, i, j), names in totals.items()]
    return out


LINE_SUMS_UP_TO = 10  # small cells of a line whose every combination is protected (2**10)


def _line_sums(chain: tuple[Part, ...], index: int, per_key: dict[Key, list[tuple[str, int]]],
               derived: str) -> list[Cell]:
    """Every sum of two or more programs' small cells of one line (a part in a quarter): a
    total less its shown programs is such a sum ("73 - 19 - 13 - 13 - 19 = 9 at two programs
    together"), protected like a cell. Only sums of small cells can be small; past
    LINE_SUMS_UP_TO small cells in a line, pairs only."""
    out = []
    for level, (metric, field) in enumerate(chain):
        lines: dict[date, list[tuple[str, frozenset[str], int]]] = defaultdict(list)
        for (program, q), chain_atoms in per_key.items():
            if 0 < (n := sum(n for _, n in chain_atoms[level:])) < THRESHOLD:
                lines[q].append((program or "all", frozenset(a for a, _ in chain_atoms[level:]),
                                 n))
        for q, small in lines.items():
            most = len(small) if len(small) <= LINE_SUMS_UP_TO else 2
            groups = (g for k in range(2, most + 1) for g in combinations(small, k)
                      if sum(n for _, _, n in g) < THRESHOLD)
            out += [Cell(f"{metric}.{field}#{index}|{'+'.join(p for p, _, _ in g)}|{q}",
                         frozenset().union(*(a for _, a, _ in g)), f"{derived}|{q}")
                    for g in groups]
    return out


def _differences(chain: str, per_key: dict[Key, list[tuple[str, int]]]) -> list[Cell]:
    """The all-program count of each step of a chain (total minus total, nested): never
    published itself, but worked out from two totals that are, so protected like a cell."""
    steps: dict[tuple[date, int], set[str]] = defaultdict(set)
    for key, chain_atoms in per_key.items():
        for level, (name, _) in enumerate(chain_atoms):
            steps[(key[1], level)].add(name)
    return [Cell(f"{chain}/{level}|all|{q}", frozenset(names), f"{DERIVED}|{chain}|{q}")
            for (q, level), names in steps.items()]


def _part_cells(parts: list[Part], index: int, level: int,
                per_key: dict[Key, list[tuple[str, int]]]) -> list[Cell]:
    """A part's cell for each program and quarter (its atoms from `level` in), and for each
    quarter's total (the union over programs) when the metric is counted per program."""
    out = []
    totals: dict[date, set[str]] = defaultdict(set)
    for key, chain_atoms in per_key.items():
        names = frozenset(name for name, _ in chain_atoms[level:])
        totals[key[1]].update(names)
        out += [Cell(f"{m}.{f}#{index}|{key[0] or 'all'}|{key[1]}", names, unit(m, key))
                for m, f in parts]
    for m, f in parts:
        if FUNDER_METRICS[m].by_program:
            out += [Cell(f"{m}.{f}#{index}|all|{q}", frozenset(names), unit(m, (None, q)))
                    for q, names in totals.items()]
    return out


def blank(series: pl.DataFrame, kind: Kind) -> pl.DataFrame:
    """Null the counts and value of every row flagged `suppressed` (a ratio's counts always)."""
    series = series.with_columns(
        pl.when(pl.col("suppressed")).then(None).otherwise(pl.col(c)).alias(c)
        for c in ("numerator", "denominator", "value", "median") if c in series.columns
    )
    if kind == "ratio":
        series = series.with_columns(pl.lit(None, dtype=pl.Int64).alias("numerator"),
                                     pl.lit(None, dtype=pl.Int64).alias("denominator"))
    return series


def _shown(table: pl.DataFrame, metric: str, hidden: set[str]) -> pl.DataFrame:
    """The table with its hidden rows blanked. Why a row is hidden (its own size, or to
    protect another) is not told: told apart, "fewer than 11" says 1 to 10 and "protects"
    says 0 or 11 and over, and with a line's total either can pin a program's count."""
    units = [unit(metric, (p, q)) for p, q in table.select("program_id", "quarter").iter_rows()]
    flagged = table.with_columns(suppressed=pl.Series([u in hidden for u in units],
                                                      dtype=pl.Boolean))
    kind = FUNDER_METRICS[metric].kind
    shown = blank(flagged, kind)
    return (with_wilson(shown) if kind == "proportion" else shown).sort(
        "quarter", "is_total", "program_name")


FAMILY_OF = {metric: family for family, chains in FAMILIES.items() for chain in chains
             for metric, _ in chain}
FAMILY_OF |= {alias: FAMILY_OF[same] for (alias, _), (same, _) in SAME.items()}


def _family(unit_name: str) -> str:
    head, rest = unit_name.split("|", 1)
    return rest.split("/", 1)[0] if head == DERIVED else FAMILY_OF[head]


def independent(cells: list[Cell]) -> dict[tuple[str, str], list[Cell]]:
    """The release split where no cell links: a family's cells of one quarter share no atom
    with another family's or another quarter's, so each part is protected on its own (the
    same hiding as all at once, at a fraction of the cost: each part takes its own rounds)."""
    parts: dict[tuple[str, str], list[Cell]] = defaultdict(list)
    for cell in cells:
        parts[(_family(cell.unit), cell.unit.rsplit("|", 1)[1])].append(cell)
    return parts


def protect_all(cells: list[Cell], atoms: dict[str, int]
                ) -> tuple[set[str], set[str], list[Verdict]]:
    """Every independent part protected and audited: (rows hidden for their own size, rows
    hidden to protect another, the audit's verdicts)."""
    primary: set[str] = set()
    secondary: set[str] = set()
    verdicts: list[Verdict] = []
    for part in independent(cells).values():
        own = {a: atoms[a] for c in part for a in c.atoms}
        derived = {c.unit for c in part if c.unit.startswith(DERIVED)}
        first, second, checked = protect_part(part, own, derived)
        primary |= first - derived
        secondary |= second - derived - first
        verdicts += checked
    return primary, secondary, verdicts


def shown_tables(tables: dict[str, pl.DataFrame], primary: set[str], secondary: set[str]
                 ) -> dict[str, pl.DataFrame]:
    """The tables as published: hidden rows blanked, each with why."""
    return {m: _shown(t, m, primary | secondary) for m, t in tables.items()}


def build_release(tables: dict[str, pl.DataFrame]) -> Release:
    """Protect the unsuppressed tables together and audit the result."""
    primary, secondary, verdicts = protect_all(*release_cells(tables))
    return Release(shown_tables(tables, primary, secondary), tuple(verdicts),
                   frozenset(primary), frozenset(secondary))


def main(argv: list[str] | None = None) -> int:
    """The audit from the command line: a verdict per count it had to check; exit 1 on a leak."""
    import argparse
    from pathlib import Path

    import duckdb

    from queries.db import Database
    from queries.funder import funder_release
    from store.connection import DatabaseUnavailable

    parser = argparse.ArgumentParser(prog="python -m queries.release", description=__doc__)
    parser.add_argument("--db", type=Path, required=True, help="the DuckDB file")
    parser.add_argument("--programs", nargs="*", help="the funder's programs (default: all)")
    args = parser.parse_args(argv)
    if not args.db.is_file():
        print(f"There is no database at {args.db}.")
        return 2
    try:
        con = duckdb.connect(str(args.db), read_only=True)
    except duckdb.Error as error:
        print(f"The database {args.db} could not be opened: {str(error).splitlines()[0]}")
        return 2
    try:
        db = Database(con, args.db)
        built = funder_release(db, db.frame("data_span").row(0)[1],
                               tuple(args.programs) if args.programs else None)
    except (DatabaseUnavailable, ReleaseRefused) as error:
        print(error)
        return 2
    finally:
        con.close()
    for v in built.verdicts:
        high = "?" if v.high != v.high else f"{v.high:g}"  # nan: the low end settled it
        print(f"{'safe' if v.safe else 'EXPOSED'}\t{v.quantity}\ttrue {v.true}\t"
              f"could be {v.low:g} to {high}\t{'hidden' if v.hidden else 'shown'}")
    print(f"{'PASS' if built.passed else 'FAIL'}: {len(built.verdicts):,} counts of 1 to 10 "
          f"checked; {len(built.primary):,} rows hidden for their own size, "
          f"{len(built.secondary):,} to protect another.")
    return 0 if built.passed else 1


if __name__ == "__main__":
    raise SystemExit(main())

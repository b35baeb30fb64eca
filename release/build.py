"""The funder release: every figure a funder can reach (the Funder report, its CSVs, HTML and
PDF, and the Overview as a funder), built and protected together, once per data version and
funder scope. Its cells are sums of atoms (docs/DISCLOSURE.md) following the relations that
metrics/funder.py declares; primary and secondary suppression (release/disclosure.py) run until
a linear-programming audit finds no count of 1 to 10 that can be pinned from what is shown.

    python -m release --db FILE          # the audit of today's data, per count checked
    python -m release --db FILE --keep   # release and keep the quarters now due
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import polars as pl

from metrics.catalogue import Kind
from metrics.funder import FAMILIES, FUNDER_METRICS, SAME
from metrics.intervals import with_wilson
from release.disclosure import Cell, Verdict, audit, primary
from release.model import (
    DERIVED,
    NotNested,
    Shown,
    as_served,
    release_cells,
    shown_counts,
    unit,
)
from release.protection import protect_part
from release.rounding import new_key


class ReleaseRefused(RuntimeError):
    """The release could not be built or did not pass its audit; the message says why."""


@dataclass(frozen=True)
class Release:
    """The protected tables (FUNDER_METRICS order, every complete quarter) and the audit."""

    tables: dict[str, pl.DataFrame]
    verdicts: tuple[Verdict, ...]
    primary: frozenset[str]  # units hidden for their own size
    secondary: frozenset[str]  # units hidden so that another cannot be worked out
    # each program's whole calendar years, once their four quarters are released (year,
    # program_id, program_name, numerator, denominator, value, suppressed, no_data)
    years: dict[str, pl.DataFrame] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return all(v.safe for v in self.verdicts)


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




def _shown(table: pl.DataFrame, metric: str, hidden: set[str], rounded: Shown) -> pl.DataFrame:
    """The table with its counts as rounded, each rate of the rounded counts (the exact rate
    would give the counts back), and its hidden rows blanked. Why a row is hidden (its own
    size, or to protect another) is not told: told apart, "fewer than 11" says 1 to 10 and
    "protects" says 0 or 11 and over, and with a line's total either can pin a program's
    count."""
    units = [unit(metric, (p, q)) for p, q in table.select("program_id", "quarter").iter_rows()]
    kind = FUNDER_METRICS[metric].kind
    counts = {field: pl.Series([rounded.get((u, field), v) for u, v in zip(units, table[field],
                                                                         strict=True)],
                               dtype=pl.Int64)
              for field in ("numerator", "denominator")}
    ratio = pl.when(pl.col("denominator") > 0).then(pl.col("numerator") / pl.col("denominator"))
    value = {"count": pl.col("numerator").cast(pl.Float64), "distribution": pl.col("value")}
    flagged = table.with_columns(**counts).with_columns(
        value=value.get(kind, ratio),
        suppressed=pl.Series([u in hidden for u in units], dtype=pl.Boolean))
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


def shown_tables(tables: dict[str, pl.DataFrame], cells: list[Cell], primary: set[str],
                 secondary: set[str]) -> dict[str, pl.DataFrame]:
    """The tables as published: counts as the cells show them, hidden rows blanked."""
    shown = shown_counts(cells)
    return {m: _shown(t, m, primary | secondary, shown) for m, t in tables.items()}


def build_release(tables: dict[str, pl.DataFrame], key: bytes | None = None) -> Release:
    """Protect the unsuppressed tables together, every count rounded (with a fresh key unless
    one is given), and audit the result."""
    try:
        cells, atoms = release_cells(tables, key or new_key())
    except NotNested as error:
        raise ReleaseRefused(f"The funder release could not be built: {error}. This is a bug; "
                             "the funder view stays closed.") from error
    primary, secondary, verdicts = protect_all(cells, atoms)
    return Release(shown_tables(tables, cells, primary, secondary), tuple(verdicts),
                   frozenset(primary), frozenset(secondary))


YEARLY = [m for m, metric in FUNDER_METRICS.items()
          if metric.by_program and metric.kind != "distribution"]  # E6's median: no sum


def build_years(counts: dict[str, pl.DataFrame], kept_rows: dict[str, pl.DataFrame],
                year: int, families: set[str], key: bytes | None = None
                ) -> tuple[dict[str, pl.DataFrame], list[Verdict]]:
    """Each program's whole year, from the exact counts its four kept quarters were made
    from, protected and audited together with those quarters as they were served (their
    shown counts and hidden rows are fixed: only a year's row can still be hidden). The
    tables of these families' YEARLY metrics, and the audit's verdicts."""
    in_year = pl.col("quarter").dt.year() == year
    tables = {m: t.filter(in_year) for m, t in counts.items()}
    cells, atoms = release_cells(tables, key or new_key(), years=families)
    served: dict[tuple[str, str], int] = {}
    hidden: set[str] = set()
    for m, rows in kept_rows.items():
        for p, q, num, den, gone in rows.filter(in_year).select(
                "program_id", "quarter", "numerator", "denominator", "suppressed").iter_rows():
            u = unit(m, (p, q))
            hidden |= {u} if gone else set()
            served |= {(u, f): v for f, v in (("numerator", num), ("denominator", den))
                       if v is not None}
    period = str(year)
    yearly = {c.unit for c in cells if c.unit.endswith(f"|{period}")
              and not c.unit.startswith(DERIVED)}
    cells = as_served(cells, served, keep=yearly)
    verdicts: list[Verdict] = []
    parts: dict[str, list[Cell]] = defaultdict(list)
    for cell in cells:
        parts[_family(cell.unit)].append(cell)
    for part in parts.values():
        own = {a: atoms[a] for c in part for a in c.atoms}
        fixed = hidden | {c.unit for c in part if c.unit.startswith(DERIVED)}
        ours = {c.unit for c in part} & yearly
        gone = fixed | (primary(part, own) & ours)
        atoms_of = {c.name: c.atoms for c in part}
        found = audit(part, own, gone)
        while exposed := [v for v in found if not v.safe]:
            near = set().union(*(atoms_of.get(v.quantity, frozenset(own)) for v in exposed))
            more = {c.unit for c in part if c.unit in ours and c.atoms & near} - gone
            if not (more := more or ours - gone):
                break  # every year row hidden and still exposed: the quarters' own audit failed
            gone |= more
            found = audit(part, own, gone)
        verdicts += found  # the last audit's: of the rows as hidden
        hidden |= gone & ours
    return _year_tables(cells, hidden, kept_rows, year, families), verdicts


def _year_tables(cells: list[Cell], hidden: set[str], kept_rows: dict[str, pl.DataFrame],
                 year: int, families: set[str]) -> dict[str, pl.DataFrame]:
    """The whole years as published: each program's counts as rounded, hidden rows blank."""
    shown = shown_counts([c for c in cells if c.unit.endswith(f"|{year}")])
    out = {}
    for m in (m for m in YEARLY if FAMILY_OF[m] in families):
        names = kept_rows[m].filter(~pl.col("is_total") if "is_total" in kept_rows[m].columns
                                    else pl.col("program_id").is_not_null())
        rows = []
        for p, name in sorted(set(names.select("program_id", "program_name").iter_rows())):
            u = unit(m, (p, str(year)))
            num, den = shown.get((u, "numerator")), shown.get((u, "denominator"))
            gone = u in hidden
            count = FUNDER_METRICS[m].kind == "count"
            value = (None if gone or num is None else float(num) if count
                     else num / den if den else None)
            rows.append({"year": year, "program_id": p, "program_name": name,
                         "numerator": None if gone else num,
                         "denominator": None if gone or count else den,
                         "value": value, "suppressed": gone,
                         "no_data": not gone and not count and not den})
        out[m] = pl.DataFrame(rows, schema={"year": pl.Int32, "program_id": pl.String,
                                            "program_name": pl.String, "numerator": pl.Int64,
                                            "denominator": pl.Int64, "value": pl.Float64,
                                            "suppressed": pl.Boolean, "no_data": pl.Boolean})
    return out

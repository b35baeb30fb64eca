"""The funder report's figures: whole quarters, per program and for all programs together,
protected HERE, all together, as one release (release/build.py), so the page, its CSVs and
its report only ever receive protected frames.

Each metric's frame has one row per quarter and program, plus an "All programs" row per
quarter (is_total): numerator, denominator, value (a rate, a mean or a count), median (E6),
the Wilson interval (low, high), suppressed (hidden: for its own size or to protect another,
never said which), no_data (nothing to count) and
window_open (the metric's window after the quarter, e.g. R3's 180 days, has not closed by the
data's last day: the figure may still grow, and "nothing to count" means "not yet")."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from access.roles import SEES_FUNDER_REPORT
from access.viewer import NotAllowed
from metrics.catalogue import Kind
from metrics.funder import FUNDER_METRICS, TOTAL
from queries.funder_cells import (
    CELLS,
    aftercare_cells,
    engagement_cells,
    outcome_cells,
    workforce_cells,
)
from queries.scope import ALL, Programs, Scope, month_end, quarter_start
from records.models import REASSESSMENT_WINDOWS, Instrument
from release.build import YEARLY, Release, ReleaseRefused, build_release, build_years
from release.kept import (
    keep,
    keep_years,
    kept,
    kept_counts,
    kept_years,
    ready,
    served,
    years_due,
)
from store.database import Database


class NotForRole(NotAllowed):
    """The funder report is for funders and analysts only."""


def funder_period(scope: Scope, last_day: date) -> tuple[date, date] | None:
    """The whole calendar quarters a range covers (from the quarter it starts in to the last
    quarter over by its end and the data's last day); None when there is none."""
    start = quarter_start(scope.start)
    end = min(scope.end, last_day)
    if not (end.month % 3 == 0 and end == month_end(end)):
        end = quarter_start(end) - timedelta(days=1)
    return (start, end) if end > start else None


# days after a quarter's end until every person counted in it has had the metric's whole window
WINDOW_DAYS = {"E4": 30, "A1_7": 7, "A1_30": 30, "R3": 180}
# days from an intake until it can first be counted in a quarter (R1: its window closes, at the
# latest 240 days for GPRA; R2, R6: its 6-month interview, from day 150): a quarter nearer the
# data's first day than this counts nobody yet, as its window has not closed for anyone in it
WINDOW_BEFORE = {"R1": max(c for _, c in REASSESSMENT_WINDOWS.values()),
                 "R2": REASSESSMENT_WINDOWS[Instrument.gpra][0],
                 "R6": REASSESSMENT_WINDOWS[Instrument.gpra][0]}


def first_complete_quarter(first_day: date) -> date:
    """The first quarter the data covers whole: the data's first day's quarter if it starts on
    the quarter's first day, else the next one (a quarter begun mid-way would read as a dip)."""
    start = quarter_start(first_day)
    return start if start == first_day else quarter_start(start + timedelta(days=93))


def _window_open(key: str, first_day: date, last_day: date) -> pl.Expr:
    end = pl.col("quarter").dt.offset_by("1q") - pl.duration(days=1)
    closes = end + pl.duration(days=WINDOW_DAYS.get(key, 0))
    first_counted = end - pl.duration(days=WINDOW_BEFORE.get(key, 0))
    return (closes > pl.lit(last_day)) | (first_counted < pl.lit(first_day))


def _keys(quarters: list[date], programs: pl.DataFrame) -> pl.DataFrame:
    """Every quarter x program, then every quarter's total row (program_id null)."""
    rows = pl.DataFrame({"quarter": quarters}, schema={"quarter": pl.Date})
    total = rows.with_columns(program_id=pl.lit(None, pl.String), program_name=pl.lit(TOTAL))
    return pl.concat([rows.join(programs, how="cross"), total], how="diagonal_relaxed")


def _counted(cells: pl.DataFrame, keys: pl.DataFrame, kind: Kind) -> pl.DataFrame:
    """The cells on every key (0 where nothing was counted); totals summed over programs
    unless the cells are totals already (no program_id column: all workers together)."""
    if "program_id" in cells.columns:
        sums = cells.group_by("quarter").agg(pl.col("numerator", "denominator").sum())
        cells = pl.concat([cells.select(*CELLS), sums], how="diagonal_relaxed")
    else:
        keys = keys.filter(pl.col("program_id").is_null())
        cells = cells.with_columns(program_id=pl.lit(None, pl.String))
    rows = keys.join(cells, on=["program_id", "quarter"], how="left", nulls_equal=True)
    count = kind == "count"
    rows = rows.with_columns(pl.col("numerator").fill_null(0), denominator=pl.lit(None, pl.Int64)
                             if count else pl.col("denominator").fill_null(0))
    rate = pl.when(pl.col("denominator") > 0).then(pl.col("numerator") / pl.col("denominator"))
    own = (pl.col("value").fill_nan(None) if "value" in rows.columns  # W7: 0 of 0 is none
           else pl.lit(None, pl.Float64))
    return rows.with_columns(
        value=pl.col("numerator").cast(pl.Float64) if count else pl.coalesce(own, rate),
        no_data=pl.lit(False) if count else pl.col("denominator") == 0)


def _lengths(rows: pl.DataFrame, keys: pl.DataFrame) -> pl.DataFrame:
    """E6: per key, discharges with a contact (numerator) and their median days (value). Not
    the mean: a mean shown with its n publishes the group's sum of days, and the total's sum
    less the shown programs' is a hidden program's (docs/DISCLOSURE.md); a median is no sum."""
    known = rows.filter(pl.col("engagement_days").is_not_null())
    median = pl.col("engagement_days").median().cast(pl.Float64)
    stats = {"numerator": pl.len().cast(pl.Int64), "value": median, "median": median}
    cells = pl.concat([known.group_by("program_id", "quarter").agg(**stats),
                       known.group_by("quarter").agg(**stats)], how="diagonal_relaxed")
    out = keys.join(cells, on=["program_id", "quarter"], how="left", nulls_equal=True)
    return out.with_columns(pl.col("numerator").fill_null(0),
                            denominator=pl.lit(None, pl.Int64),
                            no_data=pl.col("numerator").fill_null(0) == 0)


def _cells(db: Database, scope: Scope, last_day: date) -> dict[str, pl.DataFrame]:
    return {**engagement_cells(db, scope, last_day), **aftercare_cells(db, scope, last_day),
            **outcome_cells(db, scope, last_day), **workforce_cells(db, scope)}


def tables(db: Database, period: tuple[date, date], last_day: date,
           chosen: Programs = ALL) -> dict[str, pl.DataFrame]:
    """Every metric's quarterly table over the chosen programs BEFORE suppression: for the
    release and the tests, never for a page."""
    programs = db.frame("programs").select("program_id", "program_name")
    if chosen is not ALL:
        programs = programs.filter(pl.col("program_id").is_in(list(chosen)))
    whole = Scope(tuple(programs["program_id"]), *period)
    keys = _keys(pl.date_range(*period, "1q", eager=True).to_list(), programs)
    cells = _cells(db, whole, last_day)
    first_day = db.frame("data_span").row(0)[0] or period[0]
    return {key: (_lengths(cells[key], keys) if metric.kind == "distribution"
                  else _counted(cells[key], keys, metric.kind))
            .with_columns(is_total=pl.col("program_id").is_null(),
                          window_open=_window_open(key, first_day, last_day))
            for key, metric in FUNDER_METRICS.items()}


def release_truth(db: Database, last_day: date) -> dict[str, pl.DataFrame]:
    """Every metric's table over every complete quarter of the data BEFORE suppression ({}:
    no complete quarter yet): what the release is protected from, never for a page."""
    first = db.frame("data_span").row(0)[0]
    period = (funder_period(Scope(ALL, first_complete_quarter(first), last_day), last_day)
              if first else None)
    return tables(db, period, last_day) if period else {}


def ready_truth(truth: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The truth cut to the quarters that may be released (every window closed)."""
    may = ready(truth)
    return {m: t.filter(pl.col("quarter").is_in(sorted(may[m]))) for m, t in truth.items()}


def funder_release(db: Database, last_day: date) -> Release:
    """The one release every funder is cut from: each quarter of the data whose windows have
    closed, protected and audited when it is first released and kept as it was from then on
    (release/kept.py); later quarters without a figure. Whatever span or programs a
    funder views are cut from it, so no two views can differ in what they hide."""
    truth = release_truth(db, last_day)
    if not truth:
        return Release({}, (), frozenset(), frozenset())
    have = kept(db)
    todo = {m: quarters - set(have[m]["quarter"]) for m, quarters in ready(truth).items()}
    built = Release({}, (), frozenset(), frozenset())
    if any(todo.values()):
        built = build_release({m: t.filter(pl.col("quarter").is_in(sorted(todo[m])))
                               for m, t in truth.items()})
        if built.passed:
            keep(db, built.tables, todo, truth)
            have = kept(db)
    verdicts = list(built.verdicts)
    counts, years = kept_counts(db), kept_years(db)
    if due := years_due(counts, years):
        for year, families in due.items():  # failing its audit, a year is not kept
            tables, checked = build_years(counts, have, year, families)
            if all(v.safe for v in checked):
                keep_years(db, tables)
                verdicts += checked
        years = kept_years(db)
    return Release(served(truth, have), tuple(verdicts), built.primary, built.secondary,
                   {m: t.with_columns(no_data=pl.col("value").is_null() & ~pl.col("suppressed"))
                    .sort("year", "program_name") for m, t in years.items() if m in YEARLY})


def refuse_other_roles(role: str) -> None:
    """The funder report is for funders and analysts (who preview it) only."""
    if role not in SEES_FUNDER_REPORT:
        raise NotForRole(f"The funder report is for {' and '.join(sorted(SEES_FUNDER_REPORT))} "
                         f"roles, not {role!r}.")


def for_programs(tables: dict[str, pl.DataFrame], programs: Programs) -> dict[str, pl.DataFrame]:
    """The release's tables cut to a funder's programs: their own rows and the all-program
    total, as the one release shows them (ALL: every program's rows)."""
    if programs is ALL:
        return tables
    mine = pl.col("is_total") | pl.col("program_id").is_in(list(programs))
    return {key: table.filter(mine) for key, table in tables.items()}


def release_figures(release: Release, period: tuple[date, date] | None,
                    role: str, programs: Programs = ALL) -> dict[str, pl.DataFrame]:
    """The release's tables for the quarters of `period` and the rows of `programs` (ALL:
    every program's), for funders and analysts only; refused with a sentence when the release
    did not pass its audit."""
    refuse_other_roles(role)
    if not release.passed:
        exposed = sum(not v.safe for v in release.verdicts)
        raise ReleaseRefused(f"The funder release did not pass its disclosure audit ({exposed} "
                             "small counts could be worked out), so no funder figure is shown. "
                             "An analyst can run `python -m release --db FILE` to see "
                             "which.")
    if period is None:
        return {}
    in_period = pl.col("quarter").is_between(*period)
    return for_programs({key: table.filter(in_period) for key, table in release.tables.items()},
                        programs)


def release_years(release: Release, programs: Programs = ALL) -> dict[str, pl.DataFrame]:
    """The release's whole years (each program's, once its four quarters are released) of
    `programs` (ALL: every program's), for funders and analysts only (the caller has had
    release_figures refuse everyone else and a release that did not pass)."""
    if not release.passed:
        return {}
    if programs is ALL:
        return release.years
    return {key: t.filter(pl.col("program_id").is_in(list(programs)))
            for key, t in release.years.items()}


def funder_figures(db: Database, scope: Scope, last_day: date,
                   role: str) -> dict[str, pl.DataFrame]:
    """Each funder metric's protected quarterly table (FUNDER_METRICS order): the scope's
    programs' rows (ALL: every program's; its workers are ignored) and the all-program total,
    over the whole quarters of its range, cut from the ONE release of every program that every
    funder shares (docs/DISCLOSURE.md: so no two funders' views can be subtracted); for funders
    and analysts only."""
    refuse_other_roles(role)  # before any work
    return release_figures(funder_release(db, last_day), funder_period(scope, last_day), role,
                           scope.programs)

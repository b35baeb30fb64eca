"""The funder report's figures: whole quarters, per program and for all programs together,
protected HERE, all together, as one release (queries/release.py), so the page, its CSVs and
its report only ever receive protected frames.

Each metric's frame has one row per quarter and program, plus an "All programs" row per
quarter (is_total): numerator, denominator, value (a rate, a mean or a count), median (E6),
the Wilson interval (low, high), suppressed, hidden_because (small: its own count; protects:
so that a smaller figure elsewhere can't be worked out), no_data (nothing to count) and
window_open (the metric's window after the quarter, e.g. R3's 180 days, has not closed by the
data's last day: the figure may still grow, and "nothing to count" means "not yet")."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from access.roles import SEES_FUNDER_REPORT
from access.viewer import NotAllowed
from metrics.catalogue import Kind
from metrics.funder import FUNDER_METRICS, TOTAL
from queries.db import Database
from queries.funder_cells import (
    CELLS,
    aftercare_cells,
    engagement_cells,
    outcome_cells,
    workforce_cells,
)
from queries.release import Release, ReleaseRefused, build_release
from queries.scope import ALL, Scope, month_end, quarter_start
from records.models import REASSESSMENT_WINDOWS, Instrument


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
    """E6: per key, discharges with a contact (numerator), mean (value) and median days."""
    known = rows.filter(pl.col("engagement_days").is_not_null())
    stats = {"numerator": pl.len().cast(pl.Int64),
             "value": pl.col("engagement_days").mean().cast(pl.Float64),
             "median": pl.col("engagement_days").median().cast(pl.Float64)}
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
           chosen: tuple[str, ...] | None = None) -> dict[str, pl.DataFrame]:
    """Every metric's quarterly table over the chosen programs (None: all) BEFORE
    suppression: for funder_figures and the tests, never for a page."""
    programs = db.frame("programs").select("program_id", "program_name")
    if chosen is not None and chosen is not ALL:
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


def funder_release(db: Database, last_day: date,
                   chosen: tuple[str, ...] | None = None) -> Release:
    """The release for one funder scope (the chosen programs, None: all): every complete
    quarter of the data, protected and audited together. Whatever span a funder then views is
    cut from it, so no two views can differ in what they hide."""
    first = db.frame("data_span").row(0)[0]
    period = (funder_period(Scope(ALL, first_complete_quarter(first), last_day), last_day)
              if first else None)
    if period is None:
        return Release({}, (), frozenset(), frozenset())
    return build_release(tables(db, period, last_day, chosen))


def refuse_other_roles(role: str) -> None:
    """The funder report is for funders and analysts (who preview it) only."""
    if role not in SEES_FUNDER_REPORT:
        raise NotForRole(f"The funder report is for {' and '.join(sorted(SEES_FUNDER_REPORT))} "
                         f"roles, not {role!r}.")


def release_figures(release: Release, period: tuple[date, date] | None,
                    role: str) -> dict[str, pl.DataFrame]:
    """The release's tables for the quarters of `period`, for funders and analysts only;
    refused with a sentence when the release did not pass its audit."""
    refuse_other_roles(role)
    if not release.passed:
        exposed = sum(not v.safe for v in release.verdicts)
        raise ReleaseRefused(f"The funder release did not pass its disclosure audit ({exposed} "
                             "small counts could be worked out), so no funder figure is shown. "
                             "An analyst can run `python -m queries.release --db FILE` to see "
                             "which.")
    if period is None:
        return {}
    in_period = pl.col("quarter").is_between(*period)
    return {key: table.filter(in_period) for key, table in release.tables.items()}


def funder_figures(db: Database, scope: Scope, last_day: date,
                   role: str) -> dict[str, pl.DataFrame]:
    """Each funder metric's protected quarterly table (FUNDER_METRICS order), over the
    scope's programs (None: all; its workers are ignored) and the whole quarters of its range,
    cut from the release for those programs; for funders and analysts only."""
    refuse_other_roles(role)  # before any work
    return release_figures(funder_release(db, last_day, scope.programs),
                           funder_period(scope, last_day), role)

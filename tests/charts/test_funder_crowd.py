"""The funder charts for dozens of programs (a generated database of 40, suppressed as a
funder gets them): the trend is the all-program line over the programs' median and middle half,
the comparison names the lowest and highest programs beside the middle half of all, and both
are computed from shown figures only."""

from __future__ import annotations

import polars as pl
import pytest

from charts.funder import against_all, compares, latest, reading, trend
from charts.funder_crowd import EXTREMES, MANY_PROGRAMS
from metrics.funder import FUNDER_METRICS, TOTAL

# the release of a database of 40 programs, made once for the module: about 17 s
pytestmark = pytest.mark.slow
BY_PROGRAM = [k for k, m in FUNDER_METRICS.items() if m.by_program]


def programs(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(~pl.col("is_total"))


def test_the_database_has_more_programs_than_lines_can_show(large_funder):
    assert programs(large_funder["E4"])["program_name"].n_unique() > MANY_PROGRAMS


@pytest.mark.parametrize("key", BY_PROGRAM)
def test_the_trend_is_the_total_over_the_programs_spread_not_a_line_each(large_funder, key):
    frame, metric = large_funder[key], FUNDER_METRICS[key]
    fig = trend(frame, metric)
    assert [t.name for t in fig.data][-1] == TOTAL
    names = set(programs(frame)["program_name"])
    assert not names & {t.name for t in fig.data}, "no program drawn as its own line"
    assert len(fig.data) == (1 if metric.kind == "count" else 4)


@pytest.mark.parametrize("key", [k for k in BY_PROGRAM if FUNDER_METRICS[k].kind != "count"])
def test_the_programs_spread_rests_on_shown_figures_only(large_funder, key):
    frame, metric = large_funder[key], FUNDER_METRICS[key]
    median = next(t for t in trend(frame, metric).data if t.name == "Median program")
    shown = (programs(frame).filter(pl.col("value").is_not_null(), ~pl.col("suppressed"))
             .group_by("quarter").agg(pl.col("value").median(), n=pl.len()))
    everyone = programs(frame).group_by("quarter").len()
    for q, text, y in zip(sorted(frame["quarter"].unique()), median.text, median.y,
                          strict=True):
        row = shown.filter(pl.col("quarter") == q)
        n = row["n"][0] if row.height else 0
        total = everyone.filter(pl.col("quarter") == q)["len"][0]
        assert f"({n:,} of {total:,} programs shown;" in text
        if n:
            assert y == pytest.approx(row["value"][0])


@pytest.mark.parametrize("key", [k for k, m in FUNDER_METRICS.items() if compares(m)])
def test_the_comparison_names_the_lowest_and_highest_programs_with_a_figure(large_funder, key):
    frame, metric = large_funder[key], FUNDER_METRICS[key]
    fig = against_all(frame, metric)
    if latest(frame) is None:
        return
    rows = programs(frame).filter(pl.col("quarter") == latest(frame))
    shown = rows.filter(pl.col("value").is_not_null())
    assert not shown["suppressed"].any(), "a suppressed cell never carries a figure"
    dots = fig.data[0]
    values = dict(zip(shown["program_name"], shown["value"], strict=True))
    assert all(values[name] == x for name, x in zip(dots.y, dots.x, strict=True))
    ordered = sorted(shown["value"])
    if shown.height > 2 * EXTREMES:
        assert sorted(dots.x) == ordered[:EXTREMES] + ordered[-EXTREMES:]
        assert (f"the {EXTREMES} lowest and {EXTREMES} highest of {shown.height:,} programs "
                "with a figure") in fig.layout.title.text
    hidden = rows.height - shown.height
    if hidden:
        assert f"{hidden:,} programs suppressed or without data" in fig.layout.xaxis.title.text
    bands = [s for s in fig.layout.shapes if s.type == "rect"]
    if shown.is_empty():  # every program hidden that quarter: no middle half to shade
        assert not bands
        return
    band = bands[0]
    quartiles = pl.Series(ordered).quantile(0.25, "linear"), pl.Series(ordered).quantile(
        0.75, "linear")
    assert (band.x0, band.x1) == pytest.approx(quartiles)
    assert f"middle half of the {shown.height:,} programs" in fig.layout.xaxis.title.text
    assert len(fig.data) == 1 and fig.layout.height < 800


def test_the_reading_counts_the_programs_shown_and_suppressed(large_funder):
    frame = large_funder["E7"]
    when = latest(frame)
    rows = programs(frame).filter(pl.col("quarter") == when)
    hidden = rows["suppressed"].sum()
    assert f"{rows.height - hidden:,} of {rows.height:,} programs shown; {hidden:,} suppressed." \
        in reading(frame, FUNDER_METRICS["E7"])


def _hide(frame: pl.DataFrame, keep: int) -> pl.DataFrame:
    """The frame with all but `keep` programs suppressed in its latest quarter."""
    when = latest(frame)
    names = sorted(programs(frame).filter(pl.col("quarter") == when,
                                          pl.col("value").is_not_null())["program_name"])[:keep]
    hide = (pl.col("quarter") == when) & ~pl.col("is_total") & ~pl.col("program_name").is_in(
        names)
    return frame.with_columns(
        *(pl.when(hide).then(None).otherwise(pl.col(c)).alias(c) for c in ("value", "low", "high")),
        suppressed=pl.when(hide).then(True).otherwise(pl.col("suppressed")))


def test_with_few_figures_left_the_comparison_does_not_claim_extremes(large_funder):
    metric = FUNDER_METRICS["E4"]
    fig = against_all(_hide(large_funder["E4"], 8), metric)
    assert len(fig.data[0].y) == 8
    assert "lowest" not in fig.layout.title.text
    assert "all 8 programs with a figure" in fig.layout.title.text


def test_with_every_program_suppressed_the_axis_title_has_no_empty_line(large_funder):
    metric = FUNDER_METRICS["E4"]
    title = against_all(_hide(large_funder["E4"], 0), metric).layout.xaxis.title.text
    assert not title.endswith("<br>") and "<br>;" not in title
    assert "programs suppressed or without data" in title

"""The Workforce charts for hundreds of workers (a generated database of about 580): a few
traces however many workers there are, the spread across them month by month, the worst
TOP named as bars a click narrows to, and a reading that says how many are named of how many.
One program's workers (tens, as a supervisor sees them) keep a point each."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest

from charts import workforce_readings as read
from charts.crowd import MANY, TOP
from charts.palette import ALERT, PRIMARY
from charts.worker_load import contact_load_chart, incidents_chart
from charts.workforce import caseload_chart, proqol_chart, supervision_chart
from queries.workforce import contact_load
from tests.charts.conftest import START
from tests.conftest import AS_OF

THRESHOLD, TARGET = 25.0, 60


@pytest.fixture(scope="module")
def caseload(large_workforce) -> pl.DataFrame:
    return large_workforce.caseload.filter(pl.col("role") == "peer_specialist")


@pytest.fixture(scope="module")
def checkins(large_workforce) -> pl.DataFrame:
    return large_workforce.checkins.filter(pl.col("checkin_on") >= START)


def named(fig) -> list:
    """The bar traces: the workers a chart names."""
    return [t for t in fig.data if t.type == "bar"]


def latest(checkins: pl.DataFrame, column: str) -> pl.DataFrame:
    """Each worker's latest check-in with the column, computed apart from the chart's code."""
    return (checkins.filter(pl.col(column).is_not_null())
            .sort("checkin_on").group_by("worker_id").last())


def test_the_database_is_large_enough_to_crowd_the_charts(caseload, checkins):
    assert caseload["worker_id"].n_unique() > MANY
    assert checkins["worker_id"].n_unique() > MANY


def test_caseload_of_hundreds_is_a_spread_and_the_fifteen_highest_named(caseload):
    fig = caseload_chart(caseload, THRESHOLD)
    assert len(fig.data) == 4  # the band's two edges, the median, the named bars
    assert len(fig.to_json()) < 60_000  # not one point per worker per month
    bars = named(fig)[0]
    today = caseload.filter(pl.col("day") == AS_OF)
    highest = today.sort("per_fte", descending=True)["per_fte"].head(TOP).to_list()
    assert sorted(bars.x, reverse=True) == highest
    assert list(bars.x) == sorted(bars.x), "the highest at the top of the bars"
    over = [x > THRESHOLD for x in bars.x]
    assert list(bars.marker.color) == [ALERT if o else PRIMARY for o in over]
    ids = set(today.filter(pl.col("per_fte") >= min(highest))["worker_id"])
    assert {c[0] for c in bars.customdata} <= ids, "a click narrows to the worker in the bar"
    median = next(t for t in fig.data if t.mode == "lines+markers")
    months = caseload["month"].n_unique()
    assert len(median.x) == months
    assert f"(n = {today.height:,} workers' figures)" in median.text[-1]
    text = read.caseload(caseload, THRESHOLD, AS_OF)
    assert text.endswith(f"The chart names the {TOP} with the highest caseload per FTE of "
                         f"{today.height:,}, beside the median and middle half by month.")
    assert f"of {caseload['worker_id'].n_unique():,} peer specialists" in fig.layout.title.text


def test_proqol_of_hundreds_names_the_worst_latest_score_on_each_scale(checkins):
    fig = proqol_chart(checkins)
    assert len(fig.data) == 12  # three panels: band edges, median, bars
    bars = named(fig)
    assert [len(b.x) for b in bars] == [TOP] * 3
    burnout, _, compassion = bars
    assert sorted(burnout.x, reverse=True) == latest(checkins, "proqol_bo").sort(
        "proqol_bo", descending=True)["proqol_bo"].head(TOP).to_list()
    assert sorted(compassion.x) == latest(checkins, "proqol_cs").sort(
        "proqol_cs")["proqol_cs"].head(TOP).to_list()
    titles = [a.text for a in fig.layout.annotations]
    edge = burnout.x[0]  # the least of the named
    tied = latest(checkins, "proqol_bo").filter(pl.col("proqol_bo") == edge).height
    shown = sum(1 for x in burnout.x if x == edge)
    if tied > shown == TOP:
        assert f"{TOP} of the {tied:,} at {edge:g} (the highest)" in titles[1]
    elif tied > shown:
        assert f"({tied - shown:,} more also at {edge:g})" in titles[1]
    workers = checkins["worker_id"].n_unique()
    assert read.proqol(checkins, date(2026, 11, 20)).endswith(
        f"The chart names the {TOP} workers with the worst latest score on each scale of "
        f"{workers:,}, beside the median and middle half by month.")


def test_supervision_of_hundreds_names_those_who_got_the_least(large_workforce):
    monthly = large_workforce.supervision
    fig = supervision_chart(monthly, TARGET)
    assert len(fig.data) == 4
    bars = named(fig)[0]
    lowest = (monthly.sort("month").group_by("worker_id").last()  # each worker's latest month
              .sort("minutes"))
    assert sorted(bars.x) == lowest["minutes"].head(TOP).to_list()
    assert all(c == ALERT for c, x in zip(bars.marker.color, bars.x, strict=True) if x < TARGET)
    assert bars.texttemplate, "each bar says its figure, so a bar at 0 is still read"
    assert f"of {lowest.height:,}, beside" in read.supervision(monthly, TARGET)


def test_contact_load_of_hundreds_is_how_many_made_how_many(large_workforce):
    load = contact_load(large_workforce.contacts)
    fig = contact_load_chart(load)
    histogram, bars = fig.data
    assert histogram.type == "histogram" and len(histogram.x) == load.height
    assert list(bars.y)[-1].startswith(load.sort("contacts_per_week", descending=True)
                                       ["display_name"][0])
    assert len(bars.x) == TOP
    assert f"who made the most contacts a week of {load.height:,}" in read.contact_load(load)


def test_incidents_reading_says_how_many_workers_the_bars_leave_out(large_workforce):
    incidents = large_workforce.incidents
    workers = incidents["worker_id"].n_unique()
    assert workers > TOP
    assert len(incidents_chart(incidents).data[0].y) == TOP
    assert read.incidents(incidents).endswith(
        f"The chart names the {TOP} with the most of these {workers:,} workers.")


def test_one_programs_workers_keep_a_point_each(large_workforce, caseload, checkins):
    program = large_workforce.roster.group_by("program_id").len().sort(
        "len", "program_id", descending=[True, False])["program_id"][0]
    ids = large_workforce.roster.filter(pl.col("program_id") == program)["worker_id"]
    mine = caseload.filter(pl.col("worker_id").is_in(ids.implode()))
    assert 1 < mine["worker_id"].n_unique() <= MANY
    fig = caseload_chart(mine, THRESHOLD)
    points = sum(len(t.x) for t in fig.data if t.mode == "markers")
    assert points == mine.height and not named(fig)
    assert "The chart names" not in read.caseload(mine, THRESHOLD, AS_OF)
    theirs = checkins.filter(pl.col("worker_id").is_in(ids.implode()))
    assert sum(len(t.x) for t in proqol_chart(theirs).data if t.mode == "markers") == sum(
        theirs[c].is_not_null().sum() for c in ("proqol_bo", "proqol_sts", "proqol_cs"))


def test_the_bars_carry_the_worker_to_narrow_to_in_the_sent_figure(caseload):
    spec = json.loads(caseload_chart(caseload, THRESHOLD).to_json())
    bar = next(t for t in spec["data"] if t["type"] == "bar")
    worker, name = bar["customdata"][-1]
    assert bar["y"][-1] == f"{name} ({worker})"

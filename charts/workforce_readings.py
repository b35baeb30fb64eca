"""The one sentence under each Workforce chart, computed from the data it shows; workers'
names are escaped (metrics.text.as_markdown), so the sentence is markdown shown as it reads."""

from __future__ import annotations

from datetime import date

import polars as pl

from charts.common import number
from charts.crowd import TOP, count, crowded, latest
from metrics.formats import day
from metrics.instruments import PROQOL_HIGH, PROQOL_LOW
from metrics.text import as_markdown


def turnover_rate(months: pl.DataFrame) -> tuple[int, float, float | None]:
    """Leavers in the range, the average headcount (mean of the month-end headcounts) and
    their ratio (None without anyone on staff)."""
    leavers = int(months["leavers"].sum())
    average = number(months["headcount"].mean() or 0)
    return leavers, average, (leavers / average if average else None)


def _named(what: str, of: int, beside: str = "the median and middle half by month") -> str:
    """What a crowded chart draws, said under it: the few it names, of how many, and beside
    what."""
    return f" The chart names the {TOP} {what} of {of:,}, beside {beside}."


def caseload(frame: pl.DataFrame, threshold: float, end: date) -> str:
    today = frame.filter(pl.col("day") == end)
    if today.height == 0:
        return f"No peer specialist was on staff on {day(end)}."
    if today.height == 1:  # one worker: said of them, not "1 of 1"
        w = today.row(0, named=True)
        side = "over" if w["per_fte"] > threshold else "within"
        name = as_markdown(w["display_name"])  # a name from the data, as text
        return (f"{name}'s caseload on {day(end)} was {w['caseload']:,} on "
                f"{w['fte']:g} FTE: {w['per_fte']:.1f} per FTE, {side} the {threshold:g} "
                "threshold.")
    over = today.filter(pl.col("per_fte") > threshold).height
    noun = "peer specialists were"
    text = (f"{over:,} of {today.height:,} {noun} over {threshold:g} per FTE on "
            f"{day(end)}; the median was {number(today['per_fte'].median()):.1f} per FTE.")
    if crowded(frame):
        text += _named("with the highest caseload per FTE", today.height)
    return text


def contact_load(load: pl.DataFrame) -> str:
    if load.height == 1:
        row = load.row(0, named=True)
        return (f"{as_markdown(row['display_name'])} made {row['contacts_per_week']:.1f} contacts "
                f"({row['hours_per_week']:.1f} hours) a week over {row['weeks']} weeks.")
    top = load.sort("contacts_per_week", descending=True).row(0, named=True)
    text = (f"The {load.height:,} workers who made contacts made a median "
            f"{number(load['contacts_per_week'].median()):.1f} contacts "
            f"({number(load['hours_per_week'].median()):.1f} hours) a week; the most, "
            f"{as_markdown(top['display_name'])}, made {top['contacts_per_week']:.1f}.")
    if crowded(load):
        text += _named("who made the most contacts a week", load.height,
                       "how many workers made how many")
    return text


def proqol(checkins: pl.DataFrame, on: date) -> str:
    """W3 over the workers on staff on the day (`checkins` holds only theirs)."""
    counts = {column: latest(checkins, "checkin_on", column) for column in
              ("proqol_bo", "proqol_sts", "proqol_cs")}
    workers = checkins["worker_id"].n_unique()
    if workers == 1:
        return _one_proqol(checkins)
    high_bo = counts["proqol_bo"].filter(pl.col("proqol_bo") >= PROQOL_HIGH).height
    high_sts = counts["proqol_sts"].filter(pl.col("proqol_sts") >= PROQOL_HIGH).height
    low_cs = counts["proqol_cs"].filter(pl.col("proqol_cs") <= PROQOL_LOW).height
    text = (f"Of the {count(workers, 'worker')} on staff on {day(on)} with a check-in, at their "
            f"latest one {high_bo:,} scored high burnout, {high_sts:,} high secondary traumatic "
            f"stress and {low_cs:,} low compassion satisfaction.")
    if crowded(checkins):
        text += _named("workers with the worst latest score on each scale", workers)
    return text


def _band(score: int | None, high: bool) -> str:
    if score is None:
        return "not recorded"
    worrying = score >= PROQOL_HIGH if high else score <= PROQOL_LOW
    return f"{score} ({'high' if high else 'low'})" if worrying else f"{score}"


def _one_proqol(checkins: pl.DataFrame) -> str:
    """W3 said of one worker: their latest scores and the bands they fall in."""
    last = checkins.sort("checkin_on").row(-1, named=True)
    name = as_markdown(last["display_name"])
    return (f"At {name}'s latest check-in, on {day(last['checkin_on'])}: "
            f"burnout {_band(last['proqol_bo'], True)}, secondary traumatic stress "
            f"{_band(last['proqol_sts'], True)}, compassion satisfaction "
            f"{_band(last['proqol_cs'], False)}.")


def supervision(monthly: pl.DataFrame, target: float) -> str:
    """W4 said: each worker's latest month in the range against the target."""
    last = latest(monthly, "month", "minutes")
    if last.height == 0:
        return "No supervision was logged or reported in this range."
    group = monthly["group_minutes"].fill_null(0).sum()
    apart = (f" Group sessions ({group:,} minutes in the range) are shown apart and not "
             "counted toward the target." if group else "")
    if last.height == 1:
        w = last.row(0, named=True)
        side = "below" if w["minutes"] < target else "at or above"
        return (f"In their latest month in the range, {w['month']:%B %Y}, "
                f"{as_markdown(w['display_name'])} received {w['minutes']:,} minutes of "
                f"individual supervision, {side} the target of {target:g}." + apart)
    below = last.filter(pl.col("minutes") < target).height
    text = (f"In their latest month in the range, {below:,} of "
            f"{count(last.height, 'worker')} received less than {target:g} minutes of "
            "individual supervision." + apart)
    if crowded(last):
        text += _named("who received the least", last.height)
    return text


def incidents(frame: pl.DataFrame) -> str:
    reported = frame.filter(pl.col("critical_incidents") > 0)
    overdoses = frame.filter(pl.col("overdoses") > 0)
    if frame["worker_id"].n_unique() == 1:
        name = as_markdown(frame["display_name"][0])
        return (f"{name} had {reported['critical_incidents'].sum():,} "
                f"critical incident(s), and {overdoses['overdoses'].sum():,} "
                "overdose(s) happened on their caseload.")
    text = (f"{reported['critical_incidents'].sum():,} critical incidents were logged or "
            f"reported for {count(reported['worker_id'].n_unique(), 'worker')}, and "
            f"{overdoses['overdoses'].sum():,} overdoses happened on the caseloads of "
            f"{count(overdoses['worker_id'].n_unique(), 'worker')}.")
    if crowded(frame):  # the title says "up to 15"; with hundreds, say of how many
        text += (f" The chart names the {TOP} with the most of these "
                 f"{frame['worker_id'].n_unique():,} workers.")
    return text


def turnover(months: pl.DataFrame, start: date, end: date) -> str:
    leavers, average, rate = turnover_rate(months)
    if rate is None:
        return f"Nobody was on staff between {day(start)} and {day(end)}."
    return (f"{leavers:,} workers left between {day(start)} and {day(end)}, over an average "
            f"headcount of {average:,.1f}: turnover {rate:.1%}.")


def weekly_contacts(weekly: pl.DataFrame) -> str:
    weeks = weekly.group_by("week").agg(pl.col("contacts").sum())
    return (f"{weeks['contacts'].sum():,} contacts over {weeks.height} whole weeks; "
            f"{number(weeks['contacts'].median()):.0f} in the median week.")

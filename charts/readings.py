"""One sentence per chart saying what it shows now, from the same frame the chart draws: markdown,
with every name from the data escaped (metrics.text.as_markdown)."""

from __future__ import annotations

from datetime import date

import polars as pl

from charts.common import number, quarter_label, words
from metrics.formats import day
from metrics.text import as_markdown

NOTHING = "Nothing to read here for these filters."


def _month(day: date) -> str:
    return f"{day:%B %Y}"


def _last_final(frame: pl.DataFrame, when: str) -> dict | None:
    rows = frame.filter(pl.col("final") & pl.col("value").is_not_null()) \
        if "final" in frame.columns else frame.filter(pl.col("value").is_not_null())
    return rows.sort(when).row(-1, named=True) if rows.height else None


def activity(frame: pl.DataFrame) -> str:
    if frame.is_empty() or frame["active_in_month"].sum() == 0:
        return NOTHING
    last = frame.row(-1, named=True)
    busiest = frame.sort("active_at_end").row(-1, named=True)
    whole = frame.filter(pl.col("complete") & pl.col("contacts_per_active").is_not_null())
    per = ""
    if whole.height:
        month = whole.row(-1, named=True)
        per = (f"; in {_month(month['month'])}, the last whole month, there were "
               f"{month['contacts_per_active']:.1f} contacts per active participant")
    noun = "enrollment was" if last["active_at_end"] == 1 else "enrollments were"
    return (f"{last['active_at_end']:,} {noun} active on {day(last['month_end'])} "
            f"(the most at a month's end: {busiest['active_at_end']:,}, "
            f"{_month(busiest['month'])}){per}.")


def first_contact(frame: pl.DataFrame) -> str:
    rows = frame.filter(pl.col("median_days").is_not_null())
    if rows.is_empty():
        return NOTHING
    waiting = int(rows["without_contact"].sum())
    return (f"Half of the {int(rows['enrollments'].sum()):,} people enrolled in this range had "
            f"their first contact within {number(rows['median_days'].median()):g} days (the median "
            f"month); {waiting:,} have had no contact yet.")


def latest(frame: pl.DataFrame, when: str, noun: str, min_n: int) -> str:
    """The latest final period's rate, or how few it rests on when fewer than `min_n`:
    '64% of those enrolled in October 2026' / 'only 3 enrollments in ...: too few for a
    percentage'. Provisional periods are never headlined."""
    last = _last_final(frame, when)
    if last is None:
        return ""
    if last["denominator"] < min_n:
        return (f"only {last['denominator']:,} {noun} in {_month(last[when])}, too few for a "
                f"percentage (fewer than {min_n})")
    return f"{_month(last[when])}, {last['value']:.0%} of {last['denominator']:,} {noun}"


def early_engagement(frame: pl.DataFrame, min_n: int = 1) -> str:
    """E4 over the range, and its latest final cohort month (never an unfinished one)."""
    total = frame.select(pl.col("numerator").sum(), pl.col("denominator").sum()).row(0)
    if not total[1]:
        return "No enrollment in this range has had its first 30 days yet."
    month = latest(frame, "cohort_month", "enrollments", min_n)
    return (f"{total[0] / total[1]:.0%} of the {total[1]:,} people whose first 30 days are over "
            f"had 2 or more contacts in them" + (f"; latest final month: {month}." if month
                                                 else "; no enrollment month is final yet."))


def by_group(frame: pl.DataFrame, label: str, noun: str) -> str:
    """The best and the lowest group of a rate, e.g. per worker or per program."""
    rows = frame.filter(pl.col("value").is_not_null()).sort("value")
    if rows.is_empty():
        return NOTHING
    low, high = rows.row(0, named=True), rows.row(-1, named=True)
    low_name, high_name = as_markdown(low[label]), as_markdown(high[label])  # names as text
    if rows.height == 1:
        return f"{high_name}: {high['value']:.0%} of {high['denominator']:,} {noun}."
    return (f"Highest: {high_name} at {high['value']:.0%} ({high['denominator']:,} {noun}); "
            f"lowest: {low_name} at {low['value']:.0%} ({low['denominator']:,}). Bars "
            "with wide whiskers rest on few people.")


def intakes(frame: pl.DataFrame) -> str:
    """Intakes in the latest final quarter, and over the range."""
    whole = frame.filter("final")
    total = int(frame["intakes"].sum()) if frame.height else 0
    if not whole.height:
        return f"{total:,} intakes in the range; no quarter of it is whole and over yet."
    last = whole.row(-1, named=True)
    return (f"{last['intakes']:,} intakes in {quarter_label(last['cohort_quarter'])}, the "
            f"latest whole quarter; {total:,} in the range.")


def retention(frame: pl.DataFrame) -> str:
    at = frame.filter(pl.col("day") == 90).sort("cohort_quarter")
    if "final" in at.columns:  # a quarter not everyone of which has reached day 90: not said
        at = at.filter("final")
    if at.is_empty():
        return "No quarter in this range has all reached day 90 yet."
    last = at.row(-1, named=True)
    quarter = quarter_label(last["cohort_quarter"])
    return (f"Of people enrolled in {quarter} who have reached day 90, {last['value']:.0%} "
            f"({last['numerator']:,} of {last['denominator']:,}) were still engaged then.")


def engagement_length(frame: pl.DataFrame) -> str:
    days = frame["engagement_days"]
    if days.drop_nulls().is_empty():
        return NOTHING
    return (f"Discharged participants stayed engaged {number(days.mean()):.0f} days on average "
            f"(median {number(days.median()):.0f}; RCO benchmark 131) across {days.count():,} "
            f"discharges; {days.null_count():,} had no contact at all.")


def reasons(frame: pl.DataFrame) -> str:
    if frame.is_empty():
        return NOTHING
    completed = frame.filter(pl.col("discharge_reason") == "completed")
    share = completed["value"][0] if completed.height else 0.0
    top = frame.row(0, named=True)
    return (f"{share:.0%} of {top['denominator']:,} discharges were completions (TEDS-D 2023: "
            f"42.6%); the most common reason was {words(top['discharge_reason']).lower()}.")


def contact_mix(frame: pl.DataFrame) -> str:
    if frame.is_empty():
        return NOTHING
    by_type = frame.group_by("contact_type").agg(pl.col("contacts").sum()).sort("contacts")
    by_mode = frame.group_by("mode").agg(pl.col("contacts").sum()).sort("contacts")
    total = int(frame["contacts"].sum())
    top_type, top_mode = by_type.row(-1), by_mode.row(-1)
    return (f"{total:,} contacts, {frame['hours'].sum():,.0f} hours. The most common type was "
            f"{words(top_type[0]).lower()} ({top_type[1] / total:.0%}), the most common mode "
            f"{words(top_mode[0]).lower()} ({top_mode[1] / total:.0%}).")


def followup(frame: pl.DataFrame, targets: dict[str, float], min_n: int = 1) -> str:
    """A1: each window's latest month whose windows have all closed, against its target
    (no percentage on fewer than `min_n` discharges)."""
    parts = []
    for (window,), group in frame.group_by("window", maintain_order=True):
        last = _last_final(group, "month")
        if last is None:
            continue
        if last["denominator"] < min_n:
            parts.append(f"{window.lower()}: {latest(group, 'month', 'discharges', min_n)}")
            continue
        target = targets.get(window)
        side = "" if target is None else \
            f"{'at or above' if last['value'] >= target else 'below'} the {target:.0%} target; "
        parts.append(f"{last['value']:.0%} {window.lower()} of discharge in "
                     f"{_month(last['month'])} ({side}{last['numerator']:,} of "
                     f"{last['denominator']:,})")
    if not parts:
        return "No discharge month in this range has its follow-up windows closed yet."
    return "Latest final months: " + "; ".join(parts) + "."


def referral(frame: pl.DataFrame) -> str:
    """A3: attendance of peer-referred appointments against the rest."""
    totals = frame.group_by("referral").agg(pl.col("numerator").sum(),
                                            pl.col("denominator").sum())
    rates = {r: (n / d if d else None, d) for r, n, d in totals.rows()}
    peer, other = rates.get("Peer-referred"), rates.get("Not peer-referred")
    if not peer or not other or peer[0] is None or other[0] is None:
        return NOTHING
    return (f"Peer-referred appointments were kept {peer[0]:.0%} of the time "
            f"({peer[1]:,} appointments), others {other[0]:.0%} ({other[1]:,}).")


def awaiting(frame: pl.DataFrame, end: date) -> str:
    if frame.is_empty():
        return (f"Everyone discharged in the 30 days up to {day(end)} has attended a "
                "follow-up appointment.")
    past_7 = frame.filter(pl.col("days_since_discharge") > 7).height
    booked = frame["next_scheduled_on"].count()
    return (f"{frame.height:,} people discharged in the 30 days up to {day(end)} have not "
            f"attended a follow-up yet; {past_7:,} are past the 7-day mark, and {booked:,} "
            "have an appointment booked.")

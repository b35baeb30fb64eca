"""One sentence per Outcomes chart saying what it shows now, with its n and which records the
date range selects, from the same frame the chart draws."""

from __future__ import annotations

from datetime import date

import polars as pl

from charts.common import number
from charts.readings import NOTHING
from charts.survival import MIN_AT_RISK
from metrics.formats import Period, day, rate_with_interval, span
from metrics.instruments import ANNUAL, ANNUAL_HALF_WINDOW, FOLLOWUP_RULE
from metrics.intervals import wilson


def rate_text(x: int, n: int) -> str:
    """'62% (80 of 128; 95% CI 54-70%)', the interval always beside the rate."""
    low, high = wilson(x, n) or (0.0, 0.0)
    return rate_with_interval(x / n, x, n, low, high, digits=0)


def _sum(frame: pl.DataFrame) -> tuple[int, int]:
    """A rate frame's numerators and denominators, each added up."""
    return int(frame["numerator"].sum()), int(frame["denominator"].sum())


def _range(scope: Period) -> str:
    return span(scope.start, scope.end)


def followup(frame: pl.DataFrame, scope: Period, target: float | None,
             rule: str = FOLLOWUP_RULE) -> str:
    x, n = _sum(frame)
    if not n:
        return "No intake's follow-up window closed in this range."
    side = "" if target is None else \
        f", {'at or above' if x / n >= target else 'below'} the {target:.0%} target"
    return (f"Of the intakes whose follow-up window closed from {_range(scope)}, "
            f"{rate_text(x, n)} had their follow-up interview in it{side} ({rule}). Months "
            "are the month the window closed.")


def interviews_due(frame: pl.DataFrame, on: date) -> str:
    if frame.is_empty():
        return f"No one's follow-up window is open on {day(on)} or opens in the next 30 days."
    closing = frame.filter(pl.col("days_left") <= 30).height
    opening = frame.filter(pl.col("window_opens") > on).height
    annual = frame.filter(pl.col("assessment").str.starts_with(ANNUAL)).height
    of_which = (f" ({annual:,} of them SUPRT's annual assessment, due {ANNUAL_HALF_WINDOW} days "
                "either side of each anniversary of the baseline)") if annual else ""
    return (f"{frame.height:,} people still need their follow-up interview{of_which}: windows "
            f"open on {day(on)} or opening within 30 days ({opening:,} not open yet); "
            f"{closing:,} close within 30 days. Soonest-closing first; the deceased and the "
            "closed out are left out.")


def abstinence(frame: pl.DataFrame, scope: Period) -> str:
    x, n = _sum(frame)
    if not n:
        return "No in-window 6-month interview in this range reports days of use."
    return (f"Of the in-window 6-month interviews held from {_range(scope)}, {rate_text(x, n)} "
            "reported no use in the past 30 days (RCSP reports: 60-86%). Months are the "
            "month of the interview.")


def recurrence(frame: pl.DataFrame, scope: Period, last_day: date) -> str:
    x, n = _sum(frame)
    if not n:
        return (f"No one enrolled from {_range(scope)} has had 180 days of follow-up by "
                f"{day(last_day)} yet.")
    return (f"Of the people enrolled from {_range(scope)} with 180 days of follow-up by "
            f"{day(last_day)}, {rate_text(x, n)} had a recurrence within 180 days "
            "(NIDA: 40-60% within a year). Months are the month of enrollment.")


def dose_response(frame: pl.DataFrame) -> str:
    rows = frame.filter(pl.col("denominator") > 0)
    if rows.height < 2:
        return NOTHING
    low, high = rows.row(0, named=True), rows.row(-1, named=True)
    return (f"Recurrence within 180 days: {rate_text(low['numerator'], low['denominator'])} "
            f"with {low['tier']} contacts in the first 90 days, against "
            f"{rate_text(high['numerator'], high['denominator'])} with {high['tier']}. Tiers "
            "count contacts over 90 days, and people who return to use may drop out of contact, "
            "so part of the gap may run the other way (immortal-time bias): an association, "
            "not proof that contacts prevent recurrence.")


def _at(curves: pl.DataFrame, group: str, day: int) -> dict | None:
    rows = curves.filter(pl.col("group") == group, pl.col("time") <= day)
    return rows.row(-1, named=True) if rows.height else None


def survival(curves: pl.DataFrame, at_risk: pl.DataFrame, groups: list[str]) -> str:
    everyone = groups[0]
    n = at_risk.filter(pl.col("group") == everyone, pl.col("at") == 0)["at_risk"]
    point = _at(curves, everyone, 90)
    if point is None or n.is_empty():
        return NOTHING
    tiers = []
    for group in (groups[1], groups[-1]):
        row = _at(curves, group, 180)
        if row is not None:
            tiers.append(f"{row['survival']:.0%} with {group}")
    return (f"Of {n[0]:,} people enrolled in the range, {point['survival']:.0%} "
            f"(95% CI {point['low']:.0%}–{point['high']:.0%}) were free of recurrence at day 90. "
            f"Of those still followed and recurrence-free on day 30, recurrence-free at day 180: "
            f"{' against '.join(tiers)} in their first 30 days. Tier curves start on day 30 (a "
            "landmark) so that no one's tier depends on time they had to stay well to earn it. "
            f"Bands: 95% log-log intervals (Greenwood); curves stop where fewer than "
            f"{MIN_AT_RISK} remain at risk.")


def acute_care(frame: pl.DataFrame) -> str:
    whole = frame.filter(pl.col("whole") & (pl.col("active") > 0))
    if whole.is_empty():
        return "No whole quarter in this range: the bars cover parts of quarters."
    q = whole.row(-1, named=True)
    readmitted = (f"{rate_text(q['readmissions'], q['admissions'])} of admissions were "
                  "readmissions within 30 days" if q["admissions"] else "no admissions")
    return (f"In {q['label']}, the last whole quarter, per 100 of the {q['active']:,} people "
            f"enrolled: {q['ed_visits_per_100']:.1f} ED visits, "
            f"{q['hospital_admissions_per_100']:.1f} hospital and "
            f"{q['detox_admissions_per_100']:.1f} detox admissions, while enrolled; "
            f"{readmitted}.")


def readmissions(frame: pl.DataFrame) -> str:
    x, n = _sum(frame)
    if not n:
        return "No hospital or detox admission while enrolled in this range."
    return (f"Over the range, {rate_text(x, n)} of hospital and detox admissions came within "
            "30 days of the same enrollment's previous admission.")


def overdoses(frame: pl.DataFrame, scope: Period) -> str:
    total, deaths = int(frame["overdoses"].sum()), int(frame["overdose_deaths"].sum())
    return (f"From {_range(scope)}: {total:,} overdoses survived and {deaths:,} overdose deaths "
            "among these enrollments, including after discharge when the program learned of "
            "them.")


def recovery_capital(frame: pl.DataFrame, social: pl.DataFrame) -> str:
    n = int(frame["pairs"].sum()) if frame.height else 0
    if not n:
        return "No one in this range has a BARC-10 total at both intake and 6 months."
    intake = number((frame["intake_mean"] * frame["pairs"]).sum()) / n
    six = number((frame["six_month_mean"] * frame["pairs"]).sum()) / n
    cut = social.filter(pl.col("measure").str.starts_with("BARC-10")).sort("wave", descending=True)
    shares = " to ".join(f"{r:.0%}" for r in cut["value"].drop_nulls())
    return (f"For {n:,} people with a BARC-10 total at intake and at 6 months (interviews in "
            f"the range), the mean went from {intake:.1f} to {six:.1f} ({six - intake:+.1f} "
            f"points); the share at or above 47 (remission) went from {shares}. Bars: normal "
            "95% intervals of the mean change.")


def social(frame: pl.DataFrame) -> str:
    rows = frame.filter(pl.col("denominator") > 0, ~pl.col("measure").str.starts_with("BARC"))
    if rows.is_empty():
        return NOTHING
    parts = []
    for (measure,), part in rows.group_by("measure", maintain_order=True):
        before, after = part.sort("wave", descending=True)["value"].to_list()
        parts.append(f"{measure.lower()} {before:.0%} to {after:.0%} "
                     f"(n = {part['denominator'][0]:,})")
    return ("Of the people answering at intake and at 6 months (interviews in the range): "
            + "; ".join(parts) + ".")

"""The Outcomes page's sections: follow-up interviews (R1), which the page opens on; then use
and recurrence (R2-R4, R7), acute care and overdoses (R5, R9), recovery capital and social
outcomes (R6, R8), each opened on demand (LATER). Every figure is built once (ui/figures.py)."""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from charts import outcome_readings as read
from charts.outcomes import (
    acute_care_chart,
    capital_chart,
    intake_vs_six_months,
    overdose_chart,
    rate_chart,
)
from charts.survival import survival_chart
from metrics.instruments import followup_rule
from queries.notes import ScopeNotes
from queries.outcomes import ALL_ENROLLMENTS, EARLY_TIERS, LANDMARK, OutcomeFigures
from queries.scope import Scope
from settings import Settings
from ui.figures import Kept
from ui.panels import chart_panel, controlled_rate

PAGE = "outcomes"
# The sections below the headline: the key of each (its link: ?open_<key>=true) and its title.
LATER = {"use_and_recurrence": "Use and recurrence",
         "acute_care": "Acute care and overdoses",
         "recovery_capital": "Recovery capital and social outcomes"}


def _month_label(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(label=pl.col("month").dt.strftime("%B %Y"))


def _monthly_rate(kept: Kept, key: str, frame: pl.DataFrame, marks: ScopeNotes, min_n: int,
                  title: str, noun: str, x_title: str, reading: str, metrics: list[str],
                  target_key: str | None = None) -> None:
    controlled_rate(PAGE, key, frame, marks, min_n, lambda control, target: kept(
        key, lambda: rate_chart(frame, x="month", title=title, noun=noun, x_title=x_title,
                                label="label", final="final", target=target, control=control,
                                notes=marks.shown, several=marks.several)),
        x="month", reading=reading, metrics=metrics, target_key=target_key)


def followup(kept: Kept, figures: OutcomeFigures, scope: Scope, marks: ScopeNotes,
             settings: Settings) -> None:
    """R1 by the month each follow-up window closed, against its target."""
    st.header("Follow-up interviews")
    frame = _month_label(figures.followup).with_columns(final=pl.col("whole"))
    target, _ = marks.target("followup_rate")
    rule = followup_rule(settings.suprt_window_opens, settings.suprt_window_closes)
    _monthly_rate(kept, "gpra_followup", frame, marks, settings.headline_min_n,
                  "Follow-up rate (GPRA and SUPRT), by month the window closed", "intakes due",
                  "Month the follow-up window closed",
                  read.followup(frame, scope, target, rule), ["R1"], "followup_rate")


def use_and_recurrence(kept: Kept, figures: OutcomeFigures, scope: Scope, marks: ScopeNotes,
                       min_n: int, last_day: date) -> None:
    """Abstinence and recurrence by month, recurrence by early contacts, time to recurrence."""
    left, right = st.columns(2)
    with left:
        abstinence = _month_label(figures.abstinence)
        _monthly_rate(kept, "abstinence", abstinence, marks, min_n, "Abstinent at 6 months",
                      "in-window interviews", "Month of the 6-month interview",
                      read.abstinence(abstinence, scope), ["R2"])
    with right:
        recurrence = _month_label(figures.recurrence_by_month)
        _monthly_rate(kept, "recurrence_180", recurrence, marks, min_n,
                      "Recurrence within 180 days of enrolling",
                      "enrollments with 180 days of follow-up", "Month of enrollment",
                      read.recurrence(recurrence, scope, last_day), ["R3"])
    tiers = figures.recurrence_by_tier
    chart_panel(PAGE, "dose_response", kept("dose_response", lambda: rate_chart(
        tiers, x="tier", title="Recurrence within 180 days, by contacts in the first 90 days",
        noun="enrollments", x_title="Contacts in the first 90 days", narrows=False)),
        tiers, metrics=["R7", "R3"], reading=read.dose_response(tiers))
    groups = [ALL_ENROLLMENTS, *(label for label, _ in EARLY_TIERS)]
    curves, at_risk = figures.km_curves, figures.km_at_risk
    chart_panel(PAGE, "time_to_recurrence", kept("time_to_recurrence", lambda: survival_chart(
        curves, at_risk,
        "Time to first recurrence (Kaplan-Meier), by contacts in the first 30 days",
        origins={label: LANDMARK for label, _ in EARLY_TIERS})), curves, metrics=["R4"],
        reading=read.survival(curves, at_risk, groups))


def acute_care(kept: Kept, figures: OutcomeFigures, scope: Scope) -> None:
    """Acute care and readmissions by quarter, then overdoses."""
    acute, readmissions = figures.acute, figures.readmissions
    left, right = st.columns(2)
    with left:
        chart_panel(PAGE, "acute_care", kept("acute_care", lambda: acute_care_chart(acute)),
                    acute, metrics=["R5"],
                    reading=read.acute_care(acute), narrows="quarter")
    with right:
        chart_panel(PAGE, "readmissions", kept("readmissions", lambda: rate_chart(
            readmissions, x="label", title="Readmissions within 30 days, % of admissions",
            noun="hospital and detox admissions", x_title="Quarter", focus="quarter",
            final="whole")), readmissions, metrics=["R5"],
            reading=read.readmissions(readmissions), narrows="quarter")
    chart_panel(PAGE, "overdoses", kept("overdoses", lambda: overdose_chart(acute)), acute.select(
        "quarter", "quarter_first", "quarter_last", "overdoses", "overdose_deaths"),
        metrics=["R9"], reading=read.overdoses(acute, scope), narrows="quarter")


def recovery_capital(kept: Kept, figures: OutcomeFigures, marks: ScopeNotes) -> None:
    capital, social = figures.capital, figures.social
    left, right = st.columns(2)
    with left:
        chart_panel(PAGE, "recovery_capital", kept("recovery_capital", lambda: capital_chart(
                    capital, marks.shown, marks.several)), capital,
                    metrics=["R6"], reading=read.recovery_capital(capital, social),
                    narrows="month")
    with right:
        chart_panel(PAGE, "social_outcomes",
                    kept("social_outcomes", lambda: intake_vs_six_months(social)), social,
                    metrics=["R8", "R6"], reading=read.social(social))

"""Outcomes: is anyone better off? Follow-up interviews, use and recurrence, acute care and
overdoses, recovery capital and social outcomes (R1-R9), for supervisors and analysts."""

import polars as pl
import streamlit as st

from charts import outcome_readings as read
from charts.common import PROVISIONAL_NOTE
from charts.outcomes import (
    acute_care_chart,
    capital_chart,
    intake_vs_six_months,
    overdose_chart,
    rate_chart,
)
from charts.survival import survival_chart
from metrics.formats import day
from metrics.instruments import followup_rule
from metrics.text import as_markdown
from queries.outcomes import ALL_ENROLLMENTS, EARLY_TIERS, LANDMARK
from ui.call_lists import interview_calls
from ui.context import page_context
from ui.panels import chart_panel, controlled_rate, focus_bar

PAGE = "outcomes"

ctx = page_context(PAGE, by_worker=True)  # the role check, first thing
scope, as_of = ctx.scope, min(ctx.scope.end, ctx.last_day)
figures = ctx.data.outcomes(scope)
names = ctx.data.programs()
chosen = (f"All {names.height} programs" if scope.every_program
          else ", ".join(map(as_markdown, scope.only(names)["program_name"])))

st.title("Outcomes")
st.caption(f"{chosen} · {day(scope.start)} to {day(scope.end)} · data through "
           f"{day(ctx.last_day)}" + (f" · {len(scope.workers)} worker(s)"
                                            if scope.workers else ""))
focus_bar(PAGE)

if (figures.followup["denominator"].sum() == 0 and figures.abstinence.is_empty()
        and figures.km_curves.is_empty() and figures.acute["active"].sum() == 0
        and figures.due.is_empty()):
    st.info("No intakes, interviews, enrollments or events match these filters. Widen the "
            "date range, or choose other programs or workers in the sidebar.")
    st.stop()


def month_label(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(label=pl.col("month").dt.strftime("%B %Y"))


marks = ctx.data.marks(scope)
min_n = ctx.settings.headline_min_n


def monthly_rate(key: str, frame: pl.DataFrame, title: str, noun: str, x_title: str,
                 reading: str, metrics: list[str], target_key: str | None = None) -> None:
    controlled_rate(PAGE, key, frame, marks, min_n, lambda control, target: rate_chart(
        frame, x="month", title=title, noun=noun, x_title=x_title, label="label", final="final",
        target=target, control=control, notes=marks.shown, several=marks.several),
        x="month", reading=reading, metrics=metrics, target_key=target_key)


st.caption(PROVISIONAL_NOTE)
st.header("Follow-up interviews")
followup = month_label(figures.followup).with_columns(final=pl.col("whole"))
target, _ = marks.target("followup_rate")
monthly_rate("gpra_followup", followup,
             "Follow-up rate (GPRA and SUPRT), by month the window closed", "intakes due",
             "Month the follow-up window closed", read.followup(
                 followup, scope, target, followup_rule(
                     ctx.settings.suprt_window_opens, ctx.settings.suprt_window_closes)),
             ["R1"], "followup_rate")

st.subheader("Who to interview this month")
interview_calls(ctx)

st.header("Use and recurrence")
left, right = st.columns(2)
with left:
    abstinence = month_label(figures.abstinence)
    monthly_rate("abstinence", abstinence, "Abstinent at 6 months", "in-window interviews",
                 "Month of the 6-month interview", read.abstinence(abstinence, scope), ["R2"])
with right:
    recurrence = month_label(figures.recurrence_by_month)
    monthly_rate("recurrence_180", recurrence, "Recurrence within 180 days of enrolling",
                 "enrollments with 180 days of follow-up", "Month of enrollment",
                 read.recurrence(recurrence, scope, ctx.last_day), ["R3"])

tiers = figures.recurrence_by_tier
chart_panel(PAGE, "dose_response", rate_chart(
    tiers, x="tier", title="Recurrence within 180 days, by contacts in the first 90 days",
    noun="enrollments", x_title="Contacts in the first 90 days", narrows=False),
    tiers, metrics=["R7", "R3"], reading=read.dose_response(tiers))

groups = [ALL_ENROLLMENTS, *(label for label, _ in EARLY_TIERS)]
curves, at_risk = figures.km_curves, figures.km_at_risk
chart_panel(PAGE, "time_to_recurrence", survival_chart(
    curves, at_risk, "Time to first recurrence (Kaplan-Meier), by contacts in the first 30 days",
    origins={label: LANDMARK for label, _ in EARLY_TIERS}), curves, metrics=["R4"],
    reading=read.survival(curves, at_risk, groups))

st.header("Acute care and overdoses")
acute, readmissions = figures.acute, figures.readmissions
left, right = st.columns(2)
with left:
    chart_panel(PAGE, "acute_care", acute_care_chart(acute), acute, metrics=["R5"],
                reading=read.acute_care(acute), narrows="quarter")
with right:
    chart_panel(PAGE, "readmissions", rate_chart(
        readmissions, x="label", title="Readmissions within 30 days, % of admissions",
        noun="hospital and detox admissions", x_title="Quarter", focus="quarter",
        final="whole"), readmissions, metrics=["R5"],
        reading=read.readmissions(readmissions), narrows="quarter")
chart_panel(PAGE, "overdoses", overdose_chart(acute), acute.select(
    "quarter", "quarter_first", "quarter_last", "overdoses", "overdose_deaths"),
    metrics=["R9"], reading=read.overdoses(acute, scope), narrows="quarter")

st.header("Recovery capital and social outcomes")
capital, social = figures.capital, figures.social
left, right = st.columns(2)
with left:
    chart_panel(PAGE, "recovery_capital", capital_chart(capital, marks.shown, marks.several),
                capital, metrics=["R6"], reading=read.recovery_capital(capital, social),
                narrows="month")
with right:
    chart_panel(PAGE, "social_outcomes", intake_vs_six_months(social), social,
                metrics=["R8", "R6"], reading=read.social(social))

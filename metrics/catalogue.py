"""The metric catalogue (docs/METRICS.md), defined once: every figure the dashboard shows is one
of these, and its definition is shown beside the chart that uses it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from metrics.instruments import FOLLOWUP_RULE

Kind = Literal["count", "proportion", "ratio", "distribution"]
QUESTIONS = {
    "E": "How much did we do?",
    "A": "How well did we link people to care?",
    "R": "Is anyone better off?",
    "W": "Are our peer workers OK?",
}


@dataclass(frozen=True)
class Metric:
    id: str
    name: str
    definition: str
    numerator: str
    denominator: str
    unit: str
    source: str
    kind: Kind  # how small-cell suppression treats it

    @property
    def question(self) -> str:
        return QUESTIONS[self.id[0]]

    def describe(self) -> str:
        """One paragraph for a tooltip or a definitions panel."""
        parts = [f"{self.id} {self.name}: {self.definition}."]
        if self.denominator:
            parts.append(f"Numerator: {self.numerator}. Denominator: {self.denominator}.")
        parts.append(f"Source: {self.source}.")
        return " ".join(parts)


_M = Metric
_ENR, _CON, _APP = "enrollments", "contacts", "appointments"
_ASM, _EVT, _WB = "assessments", "events", "wellbeing"
METRICS: dict[str, Metric] = {m.id: m for m in (
    _M("E1", "Active enrollments",
       "Enrollments with enrolled_on on or before the day and no discharge on or before it",
       "enrollments active on the day", "", "enrollments", _ENR, "count"),
    _M("E2", "Contacts per active participant",
       "Contacts in the month divided by enrollments active at any time in the month",
       "contacts in the month", "enrollments active at any time in the month",
       "contacts per enrollment", f"{_CON}, {_ENR}", "ratio"),
    _M("E3", "Days to first contact",
       "Median days from enrolled_on to the first contact, per enrollment cohort month",
       "", "", "days", f"{_ENR}, {_CON}", "distribution"),
    _M("E4", "Early engagement",
       "Share of enrollments with at least 2 contacts on days 0-29 (enrolled_on is day 0), over "
       "enrollments whose 30 days have ended (after NCQA IET's initiation and engagement)",
       "enrollments with 2+ contacts in their first 30 days", "enrollments in the cohort",
       "%", f"{_ENR}, {_CON}", "proportion"),
    _M("E5", "Retention at 30/90/180 days",
       "Share of an enrollment cohort still engaged at day N: not discharged before day N and a "
       "contact in the 30 days before day N",
       "enrollments engaged at day N", "enrollments in the cohort that have reached day N",
       "%", f"{_ENR}, {_CON}", "proportion"),
    _M("E6", "Engagement length",
       "Days from enrolled_on to the last contact, over discharges with at least one contact; "
       "discharges with none are counted apart (RCO benchmark: mean 131 days, Ashford et al.)",
       "", "", "days", f"{_ENR}, {_CON}", "distribution"),
    _M("E7", "Discharge reasons",
       "Share of discharges by reason; completion rate = completed / all discharges "
       "(TEDS-D 2023: 42.6%)",
       "discharges with the reason", "all discharges", "%", _ENR, "proportion"),
    _M("E8", "Contact mix", "Contacts and minutes by contact type and mode",
       "contacts (or minutes) of the type and mode", "all contacts (or minutes)", "%", _CON,
       "proportion"),
    _M("A1", "Follow-up within 7 / 30 days of discharge",
       "Share of discharges (reason not deceased or incarcerated) with an attended appointment "
       "0-7 / 0-30 days after discharged_on, the discharge day included (after HEDIS FUI, "
       "which counts only a visit on a later date than the discharge; VA residential "
       "programs: 59% / 80%)",
       "discharges with an attended appointment in the window",
       "discharges, not deceased or incarcerated", "%", f"{_ENR}, {_APP}", "proportion"),
    _M("A2", "Appointment attendance",
       "Attended / (attended + missed), by service; cancelled and future appointments excluded",
       "attended appointments", "attended and missed appointments", "%", _APP, "proportion"),
    _M("A3", "Peer-referred attendance", "Appointment attendance (A2) split by peer_referred",
       "attended appointments", "attended and missed appointments", "%", _APP, "proportion"),
    _M("R1", "Follow-up rate",
       "Reassessments done inside the instrument's window, over baselines whose window has "
       "closed (SAMHSA target: at least 80%). " + FOLLOWUP_RULE[0].upper() + FOLLOWUP_RULE[1:],
       "in-window reassessments", "baselines whose window has closed", "%", _ASM,
       "proportion"),
    _M("R2", "Abstinence at 6 months",
       "Share of in-window 6-month interviews reporting 0 days of use in the past 30 days",
       "in-window 6-month interviews with days_used_30 = 0",
       "in-window 6-month interviews that report days_used_30", "%", _ASM, "proportion"),
    _M("R3", "Recurrence within 180 days",
       "Share of enrollments with at least 6 months of follow-up that have a recurrence event "
       "on days 0-179 after enrolled_on",
       "enrollments with a recurrence in 180 days", "enrollments with 180 days of follow-up",
       "%", f"{_ENR}, {_EVT}", "proportion"),
    _M("R4", "Time to first recurrence",
       "Kaplan-Meier curve from enrolled_on, censored at discharge or the data's last date; by "
       "engagement tier", "", "", "share without recurrence", f"{_ENR}, {_EVT}", "distribution"),
    _M("R5", "Acute care",
       "ED visits, hospital and detox admissions while enrolled (event_on from enrolled_on to "
       "discharged_on) per 100 active participants per quarter; readmission = an admission "
       "1-30 days after the previous admission of the same enrollment",
       "acute-care events in the quarter", "active participants in the quarter / 100",
       "per 100 participants", f"{_ENR}, {_EVT}", "ratio"),
    _M("R6", "Recovery capital",
       "Change in barc10_total from intake to 6 months (paired); share at or above 47 "
       "(BARC-10 remission cut-off, Vilsaint et al. 2017)",
       "interviews with BARC-10 of 47 or more", "interviews with a BARC-10 total", "points / %",
       _ASM, "proportion"),
    _M("R7", "Dose-response",
       "Recurrence within 180 days (R3) by tier of contacts in the first 90 days "
       "(0-2, 3-5, 6-11, 12+)", "enrollments in the tier with a recurrence in 180 days",
       "enrollments in the tier with 180 days of follow-up", "%", f"{_ENR}, {_CON}, {_EVT}",
       "proportion"),
    _M("R8", "Social outcomes",
       "Share stably housed, employed or in school, and with any arrest: intake against 6 months",
       "interviews answering yes", "interviews answering the question", "%", _ASM, "proportion"),
    _M("R9", "Overdoses",
       "Overdose and overdose_death events per quarter (to funders, 1-10 is shown as suppressed, "
       "never as zero)", "overdose events", "", "events", _EVT, "count"),
    _M("W1", "Caseload",
       "Active enrollments whose worker_id is the worker, on a day; per FTE = caseload / fte. "
       "Alert above a configurable threshold (no national standard exists; default 25 per FTE)",
       "active enrollments of the worker", "the worker's FTE", "enrollments per FTE",
       f"{_ENR}, workers", "count"),
    _M("W2", "Contact load", "Contacts and contact hours per worker per week",
       "contacts (hours) by the worker in the week", "", "contacts per week", _CON, "count"),
    _M("W3", "ProQOL bands",
       "Over workers on staff on the day (as W6), from each one's latest check-in: burnout and "
       "secondary traumatic stress high at 42 or more; "
       "compassion satisfaction low at 22 or less; moderate 23-41 (ProQOL 5 manual, raw sums)",
       "workers in the band", "workers with a check-in", "workers", _WB, "proportion"),
    _M("W4", "Supervision",
       "Supervision minutes per month against a configurable target (default 60)",
       "supervision minutes reported", "months since the previous check-in", "minutes per month",
       _WB, "ratio"),
    _M("W5", "Critical incidents",
       "Critical incidents per worker per quarter, and overdose/overdose_death events on the "
       "worker's caseload", "critical incidents", "", "incidents", f"{_WB}, {_EVT}", "count"),
    _M("W6", "Needs attention",
       "Workers with any of: high burnout or STS, burnout rising 5+ points over the last two "
       "check-ins, caseload per FTE over threshold, supervision below target two months running, "
       "a critical incident in the last 30 days, no check-in for 60 days; each flag says which "
       "rule fired", "", "", "workers", f"{_WB}, {_ENR}", "count"),
    _M("W7", "Turnover", "Workers with left_on in the period / average headcount",
       "workers who left in the period", "average headcount in the period", "%", "workers",
       "proportion"),
)}

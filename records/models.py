"""The eleven record types of export format v1 (docs/DATA_CONTRACT.md), defined once.

The DuckDB schema, the upload checks, the templates and the sample-data generator all
derive from these classes. Optional columns are the ones typed `X | None`.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from records.rules import (
    FutureOnlyWhen,
    Key,
    MinYearsAgo,
    NotBefore,
    NotBeforeParent,
    NotInFuture,
    Ref,
    RequiredWith,
    Rule,
)


class WorkerRole(StrEnum):
    peer_specialist = "peer_specialist"
    peer_supervisor = "peer_supervisor"


class Gender(StrEnum):
    female = "female"
    male = "male"
    nonbinary = "nonbinary"
    unknown = "unknown"


class Substance(StrEnum):
    alcohol = "alcohol"
    opioids = "opioids"
    stimulants = "stimulants"
    cannabis = "cannabis"
    sedatives = "sedatives"
    other = "other"
    unknown = "unknown"


class Pathway(StrEnum):
    check_in = "check_in"
    comprehensive = "comprehensive"


class ReferralSource(StrEnum):
    self = "self"
    treatment_provider = "treatment_provider"
    hospital_ed = "hospital_ed"
    criminal_justice = "criminal_justice"
    community = "community"
    other = "other"


class DischargeReason(StrEnum):
    completed = "completed"
    dropped_out = "dropped_out"
    transferred = "transferred"
    incarcerated = "incarcerated"
    deceased = "deceased"
    moved = "moved"
    other = "other"


class ContactType(StrEnum):
    engagement_session = "engagement_session"
    check_in = "check_in"
    group = "group"
    care_coordination = "care_coordination"
    outreach = "outreach"


class ContactMode(StrEnum):
    in_person = "in_person"
    phone = "phone"
    video = "video"
    text = "text"


class Service(StrEnum):
    sud_treatment = "sud_treatment"
    medical = "medical"
    mental_health = "mental_health"


class AppointmentStatus(StrEnum):
    attended = "attended"
    missed = "missed"
    cancelled = "cancelled"
    scheduled = "scheduled"


class Wave(StrEnum):
    intake = "intake"
    month_3 = "3_month"
    month_6 = "6_month"
    month_12 = "12_month"
    discharge = "discharge"


class Instrument(StrEnum):
    """The interview's instrument: GPRA, or SAMHSA's SUPRT (staff-completed A, client C)."""

    gpra = "gpra"
    suprt_a = "suprt_a"
    suprt_c = "suprt_c"


# R1's reassessment window per instrument, in days after the baseline (intake) interview:
# GPRA's 6-month rule; SUPRT's window around its 180-day due date (150-210 until checked
# against SAMHSA's SUPRT-A guide: the settings' defaults, which may change SUPRT's). The
# database holds them (reassessment_windows), for the summary tables.
REASSESSMENT_WINDOWS: dict[Instrument, tuple[int, int]] = {
    Instrument.gpra: (150, 240),
    Instrument.suprt_a: (150, 210),
    Instrument.suprt_c: (150, 210),
}


class EventType(StrEnum):
    recurrence = "recurrence"
    overdose = "overdose"
    overdose_death = "overdose_death"
    ed_visit = "ed_visit"
    hospital_admission = "hospital_admission"
    detox_admission = "detox_admission"
    arrest = "arrest"


# Ids and names are bounded: a 10,000-character id is a broken export, not a record.
MAX_ID_LENGTH = 100
MAX_TEXT_LENGTH = 500  # any other text cell
Id = Annotated[str, Field(min_length=1, max_length=MAX_ID_LENGTH)]
ProQOL = Annotated[int | None, Field(ge=10, le=50)]


class Record(BaseModel):
    """A row of one record type; subclasses name their table and cross-field rules."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    table: ClassVar[str]
    rules: ClassVar[tuple[Rule, ...]] = ()

    @model_validator(mode="after")
    def _check_rules(self) -> Record:
        row = self.__dict__
        problems = [p for rule in self.rules if (p := rule.violated(row))]
        if problems:
            raise ValueError("; ".join(problems))
        return self


class Program(Record):
    table: ClassVar[str] = "programs"
    program_id: Annotated[Id, Key(), Field(pattern=r"^[A-Za-z0-9_-]{1,40}$")]
    program_name: Id
    region: str | None = None
    funder: str | None = None


class Worker(Record):
    table: ClassVar[str] = "workers"
    rules: ClassVar[tuple[Rule, ...]] = (NotBefore("left_on", "hired_on"),)
    worker_id: Annotated[Id, Key()]
    program_id: Annotated[Id, Ref("programs")]
    display_name: Id
    role: WorkerRole
    supervisor_id: Annotated[str | None, Ref("workers")] = None
    fte: float = Field(gt=0, le=1)
    hired_on: date
    left_on: date | None = None


class Participant(Record):
    table: ClassVar[str] = "participants"
    rules: ClassVar[tuple[Rule, ...]] = (MinYearsAgo("birth_year", 12),)
    participant_id: Annotated[Id, Key()]
    birth_year: Annotated[int | None, Field(ge=1900)] = None
    gender: Gender | None = None
    primary_substance: Substance | None = None


class Enrollment(Record):
    table: ClassVar[str] = "enrollments"
    rules: ClassVar[tuple[Rule, ...]] = (
        NotInFuture("enrolled_on"),
        NotBefore("discharged_on", "enrolled_on"),
        RequiredWith("discharge_reason", "discharged_on"),
    )
    enrollment_id: Annotated[Id, Key()]
    participant_id: Annotated[Id, Ref("participants")]
    program_id: Annotated[Id, Ref("programs")]
    worker_id: Annotated[Id, Ref("workers")]
    pathway: Pathway
    referral_source: ReferralSource | None = None
    enrolled_on: date
    discharged_on: date | None = None
    discharge_reason: DischargeReason | None = None


class Contact(Record):
    table: ClassVar[str] = "contacts"
    rules: ClassVar[tuple[Rule, ...]] = (
        NotBeforeParent("contact_on", "enrollments", "enrolled_on"),
        NotInFuture("contact_on"),
    )
    contact_id: Annotated[Id, Key()]
    enrollment_id: Annotated[Id, Ref("enrollments")]
    worker_id: Annotated[Id, Ref("workers")]
    contact_on: date
    contact_type: ContactType
    mode: ContactMode
    minutes: int = Field(ge=0, le=480)


class Appointment(Record):
    table: ClassVar[str] = "appointments"
    rules: ClassVar[tuple[Rule, ...]] = (FutureOnlyWhen("status", "scheduled", "scheduled_on"),)
    appointment_id: Annotated[Id, Key()]
    enrollment_id: Annotated[Id, Ref("enrollments")]
    service: Service
    scheduled_on: date
    status: AppointmentStatus
    peer_referred: bool | None = None


class Assessment(Record):
    table: ClassVar[str] = "assessments"
    rules: ClassVar[tuple[Rule, ...]] = (
        NotBeforeParent("assessed_on", "enrollments", "enrolled_on"),
    )
    assessment_id: Annotated[Id, Key()]
    enrollment_id: Annotated[Id, Ref("enrollments")]
    assessed_on: date
    wave: Wave
    instrument: Instrument = Instrument.gpra  # "gpra when missing or empty": old files load
    days_used_30: Annotated[int | None, Field(ge=0, le=30)] = None
    barc10_total: Annotated[int | None, Field(ge=10, le=60)] = None
    stable_housing: bool | None = None
    employed_or_in_school: bool | None = None
    arrests_30: Annotated[int | None, Field(ge=0)] = None


class Event(Record):
    table: ClassVar[str] = "events"
    event_id: Annotated[Id, Key()]
    enrollment_id: Annotated[Id, Ref("enrollments")]
    event_on: date
    event_type: EventType


class Wellbeing(Record):
    table: ClassVar[str] = "wellbeing"
    checkin_id: Annotated[Id, Key()]
    worker_id: Annotated[Id, Ref("workers")]
    checkin_on: date
    proqol_cs: ProQOL = None
    proqol_bo: ProQOL = None
    proqol_sts: ProQOL = None
    hours_per_week: Annotated[float | None, Field(ge=0, le=100)] = None
    supervision_minutes: Annotated[int | None, Field(ge=0)] = None
    critical_incidents: Annotated[int | None, Field(ge=0)] = None


class SupervisionKind(StrEnum):
    individual = "individual"
    group = "group"


class IncidentKind(StrEnum):
    overdose = "overdose"
    death = "death"
    violence = "violence"
    other = "other"


class Supervision(Record):
    """A supervision session a worker received (W4 counts the individual ones)."""

    table: ClassVar[str] = "supervision"
    rules: ClassVar[tuple[Rule, ...]] = (NotInFuture("held_on"),)
    supervision_id: Annotated[Id, Key()]
    worker_id: Annotated[Id, Ref("workers")]
    supervisor_id: Annotated[str | None, Ref("workers")] = None
    held_on: date
    minutes: int = Field(ge=1, le=480)
    kind: SupervisionKind


class Incident(Record):
    """A critical incident on a worker's caseload (W5)."""

    table: ClassVar[str] = "incidents"
    rules: ClassVar[tuple[Rule, ...]] = (NotInFuture("occurred_on"),)
    incident_id: Annotated[Id, Key()]
    worker_id: Annotated[Id, Ref("workers")]
    occurred_on: date
    kind: IncidentKind
    debriefed: bool | None = None


# In load order: every record type comes after the types it refers to.
RECORD_TYPES: dict[str, type[Record]] = {
    m.table: m
    for m in (
        Program, Worker, Participant, Enrollment, Contact, Appointment, Assessment, Event,
        Wellbeing, Supervision, Incident,
    )
}

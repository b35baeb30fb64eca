"""The mapping step's first guesses (ingest/suggest.py) on the foreign-shaped exports of
test_mapping.py: what an analyst would check first. Each guess matches the hand-written
mapping in tests/ingest/mappings/ where the file's cells can tell, and is no guess where they
cannot (a label like no code, a participant the database does not hold)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from ingest.mapping import EnrollmentOf, FromHeader, Lookup, MadeKey, label_key, parse_mapping
from ingest.suggest import Known, headed, suggest_mapping, suggest_tables, suggest_ways
from ingest.suggest_labels import LabelCount, suggest_labels
from ingest.text import read_delimited
from records.columns import columns
from records.models import RECORD_TYPES
from sample_data.__main__ import main as sample_data
from tests.ingest.test_mapping import REDCAP_EXPORT, SERVICE_HEADER, SERVICE_LOG_MAPPING

# base_db's program and workers (tests/ingest/conftest.py), as PageData would hand them over
KNOWN = Known(program_names=("Harbor Recovery",), worker_names=("Ana R.", "Ben T."),
              participant_ids=frozenset({"0042"}), enrollment_ids=frozenset({"E1"}))
SERVICE_LOG = SERVICE_HEADER + (
    "0042,1/13/2026,Ben T.,Peer Session,In Person,45,Harbor Recovery\n"
    "0042,2/3/2026, ben t. ,check-in  call,Phone,15,Harbor Recovery\n"
    "0042,2/10/2026,Ana R.,Group,In Person,90,Harbor Recovery\n"
    "0042,2/11/2026,Ana R.,Home Visit,Phone,30,Harbor Recovery\n"
    "0042,2/12/2026,Ben T.,home  visit,Phone,30,Harbor Recovery\n")


def _frame(text: str) -> pl.DataFrame:
    return headed(read_delimited(text.encode())[0])


def _column(table: str, name: str):
    return next(c for c in columns(RECORD_TYPES[table]) if c.name == name)


def test_a_service_log_is_suggested_as_contacts_column_by_column():
    log = _frame(SERVICE_LOG)
    assert suggest_tables(log, KNOWN) == ("contacts",)
    assert suggest_ways(log, "contacts", KNOWN) == {
        # no contact id in the file: a key made of what tells one service from another
        "contact_id": MadeKey(("Client ID", "Date of Service", "Staff Name", "Service Type")),
        "enrollment_id": EnrollmentOf("Client ID", "Date of Service"),  # no enrollment id
        "worker_id": Lookup("Staff Name", "display_name"),  # its cells are workers' names
        "contact_on": FromHeader("Date of Service"),  # its cells are dates
        "contact_type": FromHeader("Service Type"),  # its labels are like the codes
        "mode": FromHeader("Contact Method"),  # a name like the alias contact_mode
        "minutes": FromHeader("Duration (min)"),  # a name like the alias duration
    }


def test_each_label_gets_its_count_and_a_code_only_when_one_is_close():
    log = _frame(SERVICE_LOG)
    assert suggest_labels(log, "Service Type", _column("contacts", "contact_type")) == [
        LabelCount("Home Visit", 2, None),  # like no code: the analyst must say
        LabelCount("check-in  call", 1, "check_in"),
        LabelCount("Group", 1, "group"),
        LabelCount("Peer Session", 1, "engagement_session")]
    assert [(x.label, x.code) for x in suggest_labels(log, "Contact Method",
                                                       _column("contacts", "mode"))] == [
        ("Phone", "phone"), ("In Person", "in_person")]


def test_the_suggested_mapping_is_the_hand_written_one_but_the_label_it_cannot_know():
    suggested = suggest_mapping("Harbor case management", _frame(SERVICE_LOG), KNOWN)
    written = parse_mapping(SERVICE_LOG_MAPPING)
    assert suggested.dates == written.dates == "mdy"  # 2/10 and 2/11: month first
    assert suggested.records[0].ways == written.records[0].ways
    # the codes the contract would not read itself: Group and Phone need none
    assert suggested.records[0].labels == (("contact_type", (
        ("check-in  call", "check_in"), ("Peer Session", "engagement_session"))),)
    assert set(written.recognise) <= set(suggested.recognise)


def test_a_redcap_export_of_stored_people_gives_their_episodes():
    export = _frame(REDCAP_EXPORT)
    known = Known(KNOWN.program_names, KNOWN.worker_names, frozenset({"101", "102"}))
    # the people are stored: not participants again, whose birth year it would empty
    assert suggest_tables(export, known) == ("enrollments",)
    ways = suggest_ways(export, "enrollments", known)
    assert ways["participant_id"] == FromHeader("record_id")  # its cells are stored ids
    assert ways["program_id"] == Lookup("Program Name", "program_name")  # `harbor  recovery`
    assert ways["worker_id"] == Lookup("Staff Name", "display_name")
    assert ways["enrolled_on"] == FromHeader("Admission Date")  # the date left over
    assert ways["discharged_on"] == FromHeader("Discharge Date")  # named like discharged_date
    assert ways["discharge_reason"] == FromHeader("Discharge Status")  # labels like codes
    # an episode is told by whose it is and its start: its worker may change
    assert ways["enrollment_id"] == MadeKey(("record_id", "Admission Date"))
    assert ways["pathway"] is None  # nothing in the file says it: the analyst must
    assert [(x.label, x.code) for x in suggest_labels(
        export, "Discharge Status", _column("enrollments", "discharge_reason"))] == [
        ("Completed Program", "completed"), ("left against  advice", None)]


def test_people_and_episodes_come_from_the_rows_that_open_one():
    """A REDCap export's events: the intake rows give enrollments, not the 6-month rows."""
    known = Known(KNOWN.program_names, KNOWN.worker_names, frozenset({"101", "102"}))
    (enrollments,) = suggest_mapping("Harbor REDCap", _frame(REDCAP_EXPORT), known).records
    assert enrollments.rows == ("redcap_event_name", ("intake_arm_1",))
    assert suggest_mapping("Harbor", _frame(SERVICE_LOG), KNOWN).records[0].rows is None


def test_an_intake_export_of_new_people_gives_them_and_their_episodes():
    intakes = _frame("Client ID,Intake Date,Program Name,Staff Name\n"
                     "7001,9/14/2026,Harbor Recovery,Ana R.\n"
                     "7002,9/15/2026,Harbor Recovery,Ben T.\n")
    assert suggest_tables(intakes, KNOWN) == ("participants", "enrollments")
    ways = suggest_ways(intakes, "enrollments", KNOWN)
    assert ways["participant_id"] == FromHeader("Client ID")  # the alias client_id
    assert ways["enrolled_on"] == FromHeader("Intake Date")
    assert ways["enrollment_id"] == MadeKey(("Client ID", "Intake Date"))


def test_people_the_database_does_not_hold_are_not_guessed_from_their_ids():
    export = _frame(REDCAP_EXPORT)
    assert suggest_tables(export, KNOWN) == ("enrollments",)
    assert suggest_ways(export, "enrollments", KNOWN)["participant_id"] is None


@pytest.mark.parametrize(("headers", "table"), [
    ("contact_id,enrollment_id,worker_id,contact_on,contact_type,mode,minutes", "contacts"),
    ("Client,Birth Year,Gender", "participants"),
    ("Worker,Check-in Date,ProQOL CS,Hours per week", "wellbeing"),
])
def test_a_file_is_suggested_the_record_type_its_headers_name(headers, table):
    assert suggest_tables(_frame(headers + "\n"), KNOWN)[-1] == table


def test_a_file_like_no_record_type_gets_no_suggestion():
    assert suggest_tables(_frame("Colour,Flavour\nred,sweet\n"), KNOWN) == ()


@pytest.fixture(scope="module")
def foreign_exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Known, Path]:
    """The sample's foreign-shaped exports (sample_data/foreign.py), and what it stores."""
    folder = tmp_path_factory.mktemp("foreign")
    db, exports = folder / "sample.duckdb", folder / "exports"
    assert sample_data(["--out", str(db), "--enrollments", "300",
                        "--foreign-exports", str(exports)]) == 0
    with duckdb.connect(str(db), read_only=True) as con:
        def column(sql: str) -> list[str]:
            return [row[0] for row in con.sql(sql).fetchall()]

        known = Known(tuple(column("select program_name from programs")),
                      tuple(column("select display_name from workers")),
                      frozenset(column("select participant_id from participants")),
                      frozenset(column("select enrollment_id from enrollments")))
    return known, exports


@pytest.mark.parametrize(("export", "written", "not_suggested"), [
    ("service_log.csv", "case_management.toml", set()),
    ("redcap_enrollments.csv", "redcap_enrollments.toml", {"pathway"}),  # in no column
])
def test_the_samples_foreign_exports_are_suggested_their_packaged_mappings(
        foreign_exports, export, written, not_suggested):
    known, folder = foreign_exports
    suggested = suggest_mapping("x", _frame((folder / export).read_text()), known)
    mapping = parse_mapping((folder / written).read_text())
    assert [r.table for r in suggested.records] == [r.table for r in mapping.records]
    assert suggested.dates == mapping.dates
    ours, theirs = dict(suggested.records[0].ways), dict(mapping.records[0].ways)
    assert {c for c in theirs if ours.get(c) != theirs[c]} == not_suggested
    # every label the suggestion codes is coded as the packaged mapping codes it
    for column, pairs in suggested.records[0].labels:
        assert {label_key(k): v for k, v in pairs}.items() <= \
            mapping.records[0].codes(column).items()

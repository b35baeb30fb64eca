"""REDCap exports (docs/MAPPING_REDCAP.md): with the project's data dictionary given among the
files, a raw export (codes, variable names, checkbox columns of 0/1) loads through the same
mapping into exactly the rows its label export (labels, field labels) gives; a code the
dictionary lacks is one problem naming the value and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from ingest.__main__ import main
from ingest.mapping import MappingError, load_mapping, parse_mapping
from ingest.read import read_upload
from sample_data.foreign import EXPORTED_HEADER
from store.database import Database
from tests.ingest.test_mapping import _rows

MAPPING = Path(__file__).parent / "mappings" / "redcap_events.toml"

DICTIONARY = EXPORTED_HEADER + '''\
record_id,intake,,text,"Record ID",,,,,,,,,,,,,
admission_date,intake,,text,"Admission Date",,,date_mdy,,,,,,,,,,
program,intake,,dropdown,"Program Name","1, Harbor Recovery | 2, Bay Peers",,,,,,,,,,,,
staff,intake,,dropdown,"Staff Name","1, Ana R. | 2, Ben T.",,,,,,,,,,,,
referral,intake,,checkbox,"Referred By","1, Self | 2, Hospital ED | 3, Court",,,,,,,,,,,,
discharge_date,discharge,,text,"Discharge Date",,,date_mdy,,,,,,,,,,
discharge_status,discharge,,radio,"Discharge Status","1, Completed Program | 2, Left \
Against Advice",,,,,,,,,,,,
followup_date,followup,,text,"Interview Date",,,date_mdy,,,,,,,,,,
days_used,followup,,text,"Days Used (past 30)",,,integer,0,30,,,,,,,,
housed,followup,,yesno,"Stably Housed",,,,,,,,,,,,,
'''

RAW = """\
record_id,redcap_event_name,admission_date,program,staff,referral___1,referral___2,\
referral___3,discharge_date,discharge_status,followup_date,days_used,housed
101,intake_arm_1,1/2/2026,1,2,1,0,0,7/20/2026,1,,,
101,6_month_arm_1,,,,0,0,0,,,7/1/2026,3,1
102,intake_arm_1,4/15/2026,1,1,0,1,0,,,,,
103,intake_arm_1,5/1/2026,1,2,0,0,0,7/20/2026,2,,,
"""

LABELS = """\
Record ID,Event Name,Admission Date,Program Name,Staff Name,Referred By (choice=Self),\
Referred By (choice=Hospital ED),Referred By (choice=Court),Discharge Date,Discharge Status,\
Interview Date,Days Used (past 30),Stably Housed
101,Intake,1/2/2026,Harbor Recovery,Ben T.,Checked,Unchecked,Unchecked,7/20/2026,\
Completed Program,,,
101,6 Month Follow-up,,,,Unchecked,Unchecked,Unchecked,,,7/1/2026,3,Yes
102,Intake,4/15/2026,Harbor Recovery,Ana R.,Unchecked,Checked,Unchecked,,,,,
103,Intake,5/1/2026,Harbor Recovery,Ben T.,Unchecked,Unchecked,Unchecked,7/20/2026,\
Left Against Advice,,,
"""

TABLES = {
    "participants": "select * from participants order by participant_id",
    "enrollments": "select * from enrollments order by enrollment_id",
    "assessments": "select * from assessments order by assessment_id",
}


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def two_dbs(base_db: Database, tmp_path: Path) -> tuple[Path, Path]:
    """base_db's file, closed, and a copy of it: one for each export."""
    base_db.con.close()
    other = tmp_path / "other.duckdb"
    shutil.copy(base_db.path, other)
    return base_db.path, other


def test_a_raw_export_with_its_dictionary_loads_the_rows_of_the_label_export(two_dbs, tmp_path,
                                                                           capsys):
    labelled_db, raw_db = two_dbs
    labels = _write(tmp_path, "labels.csv", LABELS)
    raw = _write(tmp_path, "raw.csv", RAW)
    book = _write(tmp_path, "HarborProject_DataDictionary.csv", DICTIONARY)
    # the dictionary beside either: the label export's `Event Name` and `Referred By
    # (choice=Self)` headers are REDCap's, which a dictionary tells apart
    assert main([str(labels), str(book), "--db", str(labelled_db), "--mapping",
                 str(MAPPING)]) == 0
    capsys.readouterr()
    assert main([str(raw), str(book), "--db", str(raw_db), "--mapping", str(MAPPING)]) == 0
    out = capsys.readouterr().out
    assert "Read as a REDCap data dictionary (10 fields, 5 with choices)" in out
    for table, sql in TABLES.items():
        assert _rows(raw_db, sql) == _rows(labelled_db, sql), table
    # the rows a person would check: 1/2/2026 is 2 January; codes became labels, then codes
    assert _rows(raw_db, "select participant_id, worker_id, referral_source, "
                 "cast(enrolled_on as varchar), discharge_reason from enrollments "
                 "where enrollment_id <> 'E1' order by participant_id") == [
        ("101", "W0002", "self", "2026-01-02", "completed"),
        ("102", "W0001", "hospital_ed", "2026-04-15", None),
        ("103", "W0002", None, "2026-05-01", "dropped_out")]
    assert _rows(raw_db, "select e.participant_id, a.wave, a.days_used_30, a.stable_housing "
                 "from assessments a join enrollments e using (enrollment_id)") == [
        ("101", "6_month", 3, True)]
    # the same raw export again: nothing to load
    assert main([str(raw), str(book), "--db", str(raw_db), "--mapping", str(MAPPING)]) == 0
    assert "Nothing to load" in capsys.readouterr().out


def test_a_code_missing_from_the_dictionary_is_one_problem_naming_the_value_and_field(
        two_dbs, tmp_path):
    db, _ = two_dbs
    raw = _write(tmp_path, "raw.csv", RAW.replace("7/20/2026,2,", "7/20/2026,7,"))
    book = _write(tmp_path, "dictionary.csv", DICTIONARY)
    problems = tmp_path / "problems.csv"
    assert main([str(raw), str(book), "--db", str(db), "--mapping", str(MAPPING),
                 "--problems", str(problems)]) == 1
    listed = pl.read_csv(problems, infer_schema=False)
    assert listed.height == 1, listed
    problem = listed["problem"][0]
    assert "The value '7' in discharge_status ('Discharge Status') (1 row)" in problem
    assert "1 = Completed Program, 2 = Left Against Advice" in problem
    assert "Download the data dictionary again" in problem
    assert _rows(db, "select count(*) from enrollments") == [(1,)]  # base_db's E1 alone


def _referrals(export: str) -> list[str | None]:
    reading = read_upload([("export.csv", export.encode()),
                           ("dictionary.csv", DICTIONARY.encode())],
                          mapping=load_mapping(MAPPING))
    assert not reading.errors, reading.errors
    (part,) = [p for p in reading.parts if p.table == "enrollments"]
    return part.frame.get_column("referral_source").to_list()


def test_checkbox_columns_read_as_the_checked_choices_labels():
    """`referral___1`…`___3` (or `Referred By (choice=…)`) are the one column `referral`, also
    named by its label `Referred By`: the checked choices' labels, ` | ` between several."""
    assert _referrals(RAW) == ["self", "hospital_ed", None]
    assert _referrals(LABELS) == ["self", "hospital_ed", None]
    two = RAW.replace("101,intake_arm_1,1/2/2026,1,2,1,0,0", "101,intake_arm_1,1/2/2026,1,2,1,0,1")
    reading = read_upload([("export.csv", two.encode()), ("dictionary.csv", DICTIONARY.encode())],
                          mapping=load_mapping(MAPPING))
    assert any("The label 'Self | Court' in enrollments.referral_source (1 row) has no code"
               in why for _, why in reading.errors), reading.errors
    notes = " ".join(why for _, why in reading.notes)
    assert "referral___" not in notes  # used, through `Referred By`: not listed as ignored
    labelled = read_upload([("export.csv", LABELS.encode()),
                            ("dictionary.csv", DICTIONARY.encode())],
                           mapping=load_mapping(MAPPING))
    assert "(choice=" not in " ".join(why for _, why in labelled.notes)


def test_a_checkbox_choice_the_dictionary_lacks_is_a_problem():
    raw = RAW.replace("referral___3,", "referral___4,")
    reading = read_upload([("export.csv", raw.encode()), ("dictionary.csv", DICTIONARY.encode())],
                          mapping=load_mapping(MAPPING))
    assert [why for _, why in reading.errors] == [
        "The export has a checkbox column for choice '4' of referral, a choice the data "
        "dictionary does not list (1 = Self, 2 = Hospital ED, 3 = Court). Download the data "
        "dictionary again from the REDCap project, or correct the export."]


def test_rows_equals_takes_one_value_or_a_list_and_an_empty_list_is_a_sentence():
    text = MAPPING.read_text(encoding="utf-8")
    records = parse_mapping(text).records
    assert records[0].rows == ("redcap_event_name", ("intake_arm_1", "Intake"))
    one = text.replace('equals = ["intake_arm_1", "Intake"]', 'equals = "intake_arm_1"', 1)
    assert parse_mapping(one).records[0].rows == ("redcap_event_name", ("intake_arm_1",))
    with pytest.raises(MappingError, match="equals is an empty list, so no row would be read"):
        parse_mapping(text.replace('equals = ["intake_arm_1", "Intake"]', "equals = []", 1))


def test_a_dictionary_without_a_mapping_is_named_and_changes_nothing():
    reading = read_upload([("contacts.csv", b"contact_id\n"),
                           ("dictionary.csv", DICTIONARY.encode())])
    assert [p.source for p in reading.parts] == ["contacts.csv"]  # not read as records
    assert ("dictionary.csv", "Read as a REDCap data dictionary (10 fields, 5 with choices), "
            "not as records: it is used only when the files are read through a source "
            "mapping, so it changed nothing.") in reading.notes


def test_two_dictionaries_act_as_one_and_a_field_both_define_keeps_the_firsts_choices():
    other = DICTIONARY.replace('"1, Self | 2, Hospital ED | 3, Court"', '"1, Court | 2, Self"')
    reading = read_upload([("export.csv", RAW.encode()), ("a.csv", DICTIONARY.encode()),
                           ("b.csv", other.encode())], mapping=load_mapping(MAPPING))
    assert not reading.errors, reading.errors
    (part,) = [p for p in reading.parts if p.table == "enrollments"]
    assert part.frame.get_column("referral_source").to_list() == ["self", "hospital_ed", None]


REPEATING = """\
name = "Harbor REDCap contact log"
dates = "month_first"

[[records]]
type = "contacts"
rows = { column = "Repeat Instrument", equals = "peer_contact" }
[records.columns]
contact_id    = { key = ["Record ID", "redcap_repeat_instance"] }
enrollment_id = { enrollment_of = "Record ID", on = "Contact Date" }
worker_id     = { header = "Staff Name", lookup = "display_name" }
contact_on    = "Contact Date"
contact_type  = { value = "check_in" }
mode          = { value = "phone" }
minutes       = "Minutes"
"""
CONTACT_FIELDS = """\
contact_date,peer_contact,,text,"Contact Date",,,date_mdy,,,,,,,,,,
contact_staff,peer_contact,,dropdown,"Staff Name","1, Ana R. | 2, Ben T.",,,,,,,,,,,,
minutes,peer_contact,,text,"Minutes",,,integer,,,,,,,,,,
"""


def test_a_repeating_instruments_rows_are_picked_by_redcap_repeat_instrument(base_db, tmp_path):
    """`Repeat Instrument` names REDCap's own `redcap_repeat_instrument` (no dictionary lists
    it); the staff dropdown's codes read as names, which find the workers."""
    base_db.con.close()
    raw = _write(tmp_path, "raw.csv", "record_id,redcap_repeat_instrument,"
                 "redcap_repeat_instance,contact_date,contact_staff,minutes\n"
                 "0042,,,,,\n"
                 "0042,peer_contact,1,2/3/2026,2,15\n"
                 "0042,peer_contact,2,2/10/2026,1,20\n")
    book = _write(tmp_path, "dictionary.csv", DICTIONARY + CONTACT_FIELDS)
    mapping = _write(tmp_path, "contacts.toml", REPEATING)
    assert main([str(raw), str(book), "--db", str(base_db.path), "--mapping",
                 str(mapping)]) == 0
    assert _rows(base_db.path, "select enrollment_id, worker_id, cast(contact_on as varchar), "
                 "minutes from contacts where contact_id <> 'C1' order by contact_on") == [
        ("E1", "W0002", "2026-02-03", 15), ("E1", "W0001", "2026-02-10", 20)]

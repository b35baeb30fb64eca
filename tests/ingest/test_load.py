"""Dry run, load, re-upload and undo against a small database worked out by hand; every bad
upload leaves every table exactly as it was."""

from __future__ import annotations

import hashlib

import pytest

from ingest.limits import Limits
from ingest.load import LoadRefused, load
from ingest.undo import undo
from tests.conftest import scalar
from tests.ingest.conftest import check, checksums, contacts_csv, upload

NEW_CONTACT = "C2,E1,W0002,2026-01-13,check_in,phone,15"
CHANGED_C1 = "C1,E1,W0002,2026-01-06,engagement_session,in_person,50"  # 45 -> 50 minutes
SAME_C1 = "C1,E1,W0002,2026-01-06,engagement_session,in_person,45"


def test_the_dry_run_counts_new_changed_unchanged_and_rejected(base_db):
    prepared = check(base_db, [("contacts.csv", contacts_csv(
        CHANGED_C1, NEW_CONTACT, "C3,E1,W0002,2026-01-20,group,video,60",
        "C4,E1,W0002,2026-01-20,group,carrier pigeon,60"))])
    assert prepared.summary().rows() == [("contacts", 4, 2, 1, 0, 1)]
    assert prepared.refusal().startswith("1 row has problems, so nothing was loaded. Fix it ")
    assert scalar(base_db.con, "select count(*) from contacts") == 1  # a dry run writes nothing


def test_the_refusal_says_rows_in_the_plural_from_two(base_db):
    prepared = check(base_db, [("contacts.csv", contacts_csv(
        "C3,E1,W0002,2026-01-20,group,carrier pigeon,60",
        "C4,E1,W0002,2026-01-20,group,smoke signal,60"))])
    assert prepared.refusal().startswith("2 rows have problems, so nothing was loaded. Fix them ")


def test_an_export_repeating_a_row_exactly_loads_it_once_and_says_so(base_db):
    prepared = check(base_db, [("contacts.csv", contacts_csv(NEW_CONTACT, SAME_C1,
                                                             NEW_CONTACT))])
    assert prepared.refusal() is None
    assert prepared.summary().rows() == [("contacts", 2, 1, 0, 1, 0)]
    assert ("contacts", "1 row repeats an earlier row exactly (every column the same), so "
            "each is read once; the first is row 4 of contacts.csv.") in prepared.reading.notes
    assert load(base_db, prepared, "analyst") == 1
    assert scalar(base_db.con, "select count(*) from contacts") == 2


def test_a_load_upserts_by_key_and_keeps_the_prior_version(base_db):
    import_id = upload(base_db, [("contacts.csv", contacts_csv(CHANGED_C1, NEW_CONTACT))])
    assert import_id == 1
    con = base_db.con
    assert con.execute("select contact_id, minutes from contacts order by 1").fetchall() == [
        ("C1", 50), ("C2", 15)]
    assert con.execute("select change, contact_id, minutes from contacts_history "
                       "order by 2").fetchall() == [("replaced", "C1", 45),
                                                    ("inserted", "C2", None)]
    assert con.execute("select rows_read, rows_new, rows_changed from import_counts"
                       ).fetchall() == [(2, 1, 1)]


def test_the_original_file_is_archived_with_its_hash_uploader_and_time(base_db):
    data = contacts_csv(NEW_CONTACT)
    upload(base_db, [("contacts.csv", data)])
    name, sha, content, who, when = base_db.con.execute(
        "select f.file_name, f.sha256, f.content, i.uploader, i.loaded_at "
        "from import_files f join imports i using (import_id)").fetchall()[0]
    assert (name, content, who) == ("contacts.csv", data, "test analyst")
    assert sha == hashlib.sha256(data).hexdigest() and when is not None


def test_the_same_file_uploaded_twice_changes_nothing(base_db):
    files = [("contacts.csv", contacts_csv(CHANGED_C1, NEW_CONTACT))]
    assert upload(base_db, files) == 1
    before = checksums(base_db.con)
    assert check(base_db, files).summary().rows() == [("contacts", 2, 0, 0, 2, 0)]
    assert upload(base_db, files) is None
    assert checksums(base_db.con) == before


def test_references_resolve_against_the_rest_of_the_same_upload(base_db):
    enrollment = (b"enrollment_id,participant_id,program_id,worker_id,pathway,enrolled_on\n"
                  b"E2,0042,harbor,W0002,check_in,2026-02-01\n")
    files = [("contacts.csv", contacts_csv("C9,E2,W0002,2026-02-03,check_in,text,5")),
             ("enrollments.csv", enrollment)]
    assert upload(base_db, files) == 1
    assert scalar(base_db.con, "select enrollment_id from contacts where contact_id = 'C9'") \
        == "E2"


def test_a_contact_before_its_enrollment_is_refused(base_db):
    prepared = check(base_db, [("contacts.csv", contacts_csv(
        "C9,E1,W0002,2026-01-04,check_in,text,5"))])
    assert prepared.problems.select("column", "value", "problem").rows() == [
        ("contact_on", "2026-01-04", "before the enrollment's enrolled_on (2026-01-05)")]


def test_undo_restores_exactly_the_state_before_the_import(base_db):
    before = checksums(base_db.con)
    import_id = upload(base_db, [("contacts.csv", contacts_csv(CHANGED_C1, NEW_CONTACT))])
    undo(base_db.con, import_id, "test analyst")
    after = checksums(base_db.con)
    for table in ("programs", "workers", "participants", "enrollments", "contacts"):
        assert after[table] == before[table], table
    assert scalar(base_db.con, "select status from imports") == "undone"
    with pytest.raises(LoadRefused, match="already been undone"):
        undo(base_db.con, import_id, "test analyst")


def test_an_import_is_undone_only_after_later_imports_of_the_same_rows(base_db):
    first = upload(base_db, [("contacts.csv", contacts_csv(CHANGED_C1))])
    second = upload(base_db, [("contacts.csv", contacts_csv(SAME_C1))])
    with pytest.raises(LoadRefused, match=f"Undo import {second} first"):
        undo(base_db.con, first, "test analyst")
    undo(base_db.con, second, "test analyst")
    assert scalar(base_db.con, "select minutes from contacts") == 50
    undo(base_db.con, first, "test analyst")
    assert scalar(base_db.con, "select minutes from contacts") == 45


def test_an_undo_that_would_leave_references_dangling_is_refused(base_db):
    enrollment = (b"enrollment_id,participant_id,program_id,worker_id,pathway,enrolled_on\n"
                  b"E2,0042,harbor,W0002,check_in,2026-02-01\n")
    first = upload(base_db, [("enrollments.csv", enrollment)])
    upload(base_db, [("contacts.csv", contacts_csv("C9,E2,W0002,2026-02-03,check_in,text,5"))])
    before = checksums(base_db.con)
    with pytest.raises(LoadRefused, match="would leave 1 contacts referring to enrollments"):
        undo(base_db.con, first, "test analyst")
    assert checksums(base_db.con) == before


def test_a_file_over_the_size_limit_changes_nothing(base_db):
    before = checksums(base_db.con)
    prepared = check(base_db, [("contacts.csv", contacts_csv(NEW_CONTACT, NEW_CONTACT[:-2]))],
                     limits=Limits(bytes=100))
    assert prepared.refusal() and "is larger than" in prepared.problems["problem"][0]
    with pytest.raises(LoadRefused):
        load(base_db.con, prepared, "x")
    assert checksums(base_db.con) == before


def test_load_and_undo_each_move_the_data_version(base_db):
    version = base_db.data_version()
    import_id = upload(base_db, [("contacts.csv", contacts_csv(NEW_CONTACT))])
    assert base_db.data_version() == version + 1
    undo(base_db.con, import_id, "test analyst")
    assert base_db.data_version() == version + 2


def test_valid_rows_load_and_the_rejected_ones_wait_in_quarantine(base_db):
    import_id = upload(base_db, [("contacts.csv", contacts_csv(
        NEW_CONTACT, "C3,E1,W9999,2026-01-20,group,video,60"))], policy="valid_rows")
    assert scalar(base_db.con, "select count(*) from contacts") == 2
    raw, reasons = base_db.con.execute("select raw_values, problems from quarantine "
                                       "where import_id = $i", {"i": import_id}).fetchall()[0]
    assert '"worker_id":"W9999"' in raw
    assert reasons == "worker_id: no such worker in the database or in this upload"


def test_a_load_refuses_when_the_database_changed_after_the_check(base_db):
    prepared = check(base_db, [("contacts.csv", contacts_csv(NEW_CONTACT))])
    upload(base_db, [("contacts.csv", contacts_csv(CHANGED_C1))])
    before = checksums(base_db.con)
    with pytest.raises(LoadRefused, match="changed after this upload was checked"):
        load(base_db.con, prepared, "x")
    assert checksums(base_db.con) == before


BAD_UPLOADS = {
    "an empty file": [("contacts.csv", b"")],
    "a wrong file type": [("contacts.docx", b"PK\x03\x04word")],
    "binary junk": [("contacts.csv", bytes(range(256)) * 64)],
    "duplicate keys": [("contacts.csv", contacts_csv(
        NEW_CONTACT, NEW_CONTACT.replace("check_in", "group")))],  # one key, two contacts
    "a missing required column": [("contacts.csv", b"contact_id,enrollment_id,worker_id,"
                                   b"contact_on,contact_type,mode\nC2,E1,W0002,2026-01-13,"
                                   b"check_in,phone\n")],
    "a formula": [("programs.csv", b'program_id,program_name\nnew,"=HYPERLINK(""http://evil"",'
                   b'""x"")"\n')],
    "html": [("programs.csv", b"program_id,program_name\nnew,<img src=x onerror=alert(1)>\n")],
    "an impossible date": [("contacts.csv", contacts_csv("C2,E1,W0002,31/02/2024,group,video,"
                                                         "60"))],
    "a worker that exists nowhere": [("contacts.csv", contacts_csv(
        "C2,E1,W0404,2026-01-13,check_in,phone,15"))],
}


@pytest.mark.parametrize("files", BAD_UPLOADS.values(), ids=BAD_UPLOADS.keys())
def test_a_bad_upload_gets_a_sentence_and_changes_nothing(base_db, files):
    before = checksums(base_db.con)
    prepared = check(base_db, files, slashed="dmy")
    assert prepared.refusal()
    assert prepared.problems.height
    with pytest.raises(LoadRefused):
        load(base_db.con, prepared, "x")
    assert checksums(base_db.con) == before


def test_the_sample_exports_load_into_an_empty_database(fresh_db, sample, tmp_path):
    from sample_data.export import write_csvs

    paths = write_csvs(sample, tmp_path / "exports")
    files = [(p.name, p.read_bytes()) for p in paths]
    prepared = check(fresh_db, files)
    assert prepared.problems.is_empty()
    assert upload(fresh_db, files) == 1
    for table in ("contacts", "enrollments", "wellbeing"):
        assert scalar(fresh_db.con, f"select count(*) from {table}") == scalar(
            sample, f"select count(*) from {table}")


ENROLLMENTS_HEADER = ("enrollment_id,participant_id,program_id,worker_id,pathway,"
                      "referral_source,enrolled_on,discharged_on,discharge_reason\n")


def test_a_parent_moved_past_its_stored_children_is_refused_naming_them(base_db):
    """E1 (enrolled 2026-01-05) has stored contact C1 on 2026-01-06: enrolled_on moved to
    2026-02-01 would leave C1 before its enrollment, against the contract."""
    before = checksums(base_db.con)
    moved = (ENROLLMENTS_HEADER + "E1,0042,harbor,W0002,comprehensive,self,2026-02-01,,\n")
    prepared = check(base_db, [("enrollments.csv", moved.encode())])
    assert prepared.problems.select("row", "column", "problem").rows() == [
        (2, "enrolled_on", "1 stored contacts would be dated before it (C1 on 2026-01-06)")]
    with pytest.raises(LoadRefused):
        load(base_db.con, prepared, "x")
    assert checksums(base_db.con) == before


def test_a_parent_moved_with_its_children_corrected_in_the_same_upload_loads(base_db):
    moved = (ENROLLMENTS_HEADER + "E1,0042,harbor,W0002,comprehensive,self,2026-02-01,,\n")
    fixed = contacts_csv("C1,E1,W0002,2026-02-02,engagement_session,in_person,45")
    assert upload(base_db, [("enrollments.csv", moved.encode()), ("contacts.csv", fixed)]) == 1
    assert scalar(base_db.con, "select cast(contact_on as varchar) from contacts") == "2026-02-02"


def test_a_contact_after_its_workers_left_on_loads_and_is_flagged(base_db):
    """The contract does not forbid it (DATA_CONTRACT.md: contacts), so it loads; the dry run
    says so, naming the contact."""
    with base_db.con.cursor() as cur:
        cur.execute("update workers set left_on = '2026-01-10' where worker_id = 'W0002'")
    prepared = check(base_db, [("contacts.csv", contacts_csv(NEW_CONTACT))])
    assert prepared.refusal() is None
    (note,) = [n for s, n in prepared.reading.notes if s == "contacts"]
    assert note.startswith("1 contacts are dated after their worker's left_on (C2 on "
                           "2026-01-13 (W0002 left on 2026-01-10))")

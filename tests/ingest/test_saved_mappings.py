"""Saved source mappings: kept in the dashboard's own records by name, used again for a later
file whose headers they recognise (named in what the reader is told), and archived with each
import made through them. And the one rule for an upload checked before another import landed:
checked again, it loads only if it would load the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.__main__ import main
from ingest.load import LoadRefused
from ingest.mapping import MappingError, parse_mapping, recognising
from ingest.pipeline import Options
from ingest.saved_mappings import forget_mapping, save_mapping, saved_mappings
from ingest.service import check_upload, load_upload
from records.models import REASSESSMENT_WINDOWS
from store.database import Database
from tests.conftest import own_rows
from tests.ingest.conftest import contacts_csv
from tests.ingest.test_mapping import MAPPINGS, SERVICE_LOG_MAPPING, _rows, _service_log

WANTED = dict(REASSESSMENT_WINDOWS)


@pytest.fixture
def db_path(base_db: Database) -> Path:
    base_db.con.close()
    return base_db.path


def test_a_saved_mapping_is_used_for_a_later_export_with_its_headers(db_path, tmp_path,
                                                                      capsys):
    first = _service_log(tmp_path, "0042,1/13/2026,Ben T.,Peer Session,In Person,45,Harbor")
    assert main(["--db", str(db_path), "--mapping", str(MAPPINGS / "service_log.toml"),
                 "--save-mapping", str(first)]) == 0
    out = capsys.readouterr().out
    assert "Saved the mapping 'Harbor case management'" in out
    assert "Loaded as import 1" in out
    # next month's export: no --mapping, its headers recognise the saved one
    later = tmp_path / "march"
    later.mkdir()
    log = _service_log(later, "0042,3/3/2026,Ana R.,Group,In Person,60,Harbor")
    assert main(["--db", str(db_path), str(log)]) == 0
    out = capsys.readouterr().out
    assert "Read through the saved mapping 'Harbor case management'" in out
    assert "Loaded as import 2" in out
    assert _rows(db_path, "select worker_id, cast(contact_on as varchar), contact_type from "
                 "contacts where contact_on = '2026-03-03'") == [("W0001", "2026-03-03", "group")]
    assert _rows(db_path, "select import_id, file_name from import_files order by all") == [
        (1, "Harbor case management.mapping.toml"), (1, "service_log.csv"),
        (2, "Harbor case management.mapping.toml"), (2, "service_log.csv")]
    assert own_rows(db_path, "select action, what from audit_log where action = 'mappings'"
                    ) == [("mappings", "source mapping 'Harbor case management' saved")]


def test_a_contract_shaped_file_needs_no_mapping_though_some_are_saved(db_path, tmp_path,
                                                                        capsys):
    assert main(["--db", str(db_path), "--mapping", str(MAPPINGS / "service_log.toml"),
                 "--save-mapping", "--dry-run",
                 str(_service_log(tmp_path, "0042,1/13/2026,Ben T.,Group,Phone,5,H"))]) == 0
    assert "Dry run: nothing was loaded" in capsys.readouterr().out
    good = tmp_path / "contacts.csv"
    good.write_bytes(contacts_csv("C2,E1,W0002,2026-01-13,check_in,phone,15"))
    assert main(["--db", str(db_path), str(good)]) == 0
    out = capsys.readouterr().out
    assert "Loaded as import 1" in out and "mapping" not in out
    assert _rows(db_path, "select file_name from import_files") == [("contacts.csv",)]


def test_saving_needs_recognise_headers_and_a_mapping_that_reads(base_db):
    no_headers = SERVICE_LOG_MAPPING.replace("recognise = ", "# recognise = ")
    with pytest.raises(MappingError, match="no recognise"):
        save_mapping(base_db, no_headers, "ana@example.org", "analyst")
    with pytest.raises(MappingError, match="type = 'visits'"):
        save_mapping(base_db, SERVICE_LOG_MAPPING.replace('"contacts"', '"visits"'), "a", "r")
    assert saved_mappings(base_db) == []
    save_mapping(base_db, SERVICE_LOG_MAPPING, "ana@example.org", "analyst")
    changed = SERVICE_LOG_MAPPING.replace('"Group"         = "group"', '"Group" = "check_in"')
    save_mapping(base_db, changed, "bo@example.org", "analyst")  # same name: replaced
    [kept] = saved_mappings(base_db)
    assert (kept.name, kept.saved_by, kept.text) == ("Harbor case management", "bo@example.org",
                                                     changed)
    assert kept.recognise == ("Client ID", "Date of Service", "Staff Name")
    assert forget_mapping(base_db, kept.name, "bo@example.org", "analyst")
    assert not forget_mapping(base_db, kept.name, "bo@example.org", "analyst")
    assert saved_mappings(base_db) == []


def test_the_most_specific_saved_mapping_recognises_a_file():
    log = parse_mapping(SERVICE_LOG_MAPPING)
    wider = parse_mapping(SERVICE_LOG_MAPPING.replace(
        'recognise = ["Client ID"', 'recognise = ["Program Name", "Client ID"').replace(
        'name = "Harbor case management"', 'name = "Harbor with programs"'))
    headers = ["client id", "DATE OF SERVICE", "Staff-Name", "Program Name", "Minutes"]
    assert recognising([log, wider], headers) is wider  # matched as headers are matched
    assert recognising([log, wider], headers[:3]) is log
    assert recognising([log, wider], ["Client ID", "Staff Name"]) is None


def test_an_upload_checked_before_another_import_loads_only_if_it_would_load_the_same(
        db_path, tmp_path):
    one = [("contacts.csv", contacts_csv("C2,E1,W0002,2026-01-13,check_in,phone,15"))]
    two = [("contacts.csv", contacts_csv("C3,E1,W0002,2026-01-14,check_in,phone,15"))]
    first, second = (check_upload(db_path, f, Options(), WANTED) for f in (one, two))
    assert load_upload(db_path, first, "a", "analyst", WANTED) == 1
    # another import landed: the second, checked again, would load the same (C3 is new)
    assert load_upload(db_path, second, "a", "analyst", WANTED) == 2
    same = check_upload(db_path, one, Options(), WANTED)  # C2 again: nothing to change
    assert not same.changes()
    c4 = "C4,E1,W0002,2026-01-15,check_in,phone,{}"
    stale = check_upload(db_path, [("contacts.csv", contacts_csv(c4.format(15)))], Options(),
                         WANTED)  # C4 new
    assert load_upload(db_path, check_upload(db_path, [("contacts.csv", contacts_csv(
        c4.format(30)))], Options(), WANTED), "a", "analyst", WANTED) == 3
    with pytest.raises(LoadRefused, match="would load differently"):
        load_upload(db_path, stale, "a", "analyst", WANTED)  # C4 is no longer new
    assert _rows(db_path, "select minutes from contacts where contact_id = 'C4'") == [(30,)]
    assert _rows(db_path, "select count(*) from imports") == [(3,)]

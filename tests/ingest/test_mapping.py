"""Source mappings (docs/MAPPING.md): another system's export loads through the command line with
no edit to the file, into the rows a person would check; every gap in the mapping is one clear
problem and nothing is half-loaded; a wrong mapping file is a sentence, not a traceback."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from ingest.__main__ import main
from ingest.mapping import MappingError, parse_mapping
from ingest.read import read_upload
from store.database import Database
from tests.conftest import own_rows

MAPPINGS = Path(__file__).parent / "mappings"  # as an analyst keeps them beside the exports
SERVICE_LOG_MAPPING = (MAPPINGS / "service_log.toml").read_text(encoding="utf-8")

SERVICE_HEADER = ("Client ID,Date of Service,Staff Name,Service Type,Contact Method,"
                  "Duration (min),Program Name\n")

REDCAP_MAPPING = (MAPPINGS / "redcap.toml").read_text(encoding="utf-8")

REDCAP_EXPORT = """record_id,redcap_event_name,Admission Date,Discharge Date,Discharge Status,\
Program Name,Staff Name,County
101,intake_arm_1,3/2/2026,6/30/2026,Completed Program,Harbor Recovery,Ben T.,Lane
101,6_month_arm_1,,,,,,Lane
102,intake_arm_1,4/15/2026,,,harbor  recovery,Ana R.,Lane
103,intake_arm_1,5/1/2026,7/20/2026,left against  advice,Harbor Recovery,ben t.,Linn
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _service_log(folder: Path, *rows: str) -> Path:
    return _write(folder, "service_log.csv", SERVICE_HEADER + "".join(r + "\n" for r in rows))


@pytest.fixture
def db_path(base_db: Database) -> Path:
    """base_db's file, closed so the command line opens it as a nightly job does."""
    base_db.con.close()
    return base_db.path


def _rows(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _ingest(db: Path, mapping: Path, *files: Path, problems: Path | None = None) -> int:
    extra = ["--problems", str(problems)] if problems else []
    return main([*map(str, files), "--db", str(db), "--mapping", str(mapping), *extra])


def test_a_case_management_service_log_loads_through_its_mapping(db_path, tmp_path, capsys):
    mapping = _write(tmp_path, "harbor.toml", SERVICE_LOG_MAPPING)
    log = _service_log(tmp_path,
                       "0042,1/13/2026,Ben T.,Peer Session,In Person,45,Harbor Recovery",
                       "0042,2/3/2026, ben t. ,check-in  call,Phone,15,Harbor Recovery",
                       "0042,2/10/2026,Ana R.,Group,In Person,90,Harbor Recovery")
    assert _ingest(db_path, mapping, log) == 0
    out = capsys.readouterr().out
    assert "Loaded as import 1" in out
    assert "'Program Name'" in out  # named as ignored: no contact column comes from it
    # base_db's C1 and the 3 rows of the log; 2/3/2026 is 3 February (month first)
    assert _rows(db_path, "select enrollment_id, worker_id, cast(contact_on as varchar), "
                 "contact_type, mode, minutes from contacts where contact_id <> 'C1' "
                 "order by contact_on") == [
        ("E1", "W0002", "2026-01-13", "engagement_session", "in_person", 45),
        ("E1", "W0002", "2026-02-03", "check_in", "phone", 15),
        ("E1", "W0001", "2026-02-10", "group", "in_person", 90)]
    assert _ingest(db_path, mapping, log) == 0  # the same export again: the same keys
    assert "Nothing to load: every row is already in the database" in capsys.readouterr().out
    assert _rows(db_path, "select count(*), count(distinct contact_id) from contacts") == [(4, 4)]
    assert _rows(db_path, "select count(*) from imports") == [(1,)]
    assert own_rows(db_path, "select what from audit_log") == [
        ("import 1: service_log.csv (through the mapping 'Harbor case management'), 3 new or "
         "changed rows, all_or_nothing",)]
    # the mapping is archived beside the file, as it was read
    assert _rows(db_path, "select file_name, decode(content) like 'name = \"Harbor case%' "
                 "from import_files order by file_name") == [
        ("Harbor case management.mapping.toml", True), ("service_log.csv", False)]


def test_a_redcap_enrollment_export_loads_people_and_episodes_from_one_file(db_path, tmp_path,
                                                                           capsys):
    mapping = _write(tmp_path, "redcap.toml", REDCAP_MAPPING)
    export = _write(tmp_path, "redcap_export.csv", REDCAP_EXPORT)
    assert _ingest(db_path, mapping, export) == 0
    assert "'County'" in capsys.readouterr().out
    # 3 intake rows (the 6-month row gives no record): 3/2/2026 is 2 March, not 3 February
    assert _rows(db_path, "select participant_id, program_id, worker_id, pathway, "
                 "cast(enrolled_on as varchar), cast(discharged_on as varchar), discharge_reason "
                 "from enrollments where enrollment_id <> 'E1' order by participant_id") == [
        ("101", "harbor", "W0002", "comprehensive", "2026-03-02", "2026-06-30", "completed"),
        ("102", "harbor", "W0001", "comprehensive", "2026-04-15", None, None),
        ("103", "harbor", "W0002", "comprehensive", "2026-05-01", "2026-07-20", "dropped_out")]
    assert _rows(db_path, "select list(participant_id order by participant_id) "
                 "from participants") == [(["0042", "101", "102", "103"],)]
    assert _ingest(db_path, mapping, export) == 0
    assert "Nothing to load" in capsys.readouterr().out
    # a service of 102 on 5/6/2026 finds the enrollment the REDCap export loaded
    log = _service_log(tmp_path, "102,5/6/2026,Ana R.,Group,Video,60,Harbor Recovery")
    assert _ingest(db_path, _write(tmp_path, "log.toml", SERVICE_LOG_MAPPING), log) == 0
    assert _rows(db_path, "select e.participant_id, c.mode from contacts c join enrollments e "
                 "using (enrollment_id) where c.contact_on = '2026-05-06'") == [("102", "video")]


CASES = {  # one gap in the mapping or the records -> its one problem
    "a label the mapping has no code for": (
        ["0042,1/13/2026,Ben T.,Home Visit,In Person,45,H",
         "0042,1/14/2026,Ben T.,home  visit,Phone,20,H",
         "0042,1/15/2026,Ben T.,Group,Phone,20,H"],
        None, "The label 'Home Visit' in contacts.contact_type (2 rows) has no code"),
    "a staff name that is no worker's": (
        ["0042,1/13/2026,Zed Q.,Group,In Person,45,H", "0042,1/14/2026,Ben T.,Group,Phone,20,H"],
        "worker_id", "no worker has that display_name"),
    "a participant with no enrollment open that day": (
        ["0042,1/2/2026,Ben T.,Group,In Person,45,H", "0042,1/14/2026,Ben T.,Group,Phone,20,H"],
        "enrollment_id", "no enrollment of this participant is open on 2026-01-02"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_gap_is_one_clear_problem_and_nothing_loads(case, db_path, tmp_path):
    rows, column, problem = CASES[case]
    before = _rows(db_path, "select count(*) from contacts")
    mapping = _write(tmp_path, "harbor.toml", SERVICE_LOG_MAPPING)
    problems = tmp_path / "problems.csv"
    assert _ingest(db_path, mapping, _service_log(tmp_path, *rows), problems=problems) == 1
    listed = pl.read_csv(problems, infer_schema=False)
    assert listed.height == 1, listed  # not also "no such worker", "empty, but required"
    assert problem in listed["problem"][0]
    assert listed["column"][0] == column
    assert _rows(db_path, "select count(*) from contacts") == before  # not the good rows either
    assert _rows(db_path, "select count(*) from imports") == [(0,)]


@pytest.mark.parametrize(("change", "sentence"), [
    (('lookup = "display_name"', 'lookup = "staff_name"'),
     "contacts.worker_id's lookup must be one of program_name, display_name"),
    (('type = "contacts"', 'type = "services"'), "has type = 'services'; it must be one of"),
    (("minutes       =", "duration ="), "names duration, not a column of contacts"),
    (('"Group"         = "group"', '"Group" = "groups"'), "the code 'groups', which is not"),
    (("[records.columns]", "[records.columns"), "is not valid TOML"),
])
def test_a_broken_mapping_file_is_a_sentence_not_a_traceback(change, sentence, db_path,
                                                            tmp_path, capsys):
    before = _rows(db_path, "select count(*) from contacts")
    mapping = _write(tmp_path, "broken.toml", SERVICE_LOG_MAPPING.replace(*change))
    log = _service_log(tmp_path, "0042,1/13/2026,Ben T.,Group,In Person,45,H")
    assert _ingest(db_path, mapping, log) == 2
    err = capsys.readouterr().err
    assert sentence in err and "broken.toml" in err and "Nothing was loaded" in err
    assert "Traceback" not in err
    assert _rows(db_path, "select count(*) from contacts") == before


def test_a_mapping_that_reads_a_header_the_file_lacks_says_which(db_path, tmp_path):
    mapping = _write(tmp_path, "harbor.toml", SERVICE_LOG_MAPPING)
    log = _write(tmp_path, "service_log.csv", SERVICE_HEADER.replace("Staff Name", "Worker")
                 + "0042,1/13/2026,Ben T.,Group,In Person,45,H\n")
    problems = tmp_path / "problems.csv"
    assert _ingest(db_path, mapping, log, problems=problems) == 1
    assert "reads the header 'Staff Name', which this file does not have" in \
        problems.read_text()


def test_a_made_key_is_the_same_every_run_and_differs_with_its_values():
    mapping = parse_mapping(SERVICE_LOG_MAPPING)
    rows = ["0042,1/13/2026,Ben T.,Group,In Person,45,H",
            "0042,1/13/2026,Ben T.,Peer Session,In Person,45,H"]  # only the service differs
    log = (SERVICE_HEADER + "".join(r + "\n" for r in rows)).encode()

    def keys() -> list[str]:
        (part,) = read_upload([("log.csv", log)], mapping=mapping).parts
        return part.frame.get_column("contact_id").to_list()

    first = keys()
    assert first == keys()  # a re-import finds the same keys
    assert first[0] != first[1] and all(len(k) == 16 for k in first)


def test_labels_are_matched_without_case_or_spacing_and_a_mapping_needs_records():
    mapping = parse_mapping(SERVICE_LOG_MAPPING)
    assert mapping.records[0].codes("contact_type") == {
        "peer session": "engagement_session", "check-in call": "check_in", "group": "group"}
    with pytest.raises(MappingError, match="no \\[\\[records\\]\\]"):
        parse_mapping('name = "x"')


def test_names_and_enrollments_are_found_in_the_same_upload(db_path, tmp_path):
    """Client 201's enrollment is in the same file as her service: the service finds it."""
    mapping = MAPPINGS / "intake_and_services.toml"
    export = _write(tmp_path, "harbor_export.csv", "Row Kind,Client ID,Date,Staff Name,"
                    "Program Name,Plan,Minutes\n"
                    "intake,201,6/1/2026,Ana R.,Harbor Recovery,,\n"
                    "service,201,6/8/2026,Ana R.,,,20\n"
                    "service,201,6/9/2026,Ben T.,,,\n")
    assert _ingest(db_path, mapping, export) == 0
    assert _rows(db_path, "select e.participant_id, e.pathway, c.worker_id, "
                 "cast(c.contact_on as varchar), c.minutes from contacts c join enrollments e "
                 "using (enrollment_id) where e.participant_id = '201' order by c.contact_on") == [
        ("201", "check_in", "W0001", "2026-06-08", 20),
        ("201", "check_in", "W0002", "2026-06-09", 0)]  # Plan and Minutes empty: the defaults


def test_a_name_two_workers_share_is_a_problem_naming_both(base_db, tmp_path):
    with base_db.con.cursor() as cur:
        cur.execute("insert into programs values ('bay', 'Bay Peers', 'South', 'State');"
                    "insert into workers values ('W0003', 'bay', 'Ben T.', 'peer_specialist', "
                    "null, 1.0, '2022-01-03', null)")
    base_db.con.close()
    problems = tmp_path / "problems.csv"
    log = _service_log(tmp_path, "0042,1/13/2026,Ben T.,Group,In Person,45,Harbor Recovery")
    assert _ingest(base_db.path, MAPPINGS / "service_log.toml", log, problems=problems) == 1
    listed = pl.read_csv(problems, infer_schema=False)
    assert listed.select("column", "value", "problem").rows() == [
        ("worker_id", "Ben T.", "2 match it (W0002, W0003): which one is meant cannot be told")]


def test_an_export_with_no_intakes_this_month_loads_its_services(db_path, tmp_path):
    """A record whose `rows` match nothing in a file is simply absent from it, not a refusal."""
    export = _write(tmp_path, "harbor_export.csv", "Row Kind,Client ID,Date,Staff Name,"
                    "Program Name,Plan,Minutes\nservice,0042,2/2/2026,Ben T.,,,30\n")
    assert _ingest(db_path, MAPPINGS / "intake_and_services.toml", export) == 0
    assert _rows(db_path, "select enrollment_id, minutes from contacts "
                 "where contact_on = '2026-02-02'") == [("E1", 30)]

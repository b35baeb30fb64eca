"""The checks, generated from the record definition: each kind of problem as the row, column,
raw value and what would be accepted; and the same verdicts as the pydantic models."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from ingest.check import UNSETTLED, check_table
from ingest.read import read_upload
from records.models import RECORD_TYPES
from tests.ingest.conftest import TODAY

WORKERS = "worker_id,program_id,display_name,role,supervisor_id,fte,hired_on,left_on\n"


def problems(table: str, text: str, slashed=None, today: date = TODAY) -> list[tuple]:
    (part,) = read_upload([(f"{table}.csv", text.encode())]).parts
    checked = check_table(table, part.frame, slashed, today)
    return checked.problems.select("row", "column", "value", "problem").rows()


def test_a_clean_row_has_no_problems():
    assert problems("workers", WORKERS + "W1,p,Ana,Peer Supervisor,,0.5,2020-01-06,\n") == []


@pytest.mark.parametrize(("cells", "column", "value", "problem"), [
    ("W1,p,Ana,boss,,1,2020-01-06,", "role", "boss", "not one of the choices"),
    ("W1,p,Ana,peer_specialist,,1.5,2020-01-06,", "fte", "1.5", "out of range"),
    ("W1,p,Ana,peer_specialist,,0,2020-01-06,", "fte", "0", "out of range"),
    ("W1,p,Ana,peer_specialist,,half,2020-01-06,", "fte", "half", "not a number"),
    ("W1,p,Ana,peer_specialist,,1,31/02/2024,", "hired_on", "31/02/2024", "not a real date"),
    ("W1,p,Ana,peer_specialist,,1,2024-02-30,", "hired_on", "2024-02-30", "not a real date"),
    ("W1,p,,peer_specialist,,1,2020-01-06,", "display_name", None, "empty, but required"),
    ("W1,p,NA,peer_specialist,,1,2020-01-06,", "display_name", "NA", "empty, but required"),
    ('W1,p,"=HYPERLINK(""http://x"",""y"")",peer_specialist,,1,2020-01-06,', "display_name",
     '=HYPERLINK("http://x","y")', "a spreadsheet formula"),
    ("W1,p,<script>alert(1)</script>,peer_specialist,,1,2020-01-06,", "display_name",
     "<script>alert(1)</script>", "HTML or script"),
    ("W1,p,Ana,peer_specialist,,1,2020-01-06,2019-12-31", "left_on", "2019-12-31",
     "left_on (2019-12-31) is before hired_on (2020-01-06)"),
])
def test_each_kind_of_problem_names_its_cell(cells, column, value, problem):
    assert problems("workers", WORKERS + cells + "\n") == [(2, column, value, problem)]


# The OWASP CSV-injection list (records/spreadsheet.py), as a worker's name.
@pytest.mark.parametrize("name", [
    "-2+3+cmd|' /C calc'!A0", "=1+1", "+1+1", "@SUM(A1)", "  =1+1", "'=1+1", '"@SUM(A1)"',
    "-Ana", "+44 20 7946 0000",
])
def test_every_formula_start_is_refused_at_import_with_the_cell_named(name):
    quoted = '"' + name.replace('"', '""') + '"'
    found = problems("workers", WORKERS + f"W1,p,{quoted},peer_specialist,,1,2020-01-06,\n")
    assert found == [(2, "display_name", name, "a spreadsheet formula")]


@pytest.mark.parametrize("name", ["Anne-Marie", "O'Brien", "Zoë", "a@b.org", "-12", "Ana R."])
def test_hyphenated_names_and_plain_numbers_are_not_formulas(name):
    assert problems("workers", WORKERS + f"W1,p,{name},peer_specialist,,1,2020-01-06,\n") == []


def test_a_plain_negative_number_in_a_numeric_column_is_a_number_not_a_formula():
    found = problems("workers", WORKERS + "W1,p,Ana,peer_specialist,,-1,2020-01-06,\n")
    assert found == [(2, "fte", "-1", "out of range")]


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\u202e"])
def test_a_control_character_is_refused_with_the_cell_named(char):
    found = problems("workers", WORKERS + f"W1,p,Ana{char}R,peer_specialist,,1,2020-01-06,\n")
    assert [(r, c, p.split(" (")[0]) for r, c, _, p in found] == [
        (2, "display_name", "an invisible control character")]


def test_a_nul_byte_after_the_first_8_kb_is_refused_with_its_cell():
    rows = "".join(f"W{i},p,Ana,peer_specialist,,1,2020-01-06,\n" for i in range(300))
    found = problems("workers", WORKERS + rows + "X9,p,Ana\x00R,peer_specialist,,1,2020-01-06,\n")
    assert [(r, c, p.split(" (")[0]) for r, c, _, p in found] == [
        (302, "display_name", "an invisible control character")]


def test_ids_and_names_are_bounded_in_length():
    long_id = "W" * 10_000
    found = problems("workers", WORKERS + f"{long_id},p,Ana,peer_specialist,,1,2020-01-06,\n")
    assert [(r, c, p) for r, c, _, p in found] == [(2, "worker_id", "too long (10000 characters)")]


def test_what_is_accepted_is_said_beside_each_problem():
    (part,) = read_upload([("workers.csv", (WORKERS + "W1,p,Ana,boss,,2,x,\n").encode())]).parts
    found = check_table("workers", part.frame, None, TODAY).problems
    accepted = dict(zip(found["column"], found["accepted"], strict=True))
    assert accepted["role"] == "required: one of peer_specialist, peer_supervisor"
    assert accepted["fte"] == "required: a number more than 0 and at most 1"
    assert accepted["hired_on"].startswith("required: a real date as YYYY-MM-DD")


@pytest.mark.parametrize(("slashed", "value", "stored"), [
    ("mdy", "3/4/2024", date(2024, 3, 4)), ("dmy", "3/4/2024", date(2024, 4, 3)),
    (None, "2024-03-04T09:30:00", date(2024, 3, 4)),
])
def test_dates_read_in_every_accepted_form(slashed, value, stored):
    (part,) = read_upload([("events.csv", f"event_id,enrollment_id,event_on,event_type\n"
                                          f"V1,E1,{value},ed_visit\n".encode())]).parts
    checked = check_table("events", part.frame, slashed, TODAY)
    assert checked.problems.is_empty()
    assert checked.rows["event_on"].to_list() == [stored]


@pytest.mark.parametrize("value", ["2025", "99999", "45355"])
def test_a_number_in_a_csv_date_column_is_not_taken_for_an_excel_date(value):
    found = problems("events", f"event_id,enrollment_id,event_on,event_type\nV1,E1,{value},"
                               "ed_visit\n")
    assert found == [(2, "event_on", value, "not a real date")]


def test_a_number_in_a_workbook_date_cell_is_an_excel_date():
    from tests.ingest.workbooks import workbook

    data = workbook({"events": [["event_id", "enrollment_id", "event_on", "event_type"],
                                ["V1", "E1", "45355", "ed_visit"]]})
    (part,) = read_upload([("book.xlsx", data)]).parts
    checked = check_table("events", part.frame, None, TODAY)
    assert checked.problems.is_empty()
    assert checked.rows["event_on"].to_list() == [date(2024, 3, 4)]


@pytest.mark.parametrize(("cells", "problem"), [
    ("V1,E1,1850-03-01,ed_visit", "event_on (1850-03-01) is before 1900"),
    ("V1,E1,2030-01-01,ed_visit", "event_on (2030-01-01) is in the future"),
])
def test_dates_are_plausible_for_their_field(cells, problem):
    found = problems("events", f"event_id,enrollment_id,event_on,event_type\n{cells}\n")
    assert [p for _, _, _, p in found] == [problem]


def test_an_attended_appointment_cannot_lie_in_the_future():
    header = "appointment_id,enrollment_id,service,scheduled_on,status,peer_referred\n"
    found = problems("appointments", header + "A1,E1,medical,2030-01-01,attended,\n"
                                              "A2,E1,medical,2030-01-01,scheduled,\n")
    assert [(r, p) for r, _, _, p in found] == [
        (2, "status is 'attended' but scheduled_on (2030-01-01) is in the future")]


def test_a_hire_in_1850_is_refused():
    found = problems("workers", WORKERS + "W1,p,Ana,peer_specialist,,1,1850-01-06,\n")
    assert [p for _, _, _, p in found] == ["hired_on (1850-01-06) is before 1900"]


@pytest.mark.parametrize(("cells", "order", "stored"), [
    (["7/29/2024", "3/4/2024"], "mdy", [date(2024, 7, 29), date(2024, 3, 4)]),
    (["29/7/2024", "3/4/2024"], "dmy", [date(2024, 7, 29), date(2024, 4, 3)]),
])
def test_a_column_whose_slashed_dates_fit_one_order_settles_it(cells, order, stored):
    text = "event_id,enrollment_id,event_on,event_type\n" + "".join(
        f"V{i},E1,{c},ed_visit\n" for i, c in enumerate(cells))
    (part,) = read_upload([("events.csv", text.encode())]).parts
    checked = check_table("events", part.frame, None, TODAY)
    assert checked.problems.is_empty()
    assert checked.orders == {"event_on": order}
    assert checked.rows["event_on"].to_list() == stored


def test_a_column_fitting_both_orders_or_neither_still_asks():
    for cells in (["3/4/2024"], ["29/7/2024", "7/29/2024"]):
        text = "event_id,enrollment_id,event_on,event_type\n" + "".join(
            f"V{i},E1,{c},ed_visit\n" for i, c in enumerate(cells))
        (part,) = read_upload([("events.csv", text.encode())]).parts
        checked = check_table("events", part.frame, None, TODAY)
        assert checked.orders == {}
        assert set(checked.problems["problem"]) == {UNSETTLED}


def test_slashed_dates_need_the_order_said_and_are_not_called_unreal():
    found = problems("events", "event_id,enrollment_id,event_on,event_type\n"
                               "V1,E1,11/03/2026,ed_visit\nV2,E1,2026-13-01,ed_visit\n")
    assert found == [(2, "event_on", "11/03/2026", UNSETTLED),
                     (3, "event_on", "2026-13-01", "not a real date")]
    assert UNSETTLED.startswith("a slashed date in an order this column does not settle")
    # said, an impossible one is unreal in that order
    assert problems("events", "event_id,enrollment_id,event_on,event_type\n"
                    "V1,E1,11/31/2025,ed_visit\n", "mdy") == [
        (2, "event_on", "11/31/2025", "not a real date")]


def test_a_row_repeated_exactly_is_read_once_and_a_key_on_two_different_rows_refused():
    text = ("event_id,enrollment_id,event_on,event_type\n"
            "V1,E1,2024-01-01,ed_visit\nV2,E1,2024-01-01,arrest\n V1 ,E1,2024-01-01,ed_visit\n"
            "V2,E1,2024-01-03,arrest\n")
    (part,) = read_upload([("events.csv", text.encode())]).parts
    checked = check_table("events", part.frame, None, TODAY)
    assert checked.repeats.rows() == [("events.csv", 4)]  # V1 again, spaces aside
    assert checked.problems.select("row", "problem").rows() == [
        (3, "the same key is on another row of this upload"),
        (5, "the same key is on another row of this upload")]
    assert checked.valid()["event_id"].to_list() == ["V1"]


def test_keys_unique_in_the_file_and_every_copy_reported():
    found = problems("events", "event_id,enrollment_id,event_on,event_type\n"
                               "V1,E1,2024-01-01,ed_visit\nV2,E1,2024-01-01,arrest\n"
                               "V1,E1,2024-01-02,arrest\n")
    assert [(r, c, p) for r, c, _, p in found] == [
        (2, "event_id", "the same key is on another row of this upload"),
        (4, "event_id", "the same key is on another row of this upload")]


def test_enums_and_booleans_are_read_generously():
    (part,) = read_upload([("appointments.csv", (
        b"appointment_id,enrollment_id,service,scheduled_on,status,peer_referred\n"
        b"A1,E1,Mental Health,2026-01-02,Attended,Yes\nA2,E1,sud-treatment,2026-01-02,missed,0\n"
        b"A3,E1,medical,2026-01-02,cancelled,-9\n"))]).parts
    rows = check_table("appointments", part.frame, None, TODAY).rows
    assert rows.select("service", "status", "peer_referred").rows() == [
        ("mental_health", "attended", True), ("sud_treatment", "missed", False),
        ("medical", "cancelled", None)]


def _pydantic_ok(table: str, row: dict) -> bool:
    try:
        RECORD_TYPES[table].model_validate({k: v for k, v in row.items() if v is not None})
        return True
    except ValidationError:
        return False


@pytest.mark.parametrize(("table", "text"), [
    ("enrollments", "enrollment_id,participant_id,program_id,worker_id,pathway,enrolled_on,"
                    "discharged_on,discharge_reason\n"
                    "E1,1,p,w,check_in,2026-01-05,,\nE2,1,p,w,check_in,2026-01-05,2026-01-04,"
                    "completed\nE3,1,p,w,check_in,2026-01-05,2026-02-01,\n"
                    "E4,1,p,w,check_in,2026-01-05,,moved\nE5,1,p,w,check_in,2027-01-01,,\n"
                    "E6,1,p,w,check_in,2026-01-05,2026-03-01,completed\n"),
    ("participants", "participant_id,birth_year\n1,1980\n2,2014\n3,1899\n4,2015\n5,\n"),
    ("appointments", "appointment_id,enrollment_id,service,scheduled_on,status\n"
                     "A1,E,medical,2026-11-19,scheduled\nA2,E,medical,2026-11-21,scheduled\n"
                     "A3,E,medical,2026-11-19,attended\n"),
])
def test_the_polars_checks_agree_with_the_pydantic_models(table, text, monkeypatch):
    """The cross-field rules are said twice (row by row and vectorised): same verdicts."""
    (part,) = read_upload([(f"{table}.csv", text.encode())]).parts
    today = date.today()  # the models judge 'the future' on the real day
    checked = check_table(table, part.frame, None, today)
    bad = set(checked.problems["row"].to_list())
    for row in checked.rows.iter_rows(named=True):
        fields = {k: v for k, v in row.items() if not k.startswith("_")}
        assert _pydantic_ok(table, fields) == (row["_row"] not in bad), row

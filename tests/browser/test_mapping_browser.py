"""The mapping step in a real browser (issue 30): an analyst uploads a case-management service
log that is not in the contract's shape, sees each column suggested, gives the one label with no
suggestion its code, saves the mapping, checks and loads it with a contract-shaped file
uploaded beside (read as it is, not through the mapping); the next export of that source, with
the same headers, is read through the saved mapping at once, named, with no step.
Screenshot: test-artifacts/mapping-step.png."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import Page, expect

from sample_data.foreign import DICTIONARY
from store.published import current
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_overview_browser import TIMEOUT, choose, settle
from tests.ingest.test_mapping import SERVICE_HEADER, SERVICE_LOG_MAPPING

pytestmark = pytest.mark.browser

# A participant with one enrollment, open, and a worker of its program whose name no other
# worker has: a service of theirs finds its enrollment and its worker by name alone.
ONE_OPEN_ENROLLMENT = """
with once as (select participant_id from enrollments group by participant_id
              having count(*) = 1),
     named_once as (select display_name from workers group by display_name
                    having count(*) = 1)
select e.participant_id, e.enrolled_on, w.display_name, p.program_name
from enrollments e
join once using (participant_id)
join workers w on w.program_id = e.program_id
join named_once using (display_name)
join programs p on p.program_id = e.program_id
where e.discharged_on is null and w.left_on is null and e.enrolled_on <= date '2026-09-01'
order by e.enrollment_id
limit 1
"""
CONTRACT_SHAPED = ("contact_id,enrollment_id,worker_id,contact_on,contact_type,mode,minutes\n"
                   "C900000001,E0000001,W0061,2025-01-07,check_in,In Person,12\n")
SERVICES = [("Peer Session", "In Person", 45), ("Check-in Call", "Phone", 15),
            ("Group", "In Person", 90), ("Home Visit", "In Person", 60),
            ("home  visit", "Phone", 30), ("Peer Session", "Video", 50)]


def _service_log(sample: duckdb.DuckDBPyConnection, first_day: date, rows: int) -> str:
    """A service log as the case-management system writes it: names, labels, M/D/YYYY."""
    with sample.cursor() as cur:
        who, _, worker, program = cur.execute(ONE_OPEN_ENROLLMENT).fetchone()
    lines = []
    for i, (service, mode, minutes) in enumerate(SERVICES[:rows]):
        day = first_day + timedelta(days=i)  # the 13th on: the dates say month first
        lines.append(f"{who},{day.month}/{day.day}/{day.year},{worker},{service},{mode},"
                     f"{minutes},{program}\n")
    return SERVICE_HEADER + "".join(lines)


def _whole_page_shot(page: Page, name: str) -> None:
    """The page from top to bottom: Streamlit scrolls inside its main section, which a
    full-page screenshot does not reach, so the window is made as tall as the section."""
    tall = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    size = page.viewport_size or {"width": 1500, "height": 1100}
    page.set_viewport_size({"width": size["width"], "height": max(tall, size["height"])})
    settle(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / name)
    page.set_viewport_size(size)
    settle(page)


def test_a_foreign_export_is_mapped_once_then_read_through_its_saved_mapping(
        fresh_server: str, page: Page, sample, tmp_path):
    page.goto(f"{fresh_server}/upload?role=Analyst")
    expect(page.get_by_text("Upload program exports")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    first = tmp_path / "harbor_services_october.csv"
    first.write_text(_service_log(sample, date(2026, 10, 13), 6))
    contract = tmp_path / "contacts.csv"  # beside it, a file in the contract's own shape
    contract.write_text(CONTRACT_SHAPED)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        [str(first), str(contract)])
    expect(page.get_by_text("Map this source to the data contract")).to_be_visible(
        timeout=TIMEOUT)
    settle(page)
    # The suggestions a person checks first: the worker by name, the day, the key made
    for column, way in [("worker_id", "The worker named in “Staff Name”"),
                        ("contact_on", "Column “Date of Service”"),
                        ("contact_type", "Column “Service Type”"),
                        ("enrollment_id", "The enrollment of participant “Client ID” open on "
                                          "“Date of Service”")]:
        expect(page.get_by_role("combobox", name=f"How to get {column}")).to_have_value(way)
    expect(page.get_by_role("combobox", name="Code for Peer Session")).to_have_value(
        "engagement_session")
    expect(page.get_by_text("no code", exact=True)).to_be_visible()  # Home Visit: like none
    expect(page.get_by_text("1 label of contact_type (2 rows) has no code yet")).to_be_visible()
    name = page.get_by_label("Source name (shown with each import)")
    name.fill("Harbor case management")
    name.press("Enter")
    settle(page)
    _whole_page_shot(page, "mapping-step.png")
    choose(page.get_by_role("combobox", name="Code for Home Visit"), "outreach")
    settle(page)
    expect(page.get_by_text("no code yet")).to_have_count(0)
    page.get_by_role("button", name="Save mapping").click()
    expect(page.get_by_text("Saved as the mapping 'Harbor case management'")).to_be_visible(
        timeout=TIMEOUT)
    settle(page)
    page.get_by_role("button", name="Check with this mapping").click()
    expect(page.get_by_text("Dry run")).to_be_visible(timeout=TIMEOUT)
    # the log through the mapping, contacts.csv as it is: 6 services and 1 contact
    load = page.get_by_role("button", name="Load 7 new or changed rows")
    expect(load).to_be_visible(timeout=TIMEOUT)
    settle(page)
    load.click()
    expect(page.get_by_text("Loaded as import 1.")).to_be_visible(timeout=TIMEOUT)
    settle(page)

    # November's export of the same source: the saved mapping reads it, no step
    for _ in range(2):
        page.locator('[data-testid="stFileChipDeleteBtn"]').first.click()
        settle(page)
    second = tmp_path / "harbor_services_november.csv"
    second.write_text(_service_log(sample, date(2026, 11, 13), 3))
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(second))
    expect(page.get_by_text("Dry run")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    expect(page.get_by_text("Read through the saved mapping Harbor case management, saved "
                            "by")).to_be_visible()
    expect(page.get_by_text("Map this source to the data contract")).to_have_count(0)
    expect(page.get_by_role("button", name="Load 3 new or changed rows")).to_be_visible()
    _whole_page_shot(page, "mapping-saved.png")
    page.get_by_role("button", name="Edit this mapping").click()  # the step, as it was saved
    expect(page.get_by_text("Map this source to the data contract")).to_be_visible(
        timeout=TIMEOUT)
    settle(page)
    expect(page.get_by_label("Source name (shown with each import)")).to_have_value(
        "Harbor case management")
    # November has no home visit: its code is kept, not lost by saving again
    expect(page.get_by_text("Kept from the mapping, though not in this file: “Home Visit” as "
                            "outreach.")).to_be_visible()
    expect(page.get_by_text("saving this one replaces it")).to_be_visible()


def test_a_mapping_file_starts_the_step_and_a_broken_one_is_a_sentence(
        fresh_server: str, page: Page, sample, tmp_path):
    page.goto(f"{fresh_server}/upload?role=Analyst")
    expect(page.get_by_text("Upload program exports")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    log = tmp_path / "harbor_services_october.csv"
    log.write_text(_service_log(sample, date(2026, 10, 13), 6))
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(log))
    expect(page.get_by_text("Map this source to the data contract")).to_be_visible(
        timeout=TIMEOUT)
    settle(page)
    toml = page.locator('[data-testid="stFileUploaderDropzoneInput"]').nth(1)
    broken = tmp_path / "broken.toml"
    broken.write_text(SERVICE_LOG_MAPPING.replace('type = "contacts"', 'type = "services"'))
    toml.set_input_files(str(broken))
    expect(page.get_by_text("broken.toml cannot be used: [[records]] number 1 has type = "
                            "'services'")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Traceback")).to_have_count(0)
    settle(page)
    page.locator('[data-testid="stFileChipDeleteBtn"]').nth(1).click()
    settle(page)
    # a mapping file's words are shown as text: an image link in it is never fetched
    hostile = tmp_path / "hostile.toml"
    hostile.write_text(SERVICE_LOG_MAPPING.replace('type = "contacts"',
                                                   'type = "![leak](http://127.0.0.1:9/x.png)"'))
    toml.set_input_files(str(hostile))
    refused = page.locator('[data-testid="stAlert"]').filter(has_text="hostile.toml cannot be used")
    # as written (a word joiner after "http" keeps it from reading as a link)
    expect(refused).to_contain_text("type = '![leak](http\u2060://127.0.0.1:9/x.png)'",
                                    timeout=TIMEOUT)
    expect(page.locator('img[src*="127.0.0.1:9"], a[href*="127.0.0.1:9"]')).to_have_count(0)
    settle(page)
    page.locator('[data-testid="stFileChipDeleteBtn"]').nth(1).click()
    settle(page)
    kept = tmp_path / "harbor.toml"
    kept.write_text(SERVICE_LOG_MAPPING)
    toml.set_input_files(str(kept))
    expect(page.get_by_text("harbor.toml")).to_be_visible(timeout=TIMEOUT)
    settle(page)  # the step drawn again from the mapping file: its widgets refilled
    expect(page.get_by_label("Source name (shown with each import)")).to_have_value(
        "Harbor case management")
    # the file's codes, where the mapping gives them; Home Visit it does not
    expect(page.get_by_role("combobox", name="Code for Check-in Call")).to_have_value("check_in")
    expect(page.get_by_text("1 label of contact_type (2 rows) has no code yet")).to_be_visible()


# People whose every episode ended before August, and a worker of their program whose name no
# other worker has: a new episode of theirs in October finds its program and worker by name.
RETURNING = """
with named_once as (select display_name from workers group by display_name
                    having count(*) = 1),
     done as (select participant_id, any_value(program_id) as program_id from enrollments
              group by participant_id
              having count(discharged_on) = count(*) and max(discharged_on) < date '2026-08-01')
select d.participant_id, p.program_name, min(w.display_name) as staff
from done d
join programs p on p.program_id = d.program_id
join workers w on w.program_id = d.program_id and w.left_on is null
join named_once using (display_name)
group by all
order by d.participant_id
limit 2
"""


def _raw_redcap(sample: duckdb.DuckDBPyConnection) -> str:
    """A raw REDCap export of the sample's project: variable names for headers, a coded
    discharge status (its data dictionary turns 2 into Left Against Advice), US dates, and a
    6-month event row the mapping leaves out."""
    with sample.cursor() as cur:
        (one, program, staff), (two, program_2, staff_2) = cur.execute(RETURNING).fetchall()
    return ("record_id,redcap_event_name,admission_date,program_name,staff_name,county,"
            "discharge_date,discharge_status\n"
            f"{one},intake_arm_1,10/5/2026,{program},{staff},Lane,,\n"
            f"{one},6_month_arm_1,,,,Lane,,\n"
            f"{two},intake_arm_1,10/13/2026,{program_2},{staff_2},Linn,11/2/2026,2\n")


def test_a_raw_redcap_export_loads_through_its_saved_mapping_and_dictionary(
        fresh_server: str, page: Page, sample, tmp_path):
    """The sample's REDCap mapping given as its TOML file, saved; the raw export and its data
    dictionary then load (two new episodes, one discharged as dropped out), and the same two
    files again are read through the saved mapping with nothing to load."""
    export, book = tmp_path / "project_export_raw.csv", tmp_path / "DataDictionary.csv"
    export.write_text(_raw_redcap(sample))
    book.write_text(DICTIONARY)
    page.goto(f"{fresh_server}/upload?role=Analyst")
    expect(page.get_by_text("Upload program exports")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    files = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    files.first.set_input_files([str(export), str(book)])
    expect(page.get_by_text("Map this source to the data contract")).to_be_visible(
        timeout=TIMEOUT)
    settle(page)
    mapping = tmp_path / "redcap.toml"  # a short name: the file chip shows it whole
    mapping.write_text(Path("sample_data/mappings/redcap_enrollments.toml").read_text())
    files.nth(1).set_input_files(str(mapping))
    expect(page.get_by_text("redcap.toml")).to_be_visible(timeout=TIMEOUT)
    settle(page)  # the step drawn again from the mapping file: its widgets refilled
    expect(page.get_by_label("Source name (shown with each import)")).to_have_value(
        "Sample REDCap enrollments")
    page.get_by_role("button", name="Save mapping").click()
    expect(page.get_by_text("Saved as the mapping 'Sample REDCap enrollments'")).to_be_visible(
        timeout=TIMEOUT)
    settle(page)
    page.get_by_role("button", name="Check with this mapping").click()
    expect(page.get_by_text("Dry run")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    load = page.get_by_role("button", name="Load 2 new or changed rows")
    expect(load).to_be_visible(timeout=TIMEOUT)
    settle(page)
    load.click()
    expect(page.get_by_text("Loaded as import 1.")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    with sample.cursor() as cur:
        one, two = (r[0] for r in cur.execute(RETURNING).fetchall())
    served = duckdb.connect(str(current(tmp_path / "served.duckdb")), read_only=True)
    try:  # the coded 2 read as Left Against Advice, then as its code; the 6-month row left out
        assert served.execute(
            "select participant_id, cast(enrolled_on as varchar), cast(discharged_on as "
            "varchar), discharge_reason from enrollments where enrolled_on >= '2026-10-01' "
            "and participant_id in (?, ?) order by enrolled_on", [one, two]).fetchall() == [
            (one, "2026-10-05", None, None), (two, "2026-10-13", "2026-11-02", "dropped_out")]
    finally:
        served.close()
    page.goto(f"{fresh_server}/upload?role=Analyst")  # another day's session, the same files
    expect(page.get_by_text("Upload program exports")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    files.first.set_input_files([str(export), str(book)])
    expect(page.get_by_text("Dry run")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    expect(page.get_by_text("Read through the saved mapping Sample REDCap enrollments")
           ).to_be_visible()
    expect(page.get_by_text("Nothing to load: every valid row is already in the database")
           ).to_be_visible()

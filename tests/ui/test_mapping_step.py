"""The mapping step's widgets (ui/mapping_step.py) through AppTest: left as prefilled they say
exactly the suggested mapping, and a code chosen for a label with none is in the mapping they
say. (Uploading and the buttons are driven in tests/browser/test_mapping_browser.py.)"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _step() -> None:
    import streamlit as st

    from ingest.suggest import headed, suggest_mapping
    from ingest.text import read_delimited
    from tests.ingest.test_suggest import KNOWN, SERVICE_LOG
    from ui.mapping_step import mapping_step

    raw = read_delimited(SERVICE_LOG.encode())[0]
    start = suggest_mapping("Harbor case management", headed(raw), KNOWN)
    st.session_state["start"] = start
    st.session_state["said"] = mapping_step("service_log.csv", headed(raw), raw, start, KNOWN)


def test_the_widgets_left_as_prefilled_say_the_suggested_mapping():
    at = AppTest.from_function(_step, default_timeout=60).run()
    assert not at.exception
    assert at.session_state["said"] == at.session_state["start"]
    assert [w.value for w in at.warning] == [  # flagged once, beside the labels
        "1 label of contact_type (2 rows) has no code yet. Choose one, or those rows will not "
        "load."]


def test_a_code_chosen_for_a_label_is_in_the_mapping():
    at = AppTest.from_function(_step, default_timeout=60).run()
    (home,) = [s for s in at.selectbox if s.label == "Code for Home Visit"]
    assert home.value is None
    home.set_value("outreach").run()
    assert not at.exception and not at.warning
    said = at.session_state["said"]
    assert said.records[0].codes("contact_type") == {
        "home visit": "outreach", "check-in call": "check_in",
        "peer session": "engagement_session"}


def test_a_column_can_be_a_value_for_every_row_or_not_given():
    at = AppTest.from_function(_step, default_timeout=60).run()
    (mode,) = [s for s in at.selectbox if s.label == "How to get mode"]
    mode.select_index(1).run()  # the same value in every row
    (value,) = [t for t in at.text_input if t.label == "Value for mode"]
    value.input("phone").run()
    ways = dict(at.session_state["said"].records[0].ways)
    assert ways["mode"].value == "phone"
    (minutes,) = [s for s in at.selectbox if s.label == "How to get minutes"]
    minutes.select_index(0).run()  # not given
    assert "minutes" not in dict(at.session_state["said"].records[0].ways)
    assert "Not given yet: minutes (required)." in at.warning[0].value


def test_the_mapping_said_carries_its_toml_for_saving_and_the_import_archive():
    from ingest.mapping import parse_mapping

    at = AppTest.from_function(_step, default_timeout=60).run()
    said = at.session_state["said"]
    assert said.text.startswith('name = "Harbor case management"')
    assert parse_mapping(said.text) == said


def _redcap_step() -> None:
    import streamlit as st

    from ingest.suggest import Known, headed, suggest_mapping
    from ingest.text import read_delimited
    from tests.ingest.test_mapping import REDCAP_EXPORT
    from ui.mapping_step import mapping_step

    raw = read_delimited(REDCAP_EXPORT.encode())[0]
    start = suggest_mapping("Harbor REDCap", headed(raw), Known())
    st.session_state["said"] = mapping_step("redcap.csv", headed(raw), raw, start, Known())


def test_rows_are_picked_by_the_values_of_a_column():
    at = AppTest.from_function(_redcap_step, default_timeout=60).run()
    (on,) = [s for s in at.selectbox if s.label == "Only rows where the column"]
    on.set_value("redcap_event_name").run()
    (values,) = [m for m in at.multiselect if m.label == "holds one of"]
    assert values.options == ["intake_arm_1", "6_month_arm_1"]  # most rows first
    values.set_value(["intake_arm_1"]).run()
    assert at.session_state["said"].records[0].rows == ("redcap_event_name", ("intake_arm_1",))


def _step_from_a_mapping_of_another_file() -> None:
    import streamlit as st

    from ingest.mapping import parse_mapping
    from ingest.suggest import Known, headed
    from ingest.text import read_delimited
    from tests.ingest.test_mapping import SERVICE_LOG_MAPPING
    from tests.ingest.test_suggest import SERVICE_LOG
    from ui.mapping_step import mapping_step

    raw = read_delimited(SERVICE_LOG.replace("Staff Name", "Worker").encode())[0]
    start = parse_mapping(SERVICE_LOG_MAPPING)
    st.session_state["said"] = mapping_step("log.csv", headed(raw), raw, start, Known())


def test_a_mapping_that_cannot_read_the_file_says_which_header_it_lacks():
    at = AppTest.from_function(_step_from_a_mapping_of_another_file, default_timeout=60).run()
    assert not at.exception
    (way,) = [s for s in at.selectbox if s.label == "How to get worker_id"]
    assert way.value.header == "Staff Name"  # kept, though the file has no such header
    assert "reads the header 'Staff Name', which this file does not have" in \
        at.warning[-1].value

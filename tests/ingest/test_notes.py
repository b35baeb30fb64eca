"""Annotations and targets (access/notes.py): the dashboard's own records, audited, set by
analysts only, and never touched by an import or its undo."""

from __future__ import annotations

from datetime import date

import pytest

from access.notes import (
    TARGET_KINDS,
    NoteRefused,
    add_annotation,
    clear_target,
    remove_annotation,
    set_target,
)
from access.viewer import NotAllowed
from ingest.undo import undo
from metrics.targets import TARGET_METRICS
from queries.notes import (
    ProgramNotes,
    program_annotations,
    restarts,
    scope_notes,
    target_for,
    targets,
)
from queries.scope import Every, Scope
from settings import Settings
from tests.conftest import own_rows
from tests.ingest.conftest import CONTACTS_HEADER, upload

ANALYST = ("ana@example.org", "analyst")


def _audit(db) -> list[tuple[str, str]]:
    return own_rows(db, "select action, what from audit_log order by event_id")


def test_an_annotation_is_stored_shown_for_its_program_and_audited(base_db):
    add_annotation(base_db, "harbor", date(2026, 3, 1), "New intake process", True, *ANALYST)
    add_annotation(base_db, "harbor", date(2026, 6, 15), "Moved office", False, *ANALYST)
    notes = program_annotations(base_db, ("harbor",))
    assert notes["note"].to_list() == ["New intake process", "Moved office"]
    assert notes["program_name"][0] == "Harbor Recovery"
    assert restarts(notes) == [date(2026, 3, 1)]
    assert program_annotations(base_db, ("other",)).is_empty()
    assert _audit(base_db)[0] == ("annotations", "added for Harbor Recovery on 2026-03-01: "
                                  "New intake process (restarts the control limits)")
    remove_annotation(base_db, int(notes["annotation_id"][1]), *ANALYST)
    assert program_annotations(base_db, Every.ALL).height == 1
    assert _audit(base_db)[-1][1] == "removed from harbor on 2026-06-15: Moved office"


@pytest.mark.parametrize(("program", "note", "words"), [
    ("harbor", "  ", "Say in a few words what changed"),
    ("harbor", "x" * 201, "keep it to 200"),
    ("nowhere", "New lead", "No program has the id 'nowhere'"),
])
def test_a_bad_annotation_gets_a_sentence_and_changes_nothing(base_db, program, note, words):
    with pytest.raises(NoteRefused, match=words):
        add_annotation(base_db, program, date(2026, 3, 1), note, False, *ANALYST)
    assert program_annotations(base_db, Every.ALL).is_empty() and _audit(base_db) == []


@pytest.mark.parametrize("role", ["supervisor", "funder", "admin"])
def test_only_analysts_set_annotations_and_targets(base_db, role):
    with pytest.raises(NotAllowed, match="an analyst can"):
        add_annotation(base_db, "harbor", date(2026, 3, 1), "x", False, "x@example.org", role)
    with pytest.raises(NotAllowed):
        set_target(base_db, "harbor", "followup_rate", 0.7, "x@example.org", role)


def test_a_target_is_set_replaced_cleared_and_judged_against(base_db):
    settings = Settings()
    set_target(base_db, "harbor", "followup_rate", 0.7, *ANALYST)
    set_target(base_db, "harbor", "followup_rate", 0.75, *ANALYST)
    own = targets(base_db, Every.ALL)
    assert own.select("metric", "target").rows() == [("followup_rate", 0.75)]
    line = target_for("followup_rate", own, ["harbor"], settings)
    assert (line.value, line.source) == (0.75, "Harbor Recovery's own")
    # two programs: the setting, not one program's own
    assert target_for("followup_rate", own, ["harbor", "mesa"], settings).value == 0.80
    clear_target(base_db, "harbor", "followup_rate", *ANALYST)
    assert target_for("followup_rate", targets(base_db, Every.ALL), ["harbor"], settings).value \
        == settings.followup_rate_target
    assert [w for a, w in _audit(base_db) if a == "targets"] == [
        "Harbor Recovery: followup rate target 0.7", "Harbor Recovery: followup rate target 0.75",
        "harbor: followup rate target back to the default"]


def test_intake_targets_add_up_over_programs_and_none_is_no_line(base_db):
    settings = Settings(intakes_per_quarter_target=30)
    set_target(base_db, "harbor", "intakes_per_quarter", 45, *ANALYST)
    own = targets(base_db, Every.ALL)
    assert target_for("intakes_per_quarter", own, ["harbor", "mesa"], settings).value == 75
    assert target_for("intakes_per_quarter", own.clear(), ["mesa"], Settings()) is None


@pytest.mark.parametrize(("metric", "value", "words"), [
    ("followup_rate", 1.2, "between 0% and 100%"), ("caseload_per_fte", -1, "0 or more"),
    ("happiness", 1, "No target can be set for 'happiness'")])
def test_a_bad_target_gets_a_sentence(base_db, metric, value, words):
    with pytest.raises(NoteRefused, match=words):
        set_target(base_db, "harbor", metric, value, *ANALYST)


def test_the_writers_know_the_same_target_metrics_as_the_vocabulary():
    assert set(TARGET_KINDS) == set(TARGET_METRICS)
    assert {k for k, p in TARGET_KINDS.items() if p} == {
        k for k, m in TARGET_METRICS.items() if m.unit == "proportion"}
    for metric in TARGET_METRICS.values():
        assert hasattr(Settings(), metric.setting)


def test_imports_and_their_undo_never_touch_annotations_or_targets(base_db):
    add_annotation(base_db, "harbor", date(2026, 3, 1), "New intake process", True, *ANALYST)
    set_target(base_db, "harbor", "early_engagement", 0.6, *ANALYST)
    def own() -> dict[str, list[tuple]]:
        return {t: own_rows(base_db, f"select * from {t} order by all")
                for t in ("annotations", "targets")}

    before = own()
    programs = b"program_id,program_name\nharbor,Harbor Recovery (renamed)\n"
    contacts = (CONTACTS_HEADER + "C2,E1,W0002,2026-01-13,check_in,phone,15\n").encode()
    first = upload(base_db, [("programs.csv", programs)])
    second = upload(base_db, [("contacts.csv", contacts)])
    after_import = own()
    undo(base_db.con, second, "test analyst")
    undo(base_db.con, first, "test analyst")
    assert after_import == before == own()
    assert program_annotations(base_db, ("harbor",))["program_name"][0] == "Harbor Recovery"


def test_a_restart_starts_new_limits_on_its_programs_charts_only(base_db):
    add_annotation(base_db, "harbor", date(2026, 3, 1), "New intake process", True, *ANALYST)
    notes = ProgramNotes(program_annotations(base_db, Every.ALL),
                         targets(base_db, Every.ALL))
    span = (date(2026, 1, 1), date(2026, 11, 20))
    alone = scope_notes(notes, Scope(("harbor",), *span), ["harbor", "mesa"], Settings())
    together = scope_notes(notes, Scope(Every.ALL, *span), ["harbor", "mesa"], Settings())
    assert alone.restarts == [date(2026, 3, 1)] and not alone.several
    assert together.restarts == [] and together.several  # drawn, not restarting the sum
    assert together.shown["note"].to_list() == ["New intake process"]
    assert scope_notes(notes, Scope(("mesa",), *span), ["harbor", "mesa"],
                       Settings()).shown.is_empty()

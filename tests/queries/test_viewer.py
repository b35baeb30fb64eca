"""A viewer's programs cut every scope down; claims and users rows say who the viewer is."""

from datetime import date

import pytest

from access.viewer import NotAllowed, Viewer, parse_programs, problem, viewer_from_claims
from queries.scope import Every, Scope, identified_scope, scope_for_viewer

ALL = Scope(Every.ALL, date(2026, 1, 1), date(2026, 3, 31))
HARBOR = Viewer("sup@example.org", "supervisor", ("harbor",), signed_in=True)


def test_a_supervisor_sees_only_their_programs_whatever_was_chosen():
    assert scope_for_viewer(HARBOR, ALL).programs == ("harbor",)
    chosen = Scope(("harbor", "mesa"), ALL.start, ALL.end)
    assert scope_for_viewer(HARBOR, chosen).programs == ("harbor",)
    other = Scope(("mesa",), ALL.start, ALL.end)
    assert scope_for_viewer(HARBOR, other).programs == ()
    assert scope_for_viewer(HARBOR, other).params()["programs"] == []


def test_a_viewer_of_every_program_keeps_the_choice():
    analyst = Viewer("a@example.org", "analyst")
    chosen = Scope(("mesa",), ALL.start, ALL.end)
    assert scope_for_viewer(analyst, chosen) == chosen
    assert identified_scope(analyst, ALL) == ALL


def test_funders_and_admins_cannot_reach_identified_queries():
    for role in ("funder", "admin"):
        with pytest.raises(NotAllowed):
            identified_scope(Viewer("f@example.org", role), ALL)


@pytest.mark.parametrize(("raw", "programs"), [
    (None, None), ("", None), ("*", None), ("all", None), ([], None),
    ("harbor", ("harbor",)), ("mesa, harbor", ("harbor", "mesa")),
    (["mesa", "harbor", "mesa"], ("harbor", "mesa")),
])
def test_programs_from_a_claim_or_a_row(raw, programs):
    assert parse_programs(raw) == programs


def test_claims_name_the_role_and_programs():
    claims = {"sub": "x", "email": "sup@example.org", "peerdash_role": "supervisor",
              "peerdash_programs": ["harbor"]}
    assert viewer_from_claims(claims, "peerdash_role", "peerdash_programs") == HARBOR
    assert viewer_from_claims({"email": "x@example.org"}, "peerdash_role", "p") is None


def test_problems_are_sentences():
    assert problem(HARBOR) is None
    assert "not one this dashboard knows" in problem(Viewer("v@example.org", "visitor"))
    everyone = Viewer("s@example.org", "supervisor", None, signed_in=True)
    assert "no programs are set up for you. Ask an admin." in problem(everyone)
    assert problem(Viewer("demo supervisor", "supervisor")) is None  # demo: every program

"""The users table and the audit trail: changes are checked, saved, and each one audited."""

from __future__ import annotations

import json
from datetime import date

import pytest

from access.audit import record
from access.users import UserRefused, remove_user, save_user
from queries.admin import audit_trail
from tests.conftest import own_rows


def rows(db, sql):
    return own_rows(db, sql)  # users and the audit trail are the dashboard's own records


def test_an_admin_adds_changes_and_removes_a_user(base_db):
    save_user(base_db, " Sup@Example.org ", "supervisor", "harbor", "admin@example.org",
              "admin")
    assert base_db.frame("users", email="sup@example.org").row(0)[:3] == (
        "sup@example.org", "supervisor", ["harbor"])
    save_user(base_db, "sup@example.org", "analyst", "", "admin@example.org", "admin")
    assert base_db.frame("users", email=None)["programs"].to_list() == [None]
    remove_user(base_db, "sup@example.org", "admin@example.org", "admin")
    assert base_db.frame("users", email="sup@example.org").is_empty()
    trail = audit_trail(base_db, action="users", limit=10)
    assert trail["what"].to_list() == [
        "removed sup@example.org", "changed sup@example.org: analyst, programs all",
        "added sup@example.org: supervisor, programs harbor"]
    assert set(trail["who"]) == {"admin@example.org"}


@pytest.mark.parametrize(("email", "role", "programs", "sentence"), [
    ("not-an-address", "analyst", "", "is not an e-mail address"),
    ("x@example.org", "boss", "", "The role 'boss' is not one of"),
    ("x@example.org", "supervisor", "", "choose at least one"),
    ("x@example.org", "supervisor", "harbor, nowhere", "No program has the id nowhere"),
])
def test_a_bad_user_is_refused_with_a_sentence(base_db, email, role, programs, sentence):
    with pytest.raises(UserRefused, match=sentence):
        save_user(base_db, email, role, programs, "admin@example.org", "admin")
    assert rows(base_db, "select count(*) from users") == [(0,)]
    assert rows(base_db, "select count(*) from audit_log") == [(0,)]


def test_an_admin_cannot_remove_themself_or_a_stranger(base_db):
    with pytest.raises(UserRefused, match="cannot remove yourself"):
        remove_user(base_db, "a@example.org", "a@example.org", "admin")
    with pytest.raises(UserRefused, match="No user b@example"):
        remove_user(base_db, "b@example.org", "a@example.org", "admin")


def test_a_download_is_kept_with_its_filters(fresh_db):
    record(fresh_db, "sup@example.org", "supervisor", "download", "engagement: retention",
           {"programs": ["harbor"], "dates": [date(2026, 1, 1), date(2026, 3, 31)]})
    record(fresh_db, "a@example.org", "analyst", "import", "import 3")
    newest = audit_trail(fresh_db, action=None, limit=1).row(0, named=True)
    assert (newest["who"], newest["action"], newest["filters"]) == (
        "a@example.org", "import", None)
    download = audit_trail(fresh_db, action="download", limit=5).row(0, named=True)
    assert json.loads(download["filters"]) == {"dates": ["2026-01-01", "2026-03-31"],
                                               "programs": ["harbor"]}
    with pytest.raises(ValueError, match="unknown audit action"):
        record(fresh_db, "x", "analyst", "peek", "x")

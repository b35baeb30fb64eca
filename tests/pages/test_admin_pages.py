"""The admin pages: the users table, which gives a role to a person who signs in without a role
claim; the audit trail lists sign-ins, newest first. (The form is driven in the browser.)"""

from __future__ import annotations

import shutil

import pytest

from access.users import save_user
from metrics.text import as_markdown
from tests.pages.apptest import all_text, run_app
from ui.data import database

ADMIN = {"is_logged_in": True, "email": "admin@example.org", "peerdash_role": "admin"}


@pytest.fixture
def db(sample_path, tmp_path):
    path = tmp_path / "admin.duckdb"
    shutil.copy(sample_path, path)
    return path


def test_a_user_in_the_table_signs_in_with_its_role(monkeypatch, db):
    at = run_app(monkeypatch, db, page="users", user=ADMIN)
    assert not at.exception
    assert "No users yet" in at.info[0].value
    assert [w.label for w in (*at.text_input, *at.selectbox, *at.multiselect)] == [
        "E-mail", "Role", "Programs"]
    # as the Users page saves it: into the own records, beside the served version
    save_user(database(str(db)), "Sup@Example.org", "supervisor", ["harbor"],
              "admin@example.org", "admin")
    # Signed in without any role claim: the table gives the role and the programs.
    again = run_app(monkeypatch, db, user={"is_logged_in": True, "email": "sup@example.org"})
    assert not again.exception
    assert f"Signed in as {as_markdown('sup@example.org')} · supervisor" in all_text(again)
    assert again.sidebar.multiselect[0].options == ["Harbor Recovery Community Center"]
    listed = run_app(monkeypatch, db, page="users", user=ADMIN).dataframe[0].value
    assert listed.loc[0, "email"] == "sup@example.org"
    assert list(listed.loc[0, "programs"]) == ["harbor"]


def test_the_audit_trail_shows_sign_ins_and_refusals(monkeypatch, db):
    run_app(monkeypatch, db, user={"is_logged_in": True, "email": "stranger@example.org"})
    run_app(monkeypatch, db, user={**ADMIN, "email": "first@example.org",
                                   "peerdash_role": "analyst"})
    at = run_app(monkeypatch, db, page="audit", user=ADMIN)
    assert not at.exception
    trail = at.dataframe[0].value
    assert list(trail["who"]) == ["admin@example.org", "first@example.org",
                                  "stranger@example.org"]
    assert list(trail["action"]) == ["sign_in"] * 3
    assert list(trail["what"][1:]) == ["signed in as analyst, programs all",
                                       "refused: no role is set up"]


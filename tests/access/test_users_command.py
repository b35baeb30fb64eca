"""python -m access users: a deployment's users from the command line, run as a new deployment
runs it (a separate process, on a real generated database), read back as the app reads them:
the users table of the dashboard's own records, its audit trail, and a sign-in."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from queries.admin import audit_trail
from tests.pages.apptest import all_text, run_app
from ui.data import database

ROOT = Path(__file__).parents[2]


def users(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "access", "users", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def db(sample_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "records.duckdb"
    shutil.copy(sample_path, path)
    return path


def test_the_first_admin_is_added_listed_changed_and_removed_each_audited(db, monkeypatch):
    done = users(db, "add", "--db", str(db), " Admin@Example.org ", "admin", "--by", "setup")
    assert done.returncode == 0, done.stderr
    assert users(db, "add", "--db", str(db), "sup@example.org", "supervisor",
                 "--programs", "harbor,mesa", "--by", "setup").returncode == 0
    listed = users(db, "list", "--db", str(db))
    assert listed.stdout.splitlines()[0].startswith("admin@example.org\tadmin\tall programs\t")
    assert listed.stdout.splitlines()[1].startswith("sup@example.org\tsupervisor\tharbor,mesa")
    # the app's own reading: the users table beside the database, and the audit trail
    app = database(str(db))
    assert app.frame("users", email="admin@example.org").row(0)[:3] == (
        "admin@example.org", "admin", None)
    assert users(db, "remove", "--db", str(db), "SUP@example.org", "--by", "setup"
                 ).returncode == 0
    assert app.frame("users", email=None)["email"].to_list() == ["admin@example.org"]
    trail = audit_trail(app, action="users", limit=10)
    assert trail.select("who", "role", "what").rows() == [
        ("setup", "command line", "removed sup@example.org"),
        ("setup", "command line", "added sup@example.org: supervisor, programs harbor, mesa"),
        ("setup", "command line", "added admin@example.org: admin, programs all")]
    # and the app signs the admin in with that role, the token carrying no role claim
    at = run_app(monkeypatch, db, user={"is_logged_in": True, "email": "admin@example.org"})
    assert not at.exception
    assert "· admin" in all_text(at)


def test_a_bad_user_or_database_is_refused_with_a_sentence_and_nothing_written(db, tmp_path):
    refused = users(db, "add", "--db", str(db), "sup@example.org", "supervisor")
    assert refused.returncode == 1
    assert "choose at least one" in refused.stderr and "Nothing was changed" in refused.stderr
    assert users(db, "remove", "--db", str(db), "nobody@example.org").returncode == 1
    assert users(db, "add", "--db", str(db), "x@example.org", "boss").returncode == 2
    missing = users(db, "list", "--db", str(tmp_path / "none.duckdb"))
    assert missing.returncode == 3 and "does not exist" in missing.stderr
    app = database(str(db))
    assert app.frame("users", email=None).is_empty()
    assert audit_trail(app, action="users", limit=10).is_empty()

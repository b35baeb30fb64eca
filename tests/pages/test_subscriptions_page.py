"""The Subscriptions page: each signed-in person sees and changes their own digest (and a
supervisor their alerts), saved in the own records and audited as alerts/ audits it; an admin
sees every user and what they get; a demo viewer, who has no address, changes nothing; and
without a mail server a sentence says no mail goes out while the page still works."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from access.users import save_user
from alerts.compose import Message
from alerts.outbox import mark_sent, outbox, queue
from metrics.text import as_markdown
from tests.conftest import own_rows, scalar
from tests.pages.apptest import AUTH, ROOT, all_text
from ui.data import database

USERS = {"sup-harbor@example.org": ("supervisor", ["harbor"]),
         "zara@example.org": ("analyst", None), "finn@example.org": ("funder", None),
         "ada@example.org": ("admin", None)}
NO_MAIL = "No mail is sent until PEERDASH_SMTP_HOST and PEERDASH_MAIL_FROM are set"


@pytest.fixture(autouse=True)
def no_mail_server(monkeypatch) -> None:
    for name in ("PEERDASH_SMTP_HOST", "PEERDASH_MAIL_FROM", "PEERDASH_SMTP_USER",
                 "PEERDASH_SMTP_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def db(own_db: Path) -> Path:
    """A copy of the sample with a user of each role."""
    for email, (role, programs) in USERS.items():
        save_user(database(str(own_db)), email, role, programs, "test setup", "admin")
    return own_db


def page(monkeypatch, db: Path, email: str | None = None, role: str | None = None) -> AppTest:
    """pages/subscriptions.py, signed in as `email` (their role from the users table), or as
    the demo's `role`."""
    monkeypatch.setenv("PEERDASH_DB", str(db))
    at = AppTest.from_file(str(ROOT / "pages" / "subscriptions.py"), default_timeout=60)
    if email is not None:
        at.secrets["auth"], at.user = AUTH, {"is_logged_in": True, "email": email}
    else:
        at.session_state["role"] = role
    return at.run()


def saved(db: Path, email: str) -> list[tuple]:
    return own_rows(db, "select digest, alerts, changed_by from mail_subscriptions where "
                        "email = $e", e=email)


def test_a_supervisor_changes_their_cadence_and_the_own_records_say_so(monkeypatch, db):
    email = "sup-harbor@example.org"
    at = page(monkeypatch, db, email)
    assert not at.exception and at.title[0].value == "Subscriptions"
    assert at.radio[0].value == "daily" and at.toggle[0].value is False  # the role's default
    assert "(your role's default until you change it)" in all_text(at)
    assert saved(db, email) == []
    at.radio[0].set_value("weekly")
    at.toggle[0].set_value(True)
    at.button[0].click().run()
    assert not at.exception
    assert saved(db, email) == [("weekly", True, email)]
    assert own_rows(db, "select who, role, what from audit_log where action = 'mail'") == [
        (email, "supervisor", f"subscription of {email}: digest weekly, alerts on")]
    assert at.success[0].value == f"Saved: {as_markdown(email)} gets a weekly digest, with alerts."
    assert at.radio[0].value == "weekly" and at.toggle[0].value is True


def test_a_funder_sees_and_changes_only_their_own(monkeypatch, db):
    at = page(monkeypatch, db, "finn@example.org")
    assert not at.exception
    assert at.radio[0].value == "weekly" and not at.toggle  # no alerts for a funder
    assert not at.dataframe and not at.selectbox
    text = all_text(at)
    assert "whether a new quarter's release is out" in text
    for other in set(USERS) - {"finn@example.org"}:
        assert other not in text and as_markdown(other) not in text
    at.radio[0].set_value("off")
    at.button[0].click().run()
    assert saved(db, "finn@example.org") == [("off", False, "finn@example.org")]


def test_an_admin_sees_every_user_with_their_last_mail_and_changes_anyones(monkeypatch, db):
    queue(database(str(db)), [Message("finn@example.org", "digest", "week 2026-W49",
                                      "Peer Recovery Dashboard: a new quarter's release is out",
                                      "text", "<p>html</p>")])
    mark_sent(database(str(db)), outbox(database(str(db)))[0])
    at = page(monkeypatch, db, "ada@example.org")
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["email"]) == sorted(USERS)
    rows = {r["email"]: r for r in table.to_dict("records")}
    assert rows["sup-harbor@example.org"]["digest"] == "daily (default)"
    assert rows["sup-harbor@example.org"]["programs"] == "Harbor Recovery Community Center"
    assert rows["ada@example.org"]["digest"] == "off (default)"
    assert rows["finn@example.org"]["last_mail"] == ("digest: Peer Recovery Dashboard: a new "
                                                     "quarter's release is out")
    assert rows["finn@example.org"]["sent_at"] is not None
    assert rows["zara@example.org"]["last_mail"] == "none yet"
    at.selectbox(key="subscriptions_user").set_value("zara@example.org").run()
    at.radio[0].set_value("daily")
    at.button[0].click().run()
    assert not at.exception
    assert saved(db, "zara@example.org") == [("daily", False, "ada@example.org")]
    assert at.dataframe[0].value.set_index("email").loc["zara@example.org", "digest"] == "daily"


def test_an_admin_changes_only_the_people_who_can_get_mail(monkeypatch, db):
    save_user(database(str(db)), "pat@example.org", "peer_worker", None, "test setup", "admin",
              scalar(database(str(db)).con, "select min(worker_id) from workers"))
    at = page(monkeypatch, db, "ada@example.org")
    assert "pat@example.org" in list(at.dataframe[0].value["email"])  # seen, digest off
    assert at.selectbox(key="subscriptions_user").options == [  # an admin's is always off
        "finn@example.org", "sup-harbor@example.org", "zara@example.org"]


def test_without_a_mail_server_a_sentence_says_so_and_the_page_still_works(monkeypatch, db):
    at = page(monkeypatch, db, "zara@example.org")
    assert not at.exception
    assert NO_MAIL in at.info[0].value
    assert at.radio[0].value == "weekly" and at.button[0].label == "Save"
    monkeypatch.setenv("PEERDASH_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PEERDASH_MAIL_FROM", "dashboard@example.org")
    at = page(monkeypatch, db, "zara@example.org")
    assert not at.exception and NO_MAIL not in all_text(at) and not at.info


def test_the_demo_says_subscriptions_need_sign_in_and_changes_nothing(monkeypatch, db):
    at = page(monkeypatch, db, role="supervisor")
    assert not at.exception
    assert "Subscriptions need sign-in" in all_text(at) and "demo supervisor" in all_text(at)
    assert at.radio[0].value == "daily" and at.radio[0].disabled
    assert at.toggle[0].disabled and not at.button
    admin = page(monkeypatch, db, role="admin")  # who gets what, read only
    assert not admin.exception and list(admin.dataframe[0].value["email"]) == sorted(USERS)
    assert not admin.button and not admin.selectbox


def test_a_person_not_in_the_users_table_is_told_to_ask_an_admin(monkeypatch, db):
    monkeypatch.setenv("PEERDASH_DB", str(db))
    at = AppTest.from_file(str(ROOT / "pages" / "subscriptions.py"), default_timeout=60)
    at.secrets["auth"], at.user = AUTH, {"is_logged_in": True, "email": "new@example.org",
                                         "peerdash_role": "analyst"}
    at.run()
    assert not at.exception
    assert "You get no mail: it goes to the people of the users table" in all_text(at)
    assert at.radio[0].disabled and not at.button

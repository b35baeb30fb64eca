"""The Overview's "Today": what needs action for the signed-in viewer, by the rules their mail
digest uses. The page's lines are the digest's lines (python -m alerts preview composes the
same message), each linked to the page that lists who; funders never see it."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from access.users import save_user
from access.viewer import Viewer
from access.worklists import record_attempt
from alerts.compose import digest
from alerts.subscriptions import subscriptions
from metrics.text import as_markdown
from queries.interviews import interviews_at
from queries.scope import Scope
from queries.today import CLOSING_DAYS, LOOKBACK_DAYS
from settings import load_settings
from tests.conftest import AS_OF
from tests.pages.apptest import all_text, run_app
from ui.data import database

USERS = {"sup-harbor@example.org": ("supervisor", ["harbor"]),
         "analyst@example.org": ("analyst", None)}
LINKS = {"aftercare": "Call list", "workforce": "Needs attention",
         "outcomes": "Interviews due", "import_history": "Import history"}


@pytest.fixture(scope="module")
def users_db(app_db: Path) -> Path:
    """The sample with a supervisor of Harbor and an analyst in the users table."""
    for email, (role, programs) in USERS.items():
        save_user(database(str(app_db)), email, role, programs, "admin@example.org", "admin")
    return app_db


def today_block(at: AppTest):
    """The Today section: the bordered block that starts with its heading."""
    return next(b for b in at.main.children.values() if type(b).__name__ == "Block"
                and any(getattr(c, "value", None) == "**Today**" for c in b.children.values()))


def shown(at: AppTest) -> tuple[list[str], list[str]]:
    """Today's item sentences (each after its icon) and the pages its links open."""
    block = today_block(at)
    lines = [m.value.split(" ", 1)[1] for m in block.markdown if m.value.startswith(":material/")]
    return lines, [link.proto.page for link in block.get("page_link")]


def mailed(db: Path, email: str):
    """The digest the mail command would compose for `email` now (alerts.compose.digest,
    which `python -m alerts preview` prints), as the app's settings are."""
    base = database(str(db))
    sub = next(s for s in subscriptions(base) if s.email == email)
    return digest(base, sub, load_settings(), AS_OF, datetime.now())


@pytest.mark.parametrize("email", list(USERS))
def test_today_says_what_the_digest_says_worst_first(monkeypatch, users_db, email):
    at = run_app(monkeypatch, users_db, user={"is_logged_in": True, "email": email})
    assert not at.exception
    lines, pages = shown(at)
    message = mailed(users_db, email)
    sentences = [line[2:] for line in message.text.splitlines() if line.startswith("- ")]
    assert lines == [as_markdown(s) for s in sentences]
    # The counts: each line's leading number is the digest's count of its rule, in its order.
    counts = [int(re.match(r"[\d,]+", s)[0].replace(",", "")) for s in sentences]
    assert counts == list(message.counts.values()) and len(counts) >= 3
    assert pages == [p for p in (re.search(r"/(\w+)$", line)[1] for line in
                                 message.text.splitlines() if line.startswith("   http"))
                     if p in LINKS]
    assert [link.label for link in today_block(at).get("page_link")] == [LINKS[p] for p in pages]


def test_a_supervisor_of_one_program_counts_fewer_than_the_analyst(users_db):
    harbor, every = (mailed(users_db, e).counts for e in USERS)
    assert harbor["calls"] < every["calls"] and harbor["flags"] < every["flags"]


def test_nothing_to_do_is_one_calm_sentence_once_the_last_item_is_settled(monkeypatch,
                                                                          own_db):
    """Pine Ridge has one thing to do on the sample: an interview whose window closes this
    week. Once its participant is reached (an attempt, in the own records), nothing is left:
    the Overview says so at once (its count is keyed on the own records), as the digest does."""
    email = "sup-pine@example.org"
    save_user(database(str(own_db)), email, "supervisor", ["pine-ridge"], "admin@example.org",
              "admin")
    at = run_app(monkeypatch, own_db, user={"is_logged_in": True, "email": email})
    lines, pages = shown(at)
    assert pages == ["outcomes"] and len(lines) == 1
    assert lines[0].startswith("1 follow-up interview has its window closing within 7 days")
    scope = Scope(("pine-ridge",), AS_OF - timedelta(days=LOOKBACK_DAYS), AS_OF)
    due = interviews_at(database(str(own_db)), scope, AS_OF).filter(
        pl.col("days_left") <= CLOSING_DAYS)
    assert due.height == 1
    record_attempt(database(str(own_db)), Viewer(email, "supervisor", ("pine-ridge",)),
                   due["enrollment_id"][0], "interview", AS_OF, "reached", "", date.today())
    at = run_app(monkeypatch, own_db, user={"is_logged_in": True, "email": email})
    assert not at.exception
    assert shown(at) == ([], [])
    assert "Nothing in your programs needs action today." in all_text(at)
    assert mailed(own_db, email).counts == {}


def test_funders_see_no_today(monkeypatch, app_db):
    at = run_app(monkeypatch, app_db, "funder")
    assert not at.exception
    assert "**Today**" not in all_text(at)

"""The forms on a worker's detail, as the page tests open them: a supervisor of Harbor signed
in, one of another program, and the Workforce page narrowed to a worker (fixtures own_db and
harbor_worker: tests/pages/conftest.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.pages.apptest import AUTH, ROOT
from ui.panels import Focus

PAGE = str(ROOT / "pages" / "workforce.py")
MINE, OTHER = "harbor", "mesa"
SAM = {"is_logged_in": True, "email": "sam@example.org", "peerdash_role": "supervisor",
       "peerdash_programs": [MINE]}
MESA = {**SAM, "email": "mo@example.org", "peerdash_programs": [OTHER]}
DAY = date(2026, 11, 18)  # in the sample's range (its last day: 20 Nov 2026)


def detail(monkeypatch, db: Path, user: dict, worker: tuple[str, str]) -> AppTest:
    """The Workforce page narrowed to the worker, opened by a signed-in `user`."""
    monkeypatch.setenv("PEERDASH_DB", str(db))
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.secrets["auth"], at.user = AUTH, user
    at.session_state["focus:workforce"] = Focus("worker", *worker)
    return at.run()

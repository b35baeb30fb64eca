"""The server made ready before its first reader (serve.py runs this as it starts): the
modules the pages import, the database brought up to date and opened, the summary tables and
the dashboard's own records made sure of. A fresh process otherwise does all of it inside its
first reader's first page (BENCHMARKS.md, "A fresh server's first page, made ready first")."""

from __future__ import annotations

import ast
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from settings import load_settings
from store.own import own_connection
from ui.data import open_database
from ui.legacy_pages import leave_before_any_run
from ui.setup import auth_configured, secrets_section

ROOT = Path(__file__).parents[1]
_log = logging.getLogger(__name__)


def page_imports() -> list[ast.stmt]:
    """The import statements at the top level of app.py and of each page."""
    statements: list[ast.stmt] = []
    for path in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        statements += [node for node in ast.parse(path.read_text()).body
                       if isinstance(node, ast.Import | ast.ImportFrom)
                       and getattr(node, "module", None) != "__future__"]
    return statements


@contextmanager
def _outside_a_page() -> Iterator[None]:
    """Streamlit warns of a thread with no page run ("missing ScriptRunContext") when a cached
    function's spinner is asked for outside one: true here, and nothing is wrong."""
    warns = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    level = warns.level
    warns.setLevel(logging.ERROR)
    try:
        yield
    finally:
        warns.setLevel(level)


def make_ready() -> None:
    """Import what the pages import and leave Streamlit's legacy page mode; then, where a page would open the database (sign-in is
    set up, or a demo may open it), open it now. Anything that fails here is left for the
    first page, which says what is wrong; the server starts all the same."""
    exec(compile(ast.Module(body=page_imports(), type_ignores=[]), "<pages' imports>", "exec"),
         {})
    leave_before_any_run()
    try:
        with _outside_a_page():
            _open_database()
    except Exception as error:  # the first page meets it again, and says so
        _log.warning("The database was not made ready before the first reader (%s); the "
                     "first page opens it.", error)


def _open_database() -> None:
    settings = load_settings(secrets_section("peerdash"))
    if not (auth_configured() or settings.demo_opens):
        return  # a demo on a real database opens nothing (ui/viewer.py)
    database = open_database(settings)
    database.ensure_summaries()
    with own_connection(database):
        pass

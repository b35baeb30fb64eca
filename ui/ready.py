"""The server made ready before its first reader (serve.py runs make_ready as it starts).
A fresh process otherwise does all of this inside its first reader's first page (BENCHMARKS.md,
"A fresh server's first page, made ready first")."""

from __future__ import annotations

import ast
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from settings import ROOT, load_settings
from store.own import own_connection
from ui.data import open_database
from ui.legacy_pages import leave_before_any_run
from ui.setup import secrets_section

_log = logging.getLogger(__name__)


def page_imports(files: list[Path] | None = None) -> list[ast.stmt]:
    """The import statements at the top level of app.py and of each page (or of `files`),
    without `from __future__` (valid only at the top of a file)."""
    statements: list[ast.stmt] = []
    for path in files or [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        statements += [node for node in ast.parse(path.read_text()).body
                       if isinstance(node, ast.Import | ast.ImportFrom)
                       and getattr(node, "module", None) != "__future__"]
    return statements


def make_ready(pages: list[Path] | None = None) -> threading.Thread | None:
    """Import what the pages import and leave Streamlit's legacy page mode, before the server
    takes a request (under a second); then open the database in a thread of its own, which the
    first page waits for if it comes sooner (its spinner says so: a sample generated, an
    upgrade waiting on an import). Nothing here stops the server: what fails is logged and
    left to the first page, which says what is wrong."""
    try:
        exec(compile(ast.Module(body=page_imports(pages), type_ignores=[]), "<pages' imports>",
                     "exec"), {})
    except Exception as error:  # a page that cannot be imported: its own run shows the error
        _log.warning("The pages' modules were not imported before the first reader (%s).",
                     error)
        return None
    leave_before_any_run()
    opening = threading.Thread(target=_open_database, name="open-database", daemon=True)
    opening.start()
    return opening


def _open_database() -> None:
    """The database brought up to date and opened, and its own records made sure of, where
    the app may open it: with sign-in set up, or in a demo allowed on it (ui/viewer.py)."""
    try:
        settings = load_settings(secrets_section("peerdash"))
        if not (secrets_section("auth") or settings.demo_opens):
            return
        with _outside_a_page(), own_connection(open_database(settings)):
            pass
    except Exception as error:  # the first page meets it again, and says so
        _log.warning("The database was not opened before the first reader (%s); the first "
                     "page opens it.", error)


@contextmanager
def _outside_a_page() -> Iterator[None]:
    """Streamlit warns of a thread with no page run ("missing ScriptRunContext") when a cached
    function's spinner is asked for outside one: true of this thread, and nothing is wrong.
    Other threads (the pages' runs) are still heard."""
    this_thread = threading.get_ident()
    warns = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    def quiet(record: logging.LogRecord) -> bool:
        return record.thread != this_thread

    warns.addFilter(quiet)
    try:
        yield
    finally:
        warns.removeFilter(quiet)

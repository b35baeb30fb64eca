"""The house's import rules (docs: README "How it is built"), read off every module's imports:
data flows one way, export -> ingest -> store -> queries -> page -> chart."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PACKAGES = ("store", "access", "metrics", "records", "ingest", "queries", "release", "charts",
            "ui", "pages", "sample_data", "alerts")


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


MODULES = {_module(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}
MODULES.update({"app": ROOT / "app.py", "settings": ROOT / "settings.py"})


@cache
def imports(module: str) -> frozenset[str]:
    """Every module this one imports (top-level names: `duckdb`, `store.database`)."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return frozenset(found)


@cache
def reaches(module: str, target: str) -> bool:
    """Whether the module imports `target`, itself or through our modules it imports."""
    direct = imports(module)
    if any(m == target or m.startswith(target + ".") for m in direct):
        return True
    return any(reaches(m, target) for m in direct if m in MODULES and m != module)


def _in(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def own_imports(module: str) -> set[str]:
    return {m for m in imports(module) if m in MODULES or m.split(".")[0] in PACKAGES}


def test_the_rules_see_every_module():
    assert len(MODULES) > 100
    assert imports("store.database") >= {"store.sql", "store.summaries"}


@pytest.mark.parametrize(("side", "other"), [("queries", "ingest"), ("ingest", "queries"),
                                             ("release", "ingest"), ("ingest", "release")])
def test_the_read_and_write_sides_never_import_each_other(side, other):
    bad = {m: sorted(i for i in own_imports(m) if _in(i, other))
           for m in MODULES if _in(m, side)}
    assert not {m: i for m, i in bad.items() if i}


@pytest.mark.parametrize("package", ["store", "access", "metrics", "records"])
def test_the_ground_imports_no_side(package):
    allowed = {"store": ("store", "records"), "access": ("access", "store", "records"),
               "metrics": ("metrics", "records"), "records": ("records",)}[package]
    bad = {m: sorted(i for i in own_imports(m) if not any(_in(i, a) for a in allowed))
           for m in MODULES if _in(m, package)}
    assert not {m: i for m, i in bad.items() if i}


def test_the_release_reads_the_database_and_the_metrics_only():
    """The funder release (release/) is built from tables the read side has counted: it opens
    nothing but the database handle and the store, and never reaches a page's figures, a
    chart or a page (queries.funder calls it, not the other way round)."""
    allowed = ("release", "metrics", "records", "store", "settings", "store.database")
    bad = {m: sorted(i for i in own_imports(m) if not any(_in(i, a) for a in allowed))
           for m in MODULES if _in(m, "release") and m != "release.__main__"}
    assert not {m: i for m, i in bad.items() if i}


def test_the_mail_reads_what_the_pages_read():
    """alerts/ composes from the read side's figures (queries/today.py, the release kept) and
    writes only its own records: never the write side, a chart or a page."""
    bad = {m: sorted(i for i in own_imports(m) if any(_in(i, p) for p in
                                                      ("ingest", "charts", "ui", "pages")))
           for m in MODULES if _in(m, "alerts")}
    assert [m for m in MODULES if _in(m, "alerts")] and not {m: i for m, i in bad.items() if i}


def test_sample_data_writes_through_the_store_only():
    bad = {m: sorted(i for i in own_imports(m) if _in(i, "queries") or _in(i, "ingest"))
           for m in MODULES if _in(m, "sample_data")}
    assert not {m: i for m, i in bad.items() if i}


def test_charts_import_nothing_that_opens_a_database():
    assert not [m for m in MODULES if _in(m, "charts") and reaches(m, "duckdb")]


def test_charts_take_their_vocabulary_from_metrics_not_queries():
    assert not [m for m in MODULES if _in(m, "charts")
                and any(_in(i, "queries") for i in own_imports(m))]


def test_pages_never_import_duckdb_nor_reach_for_a_connection():
    pages = [m for m in MODULES if _in(m, "pages") or _in(m, "ui")]
    assert not [m for m in pages if "duckdb" in imports(m)]
    assert not [m for m in pages if ".con." in MODULES[m].read_text() or
                ".con," in MODULES[m].read_text() or ".con)" in MODULES[m].read_text()]


@pytest.mark.parametrize("package", ["store", "access", "metrics", "records", "ingest",
                                     "charts", "sample_data"])
def test_only_the_ui_meets_streamlit(package):
    assert not [m for m in MODULES if _in(m, package) and reaches(m, "streamlit")]


@pytest.mark.parametrize("package", ["queries", "release", "alerts"])
def test_the_read_side_never_meets_streamlit(package):
    """Page figures and the release are plain functions (the alerts, the release command and
    the benchmarks call them without a server); ui/data.py caches them for the pages."""
    assert not [m for m in MODULES if _in(m, package) and reaches(m, "streamlit")]


# What a page may not import: the database handle, the cached reads, and the reads of the
# dashboard's own records (each takes a handle). A page reads through ctx.data (ui/context.py).
HANDLES = ("store.database", "store.lake", "store.spark", "ui.data", "queries.admin")


def _pages() -> list[str]:
    return [m for m in MODULES if _in(m, "pages")]


def test_every_page_reads_through_its_context():
    """Pages hold no database handle: no import of one, no call of `database(...)`, and
    every page opens with page_context() or unscoped_context(), the role checked first."""
    pages = _pages()
    assert len(pages) >= 12
    bad = {m: sorted(i for i in own_imports(m) if any(_in(i, h) for h in HANDLES))
           for m in pages}
    assert not {m: i for m, i in bad.items() if i}
    calls = [f"{m}:{node.lineno}" for m in pages
             for node in ast.walk(ast.parse(MODULES[m].read_text(encoding="utf-8")))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
             and node.func.id in ("database", "open_database", "connect")]
    assert not calls
    assert [m for m in pages if not any(
        f"{opener}(" in MODULES[m].read_text(encoding="utf-8")
        for opener in ("page_context", "unscoped_context"))] == []


def test_the_rules_would_catch_a_breach(tmp_path):
    """A chart that imports the read side's database is caught by the same check."""
    MODULES["charts._breach"] = tmp_path / "breach.py"
    (tmp_path / "breach.py").write_text("from store.database import Database\n")
    try:
        assert reaches("charts._breach", "duckdb")
    finally:
        del MODULES["charts._breach"]
        reaches.cache_clear()
        imports.cache_clear()


def test_every_browser_test_file_carries_the_browser_marker():
    """`pytest -m "not browser"` must leave out every test that needs Chromium."""
    files = sorted((ROOT / "tests" / "browser").glob("test_*.py"))
    assert files
    assert [f.name for f in files
            if "pytestmark = pytest.mark.browser" not in f.read_text(encoding="utf-8")] == []


def test_no_browser_test_waits_on_the_clock():
    """Browser tests wait for what the page shows (tests/browser/waits.py), never a fixed pause:
    a loaded machine makes any pause too short some day. time.sleep stays only as the interval
    of two polls of a condition outside the browser: the server answering its health check
    (conftest.py) and an importer process beginning its copy."""
    polls = {"conftest.py": 1, "test_serving_while_importing_browser.py": 1}
    found = {f.name: f.read_text(encoding="utf-8")
             for f in (ROOT / "tests" / "browser").glob("*.py")}
    assert [name for name, text in found.items() if "wait_for_timeout(" in text] == []
    assert {name: text.count("time.sleep(") for name, text in found.items()
            if "time.sleep(" in text} == polls


def _sql_calls(modules: dict[str, Path]) -> list[str]:
    reads = {"frame", "sql", "execute", "cursor"}
    return [f"{m}:{node.lineno} .{node.func.attr}()" for m, path in modules.items()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in reads]


def test_pages_are_storyboards():
    """A page is its context, figures, empty state and sections (in ui/): none over about 80
    lines, so a newcomer reads one in a screen or two."""
    assert {m: n for m in _pages()
            if (n := len(MODULES[m].read_text(encoding="utf-8").splitlines())) > 90} == {}


def test_the_page_rules_would_catch_a_page_that_runs_sql(tmp_path):
    """A page that opens the database and names SQL breaks both rules."""
    page = tmp_path / "breach.py"
    page.write_text("from ui.data import database\n\n"
                    "rows = database('x.duckdb').frame('users', email=None)\n")
    MODULES["pages._breach"] = page
    try:
        with pytest.raises(AssertionError):
            test_every_page_reads_through_its_context()
        assert _sql_calls({"pages._breach": page}) == ["pages._breach:3 .frame()"]
    finally:
        del MODULES["pages._breach"]
        imports.cache_clear()
        reaches.cache_clear()


def test_pages_and_ui_name_no_sql():
    """Pages and ui/ read through the functions of queries/ (ui/data.py's PageData for
    figures and for the own records and imports), never by naming a SQL file or running
    SQL on a handle (db.frame("users", ...)): the import rules above cannot see such a read."""
    assert not _sql_calls({m: path for m, path in MODULES.items()
                           if _in(m, "pages") or _in(m, "ui") or m == "app"})


def test_every_date_is_written_one_way():
    """Dates on pages and in ui/ come from metrics/formats.py (2 Nov 2026 shown, 2026-11-02
    typed): no page spells a format of its own, so no US reader meets 06/12 as June 12."""
    spelled = re.compile(r'''format=["'][^"']*(YYYY|MMM|DD)|%d/%m|%m/%d''')
    bad = [f"{m}:{n}" for m in MODULES if _in(m, "pages") or _in(m, "ui")
           for n, line in enumerate(MODULES[m].read_text(encoding="utf-8").splitlines(), 1)
           if spelled.search(line) or re.search(r'= "D MMM', line)]
    assert bad == []

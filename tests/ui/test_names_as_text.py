"""A program and a worker named with markdown and HTML, through the pages as AppTest runs them:
every sentence, caption and box that names them carries the escaped name (metrics.text), none
the raw one that Streamlit would draw as an image or a link."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from metrics.text import as_markdown
from store.versions import bump_data_version
from tests.pages.apptest import EVERY_SECTION, all_text, run_app
from ui.panels import Focus

EVIL = "Evil ![p](http://127.0.0.1:8609/x.png)"
WORKER = "<img src=http://127.0.0.1:8609/w.png> **Bo**"


@pytest.fixture(scope="module")
def hostile_db(sample_path: Path, tmp_path_factory) -> Path:
    """The sample with Harbor renamed EVIL and its busiest worker renamed WORKER."""
    path = tmp_path_factory.mktemp("names") / "app.duckdb"
    shutil.copy(sample_path, path)
    con = duckdb.connect(str(path))
    con.execute("update programs set program_name = $n where program_id = 'harbor'", {"n": EVIL})
    con.execute("update workers set display_name = $n where worker_id = (select worker_id from "
                "enrollments where program_id = 'harbor' group by worker_id "
                "order by count(*) desc, worker_id limit 1)", {"n": WORKER})
    bump_data_version(con, "hostile names")
    con.close()
    return path


@pytest.fixture(autouse=True)
def demo_any_database(monkeypatch) -> None:
    monkeypatch.setenv("PEERDASH_DEMO_ANY_DATABASE", "true")


@pytest.mark.parametrize("page", ["overview", "engagement", "aftercare", "workforce",
                                  "outcomes"])
def test_no_page_writes_a_name_as_markdown(monkeypatch, hostile_db, page):
    at = run_app(monkeypatch, hostile_db, "analyst", page=None if page == "overview" else page,
                 programs=EVIL, **EVERY_SECTION.get(page, {}))  # every section open
    assert not at.exception
    text = all_text(at) + "".join(e.label for e in at.expander)
    assert "![p](" not in text and "**Bo**" not in text
    assert not re.search(r"(?<!\\)<img", text)  # only ever as \<img, shown as the characters
    if page in ("overview", "engagement", "outcomes"):  # named in the caption or a reading
        assert as_markdown(EVIL) in text


def test_a_focus_label_is_text(monkeypatch, hostile_db):
    """The label of what a click (or a ?focus= link) narrowed the page to."""
    at = run_app(monkeypatch, hostile_db, "analyst")
    at.session_state["focus:engagement"] = Focus("program", "harbor", EVIL)
    at.switch_page("pages/engagement.py").run()
    assert not at.exception
    boxes = [i.value for i in at.info if i.value.startswith("Narrowed to")]
    assert boxes == [f"Narrowed to program **{as_markdown(EVIL)}**: every figure below is for "
                     "it alone."]

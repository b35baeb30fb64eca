"""Text is text everywhere: with every text field of the records (and the notes of the own
records) holding markdown and HTML (tests/pages/hostile.py), every page, for every role that may
open it, shows no link, image, autolink or tag whose address is the data's. Markdown is read
from every element that Streamlit draws as markdown (bodies, labels, help, expander and tab
labels), plotly's little HTML from every chart."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from google.protobuf.message import Message

from tests.pages.apptest import EVERY_SECTION, run_app
from tests.pages.hostile import EVIL_HOST, ID_TAIL, hostile_database, quiet_worker
from ui.access import PAGES
from ui.panels import Focus

PAIRS = [(role, page) for page, spec in PAGES.items() for role in sorted(spec.roles)]
# Pages that show the data in tables (never markdown) until something is chosen, or not at all
# (Subscriptions: program names in an admin's table; a demo viewer has no address to show; My
# check-ins: a peer worker's own dates and scores, no name of anyone)
DATA_IN_TABLES_ONLY = ("users", "upload", "import_history", "audit", "targets",
                       "subscriptions", "my_checkins")
MARKDOWN_FIELDS = ("body", "label", "help")  # the proto fields Streamlit renders as markdown
# A backslash before ASCII punctuation makes it a plain character (CommonMark); such a pair is
# taken out before looking for what would make a link.
ESCAPED = re.compile(r"\\[!-/:-@\[-`{-~]")
LINKS = {
    "an inline link or image": re.compile(r"\]\([^)]*\)?"),
    "a reference link": re.compile(r"\]\s*\[[^\]]*\]|^\s*\[[^\]]*\]:.*", re.M),
    "an autolink": re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>?"),
    "an HTML tag": re.compile(r"<[A-Za-z/!?][^>]*>?"),
    "a bare address (GFM makes it a link)": re.compile(r"(?i)(?:\b(?:https?|ftp)://|\bwww\.)\S*"),
}
# In st.html, the app's own tags carry names only in quoted attribute values (escaped)
TAG = re.compile(r"<[A-Za-z!?/](?:[^>\"']|\"[^\"]*\"|'[^']*')*>?")
QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
PLOTLY_LINK = re.compile(r"<\s*(?:a|img)\b[^>]*", re.I)  # plotly draws <a href> as a link


def _strings(message: Message, kind: str) -> Iterator[tuple[str, str]]:
    """(where, text) for every markdown field of the message and the messages in it."""
    for field, value in message.ListFields():
        if field.type == field.TYPE_MESSAGE:
            values = [value] if isinstance(value, Message) else value
            for inner in values:
                yield from _strings(inner, f"{kind}.{field.name}")
        elif field.name in MARKDOWN_FIELDS and isinstance(value, str):
            yield f"{kind}.{field.name}", value


def _nodes(node) -> Iterator:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def data_links(at) -> list[str]:
    """Every link, image, autolink or tag on the page whose address came from the data."""
    found = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if not isinstance(proto, Message):
            continue
        kind = getattr(node, "type", "block")
        for where, text in _strings(proto, kind):
            if kind == "html":  # HTML (the charts' text alternatives): a tag of the data's
                found += [f"a tag in {where}: {m[0]!r}" for m in TAG.finditer(text)
                          if EVIL_HOST in QUOTED.sub('""', m[0])]
                continue
            plain = ESCAPED.sub("\x00", text)
            found += [f"{what} in {where}: {m[0]!r}" for what, pattern in LINKS.items()
                      for m in pattern.finditer(plain) if EVIL_HOST in m[0]]
        spec = getattr(proto, "spec", None) if getattr(node, "type", "") == "plotly_chart" \
            else None
        if isinstance(spec, str):
            found += [f"a plotly tag: {m[0]!r}" for m in PLOTLY_LINK.finditer(spec)
                      if EVIL_HOST in m[0]]
    return found


def shown(at) -> str:
    """The page's markdown and its charts' specs: where the data could be drawn as markup."""
    protos = [p for node in _nodes(at._tree)
              if isinstance(p := getattr(node, "proto", None), Message)]
    return "\n".join([t for p in protos for _, t in _strings(p, "")]
                     + [p.spec for p in protos if isinstance(getattr(p, "spec", None), str)])


@pytest.fixture(scope="module")
def hostile_db(sample_path: Path, tmp_path_factory) -> Path:
    return hostile_database(sample_path, tmp_path_factory.mktemp("hostile"))


@pytest.mark.parametrize(("role", "page"), PAIRS)
def test_no_page_shows_a_link_or_an_image_from_the_data(monkeypatch, hostile_db, role, page):
    at = run_app(monkeypatch, hostile_db, role, page=None if page == "overview" else page,
                 **EVERY_SECTION.get(page, {}))  # all it can show
    assert not at.exception
    if page not in DATA_IN_TABLES_ONLY and role != "funder":  # a funder sees no names
        assert EVIL_HOST in shown(at), "the data is on the page"
    assert data_links(at) == []


@pytest.mark.parametrize("role", ["supervisor", "analyst"])
def test_a_worker_narrowed_to_shows_its_id_as_text(monkeypatch, hostile_db, role):
    """The worker detail's heading carries the worker id: `![w](//host/w.png)` in it is text.
    (Narrowed as a click does; AppTest's first run on the start page takes ?focus= away.)"""
    worker = quiet_worker(hostile_db)
    assert worker.endswith(ID_TAIL)
    at = run_app(monkeypatch, hostile_db, role)
    at.session_state["focus:workforce"] = Focus("worker", worker, worker)
    at.switch_page("pages/workforce.py").run()
    assert not at.exception
    assert any(worker[:5] in s.value for s in at.subheader), "the worker's detail is open"
    assert data_links(at) == []


def test_the_gone_quiet_sentences_name_the_program_as_text(monkeypatch, hostile_db):
    """Harbor, renamed with an image and a link in its name, stopped sending contacts: the
    Overview and Data completeness say so, with the name as the characters it is."""
    for page in (None, "completeness"):
        at = run_app(monkeypatch, hostile_db, "analyst", page=page)
        quiet = [w.value for w in at.warning if "has sent no contacts" in w.value]
        assert quiet and EVIL_HOST in quiet[0], f"no gone-quiet sentence on {page}"
        assert data_links(at) == [], page

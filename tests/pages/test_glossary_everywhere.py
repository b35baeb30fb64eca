"""Every reading that uses a word of the glossary (metrics/glossary.py) has the word explained
beside it, on every page that shows readings, every section open: its chart's Definition, or
the funder report's "What the words mean", says the term and its meaning (issue 34)."""

from __future__ import annotations

import pytest

from charts.funder import RELEASE_NOTE
from metrics.glossary import words_in
from tests.pages.apptest import EVERY_SECTION, READING_PAGES, run_app


@pytest.mark.parametrize("page", READING_PAGES)
def test_each_word_a_reading_uses_is_explained_on_its_page(monkeypatch, app_db, page):
    role = "funder" if page == "funder" else "analyst"  # the funder report as a funder reads it
    at = run_app(monkeypatch, app_db, role, page=page, **EVERY_SECTION.get(page, {}))
    assert not at.exception
    said = [m.value for m in at.markdown]
    explained = "\n".join(said)
    # the readings: not the glossary's own entries, nor the release's note (which says what
    # rounding does in its own words)
    readings = [text for text in said if not text.startswith("**") and text != RELEASE_NOTE]
    used = {word.term: word for text in readings for word in words_in(text)}
    for word in used.values():
        assert f"**{word.term}**: {word.meaning}" in explained, (page, word.term)
    if page in ("outcomes", "funder"):  # pages whose readings use the words: some are found
        assert used, page

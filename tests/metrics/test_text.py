"""Names from the data are written as themselves: in markdown every character that could
open a link, an image, emphasis, HTML, math or a Streamlit directive is backslash-escaped
(CommonMark then shows it as itself; the browser test checks Streamlit's renderer), and in
plotly text the tags are shown, not drawn."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from metrics.text import JOINER, as_markdown, as_plotly

EVIL = "Evil ![p](http://127.0.0.1:8609/x.png)"
OPENS_MARKDOWN = set("\\`*_{}[]()#!|<>~$:&@")


def shown(markdown: str) -> str:
    """What CommonMark shows for text with no markup left: a backslash before ASCII
    punctuation is dropped, the character kept (and the word joiner is not seen)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace(JOINER, "")


def unescaped(markdown: str) -> set[str]:
    """The characters that open markdown and are not escaped."""
    return {c for c in re.sub(r"\\[!-/:-@\[-`{-~]", "", markdown) if c in OPENS_MARKDOWN}


def test_an_image_in_a_name_is_shown_as_its_characters():
    assert as_markdown(EVIL) == "Evil \\!\\[p\\]\\(http\u2060\\://127.0.0.1\\:8609/x.png\\)"
    assert shown(as_markdown(EVIL)) == EVIL


def test_plain_names_stay_as_they_are():
    for name in ("Harbor Recovery Community Center", "Lakeshore Re-entry Peer Support",
                 "Ana R.", "O'Neil, Bo"):
        assert as_markdown(name) == name


def test_what_opens_a_block_at_the_start_is_escaped():
    cases = {"- a list": r"\- a list", "+ a list": r"\+ a list", "1. a list": r"1\. a list",
             "12) a list": r"12\) a list", "# heading": r"\# heading", "> quote": r"\> quote",
             "line\nbreak": "line break"}
    for name, markdown in cases.items():
        assert as_markdown(name) == markdown


@given(st.text(alphabet=st.characters(codec="ascii", exclude_categories=("Cc",))))
def test_any_name_is_shown_as_itself_with_nothing_left_to_interpret(name):
    markdown = as_markdown(name)
    assert shown(markdown) == name
    assert not unescaped(markdown)


def test_what_gfm_would_make_a_link_to_a_site_gets_a_word_joiner():
    # GFM finds these links in the parsed text, so escaping cannot stop them.
    assert as_markdown("www.example.org") == f"www{JOINER}.example.org"
    assert as_markdown("see https://x.org") == f"see https{JOINER}\\://x.org"
    assert as_markdown("mailto:a@b.org") == f"mailto{JOINER}\\:a\\@b.org"
    assert as_markdown("Note: plain") == "Note\\: plain"


def test_plotly_text_shows_its_tags():
    assert as_plotly("<b>x</b> & <a href='http://e'>y</a>") == (
        "&lt;b&gt;x&lt;/b&gt; &amp; &lt;a href='http://e'&gt;y&lt;/a&gt;")

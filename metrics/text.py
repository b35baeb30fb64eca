"""Text from the data (program, worker and service names, file names, e-mails) written as
itself: Streamlit reads every st.markdown, st.caption, st.info, st.subheader as markdown, and
plotly reads titles, tick labels and hovers as a little HTML. A program named
`Evil ![p](http://host/x.png)` must show those characters, not fetch an image."""

from __future__ import annotations

import re

import polars as pl

# Every character that opens markdown anywhere in a line: links and images ([ ] ( ) !),
# emphasis, code, strikethrough, HTML and entities, $math$, tables, Streamlit's :red[...] and
# :material/...: and the autolinks (http: needs its colon, an e-mail its @). CommonMark lets a
# backslash escape any ASCII punctuation, and shows the escaped character as itself.
_ANYWHERE = re.compile(r"([\\`*_{}\[\]()#!|<>~$:&@])")
# A few open markdown only at the start of a line (a list, a numbered list, a heading
# underline); the name may start a sentence. Lines are joined, so only the start counts.
_AT_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")
# GFM turns http://… and www.… into links after parsing, escapes or not: a word joiner (U+2060,
# zero-width) after the scheme or "www" keeps them text. An e-mail address stays a mailto: link
# (it fetches nothing), so that an address reads, and is found, exactly as typed.
_AUTOLINK = re.compile(r"(?i)(?<=www)(?=\.)|(?<=https)(?=:)|(?<=http)(?=:)|(?<=mailto)(?=:)"
                       r"|(?<=xmpp)(?=:)")
JOINER = "\u2060"
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")  # a new line could start a list or a table


def as_markdown(text: object) -> str:
    """Text from the data, for markdown: shown exactly as it reads (with an invisible word
    joiner where GFM would see a link), never interpreted."""
    flat = _LINE_BREAKS.sub(" ", str(text))
    escaped = _ANYWHERE.sub(r"\\\1", _AUTOLINK.sub(JOINER, flat))
    return _AT_START.sub(lambda m: m[1] + (m[2] + "\\" if m[2][0].isdigit() else "\\" + m[2]),
                        escaped, count=1)


def as_plotly(text: object) -> str:
    """Text from the data, for a plotly title, tick label or hover: its tags shown as text."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plotly_column(expr: pl.Expr) -> pl.Expr:
    """as_plotly over a text column (null stays null)."""
    return (expr.cast(pl.String).str.replace_all("&", "&amp;", literal=True)
            .str.replace_all("<", "&lt;", literal=True).str.replace_all(">", "&gt;", literal=True))

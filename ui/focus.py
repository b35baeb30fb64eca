"""What a page is narrowed to (a program, month, quarter or worker), kept in the session and
in the URL (?focus=), with the banner that says so and the keyboard's way to choose it: a
"Narrow to" box beside each chart a click can narrow, offering what its clicks offer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go
import streamlit as st

from metrics.text import as_markdown
from queries.scope import Dimension

NOUNS: dict[Dimension, str] = {"program": "program", "month": "month", "quarter": "quarter",
                               "worker": "worker"}
URL_KEY, URL_PAGE = "focus", "focus-url-page"  # the query parameter; the page it is of
PICKER_PX = 260  # the "Narrow to" box: a month or a worker's name, on half a 1280 px page


@dataclass(frozen=True)
class Focus:
    """What a click narrowed the page to: the value the queries take, and its label."""

    dimension: Dimension
    value: str  # a program_id, a worker_id, or a month's first day as YYYY-MM-DD
    label: str


def _focus_key(page: str) -> str:
    return f"focus:{page}"


def generation(page: str) -> int:
    """Bumped whenever the focus changes, so every chart's selection starts afresh."""
    return st.session_state.get(f"focus-generation:{page}", 0)


def set_focus(page: str, focus: Focus | None) -> None:
    """Narrow the page to `focus` (None: show all again); every chart's selection resets."""
    st.session_state[_focus_key(page)] = focus
    st.session_state[f"focus-generation:{page}"] = generation(page) + 1
    _focus_to_url(page, focus)


def _focus_to_url(page: str, focus: Focus | None) -> None:
    """The focus in the URL (?focus=worker:W0012:Ana R.), so a reload or a link opens it."""
    text = f"{focus.dimension}:{focus.value}:{focus.label}" if focus else None
    if text is None:
        st.query_params.pop(URL_KEY, None)
    elif st.query_params.get(URL_KEY) != text:
        st.query_params[URL_KEY] = text
    st.session_state[URL_PAGE] = page  # whose focus the URL holds


def _focus_from_url(page: str) -> Focus | None:
    """The URL's focus, on a page's first run in a session (a reload or a shared link); never
    one another page of this session left in the URL."""
    if st.session_state.get(URL_PAGE, page) != page:
        return None
    dimension, _, rest = st.query_params.get(URL_KEY, "").partition(":")
    value, _, label = rest.partition(":")
    if dimension not in NOUNS or not value or (dimension in ("month", "quarter")
                                               and not is_day(value)):
        return None  # an address edited by hand: the page unnarrowed, not a traceback
    return Focus(dimension, value, label or value)


def _when(focus: Focus) -> str:
    first = date.fromisoformat(focus.value)
    return (f"{first:%B %Y}" if focus.dimension == "month"
            else f"{first.year} Q{(first.month - 1) // 3 + 1}")


def said(focus: Focus) -> str:
    """The focus in words: "January 2026", "2026 Q1", or "worker **Ana R.**"."""
    if focus.dimension in ("month", "quarter") and is_day(focus.value):
        return f"**{_when(focus)}**"
    return f"{NOUNS[focus.dimension]} **{as_markdown(focus.label)}**"


def is_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def current_focus(page: str) -> Focus | None:
    key = _focus_key(page)
    if key not in st.session_state:
        st.session_state[key] = _focus_from_url(page)
    _focus_to_url(page, st.session_state[key])
    return st.session_state[key]


def focus_bar(page: str) -> None:
    """Says what the page is narrowed to, with the button that widens it again."""
    focus = current_focus(page)
    if focus is None:
        st.caption("Click a bar or point marked *click to narrow*, or choose in the "
                   "*Narrow to* box below its chart, to narrow this page to that program, "
                   "month or worker.")
        return
    text, button = st.columns([5, 1], vertical_alignment="center")
    text.info(f"Narrowed to {said(focus)}: every figure below is for it alone.",
              icon=":material/filter_alt:")
    button.button("Show all again", key=f"clear-focus:{page}", icon=":material/close:",
                  on_click=set_focus, args=(page, None))


Point = tuple[str, str]  # a point's customdata: the value a click narrows to, and its label


def points(fig: go.Figure) -> tuple[Point, ...]:
    """What a click on `fig` can narrow to, as its points' customdata [value, label] read
    before names_as_text escapes the labels: each value once, in the order drawn."""
    found: dict[str, str] = {}
    for trace in fig.data:
        rows = getattr(trace, "customdata", None)
        for row in [] if rows is None else rows:
            pair = list(row) if isinstance(row, list | tuple) or hasattr(row, "tolist") else []
            if len(pair) >= 2 and pair[0] is not None and str(pair[0]) not in found:
                found[str(pair[0])] = str(pair[1])
    return tuple(found.items())


def choices(fig: go.Figure | Sequence[Point], dimension: Dimension) -> list[Focus]:
    """What a click on `fig` (or on the figure whose `points` these are) can narrow to, each
    once: months and quarters in order, programs and workers by name."""
    pairs = points(fig) if isinstance(fig, go.Figure) else fig
    found = [Focus(dimension, value, label) for value, label in pairs]
    if dimension in ("month", "quarter"):
        return sorted((f for f in found if is_day(f.value)), key=lambda f: f.value)
    return sorted(found, key=lambda f: (f.label.casefold(), f.value))


def in_words(focus: Focus | None, dimension: Dimension) -> str:
    """A choice as the box lists it: 'January 2026', 'Ana R.'; another kind with its noun."""
    if focus is None:
        return "Show all"
    if focus.dimension in ("month", "quarter") and is_day(focus.value):
        return _when(focus)
    noun = "" if focus.dimension == dimension else f"{NOUNS[focus.dimension]} "
    return noun + focus.label


def narrow_picker(page: str, key: str, options: list[Focus], dimension: Dimension) -> None:
    """The keyboard's way to narrow (Tab to it, arrows, Enter): the chart's choices and
    'Show all', set to what the page is narrowed to now, writing the focus a click writes."""
    if not options:
        return
    now = current_focus(page)
    same = [f for f in options if now and (f.dimension, f.value) == (now.dimension, now.value)]
    listed = [None, *options] if now is None or same else [None, now, *options]
    widget = f"narrow:{key}:{generation(page)}"
    st.selectbox(f"Narrow to a {NOUNS[dimension]}", listed,
                 index=listed.index(same[0] if same else now),
                 format_func=lambda f: in_words(f, dimension), key=widget, width=PICKER_PX,
                 on_change=lambda: set_focus(page, st.session_state[widget]))

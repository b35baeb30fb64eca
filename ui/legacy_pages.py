"""Streamlit treats a `pages/` folder as legacy multipage auto-discovery until the process's
first st.navigation call. On a freshly started server the first run therefore goes through an
implicit navigation: a page may run without app.py (so without the sidebar and the role), and
the widget ids of that run differ from every later run, so the first user's first change is
lost. We route with st.navigation, so we leave that mode and start the run again.

Also here, because app.py and every page import it first of all: the libraries a chart draws
with, imported once under this module's import lock. Two sessions importing pandas at the same
moment on a cold server could see it half-initialised ("partially initialized module 'pandas'
has no attribute 'Series'" from st.plotly_chart)."""

from __future__ import annotations

from pathlib import Path

import pandas  # noqa: F401  (see above: imported here, before the sessions' charts race)
import plotly.graph_objects as go
import plotly.io  # noqa: F401
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

go.Figure(go.Bar(x=["a"], y=[1])).to_json()  # plotly loads its validators lazily, on first use

_APP = str((Path(__file__).parents[1] / "app.py").resolve())


def _run_without_app() -> bool:
    """Whether this run's navigation is the implicit one, which lists app.py as a page."""
    ctx = get_script_run_ctx()
    pages = ctx.pages_manager.get_pages() if ctx is not None else {}
    return any(info.get("script_path") == _APP for info in pages.values())


def leave_legacy_mode(*, entry: bool = False) -> None:
    """Start the run again through app.py if it went through the implicit navigation. In a
    page (entry False) this run's pages tell, not only the process-wide flag: a session that
    started while another had just cleared the flag still ran its page without app.py."""
    if PagesManager.uses_pages_directory or (not entry and _run_without_app()):
        PagesManager.uses_pages_directory = False
        st.rerun()


def leave_before_any_run() -> None:
    """Leave the mode before the server's first run (serve.py's start), as the process's first
    st.navigation would: the first reader's first run then needs no second start."""
    PagesManager.uses_pages_directory = False


def start_page(path: str, title: str, icon: str) -> st.Page:
    """The app's root address, hidden from the menu: the role's first page drawn again, so that
    page also keeps an address of its own (/overview?programs=…), like every other (a default
    page is served at the root only, so /overview was "not found")."""
    return st.Page(path, title=title, icon=icon, url_path="start",
                   default=True, visibility="hidden")

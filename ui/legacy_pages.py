"""Streamlit treats a `pages/` folder as legacy multipage auto-discovery until the process's
first st.navigation call. On a freshly started server the first run therefore goes through an
implicit navigation: a page may run without app.py (so without the sidebar and the role), and
the widget ids of that run differ from every later run, so the first user's first change is
lost. We route with st.navigation, so we leave that mode and start the run again."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def leave_legacy_mode() -> None:
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()

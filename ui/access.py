"""Who may open which page. Checked three times: the navigation lists only a role's pages,
every page calls `guard` first thing, and the queries suppress figures for funders."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from queries.scope import SEES_IDENTIFIED
from ui.legacy_pages import leave_legacy_mode

ROLES = {
    "supervisor": "Supervisor: participants and workers of your programs",
    "funder": "Funder: aggregated, small-cell suppressed figures only",
    "analyst": "Analyst: all pages",
}


@dataclass(frozen=True)
class PageSpec:
    key: str
    path: str
    title: str
    icon: str
    roles: frozenset[str]


PAGES = {p.key: p for p in (
    PageSpec("overview", "pages/overview.py", "Overview", ":material/dashboard:",
             frozenset(ROLES)),
    PageSpec("engagement", "pages/engagement.py", "Engagement", ":material/handshake:",
             frozenset(SEES_IDENTIFIED)),
    PageSpec("aftercare", "pages/aftercare.py", "Aftercare", ":material/medical_services:",
             frozenset(SEES_IDENTIFIED)),
    PageSpec("workforce", "pages/workforce.py", "Workforce", ":material/groups:",
             frozenset(SEES_IDENTIFIED)),
    PageSpec("outcomes", "pages/outcomes.py", "Outcomes", ":material/monitoring:",
             frozenset(SEES_IDENTIFIED)),
    PageSpec("upload", "pages/upload.py", "Upload", ":material/upload_file:",
             frozenset({"analyst"})),
    PageSpec("import_history", "pages/import_history.py", "Import history",
             ":material/history:", frozenset({"analyst"})),
)}


def pages_for(role: str) -> list[PageSpec]:
    return [p for p in PAGES.values() if role in p.roles]


def guard(page: str) -> str:
    """The viewer's role, or a sentence and a stop if this page is not theirs to see."""
    leave_legacy_mode()  # a first request may reach a page without app.py
    role = st.session_state.get("role")
    if role is None:
        st.info("Open the dashboard from its start page and choose a role in the sidebar.")
        st.stop()
    if role not in ROLES:
        st.error(f"The role {role!r} is not one this dashboard knows "
                 f"({', '.join(ROLES)}). Choose a role in the sidebar.")
        st.stop()
    if role not in PAGES[page].roles:
        st.error(f"The {PAGES[page].title} page is not open to the {role} role. "
                 "Choose a page from the menu.")
        st.stop()
    return role

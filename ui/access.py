"""Who may open which page. Checked three times: the navigation lists only a role's pages,
every page calls `guard` first thing, and the queries cut every scope to the viewer's programs
and suppress figures for funders."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from access.roles import PAGE_ROLES
from access.viewer import Viewer
from ui.legacy_pages import leave_legacy_mode
from ui.viewer import current_viewer


@dataclass(frozen=True)
class PageSpec:
    key: str
    path: str
    title: str
    icon: str

    @property
    def roles(self) -> frozenset[str]:
        return PAGE_ROLES[self.key]


PAGES = {p.key: p for p in (
    PageSpec("overview", "pages/overview.py", "Overview", ":material/dashboard:"),
    PageSpec("engagement", "pages/engagement.py", "Engagement", ":material/handshake:"),
    PageSpec("aftercare", "pages/aftercare.py", "Aftercare", ":material/medical_services:"),
    PageSpec("workforce", "pages/workforce.py", "Workforce", ":material/groups:"),
    PageSpec("outcomes", "pages/outcomes.py", "Outcomes", ":material/monitoring:"),
    PageSpec("funder", "pages/funder.py", "Funder report", ":material/summarize:"),
    PageSpec("upload", "pages/upload.py", "Upload", ":material/upload_file:"),
    PageSpec("import_history", "pages/import_history.py", "Import history",
             ":material/history:"),
    PageSpec("users", "pages/users.py", "Users", ":material/manage_accounts:"),
    PageSpec("audit", "pages/audit.py", "Audit trail", ":material/policy:"),
    PageSpec("completeness", "pages/completeness.py", "Data completeness",
             ":material/fact_check:"),
    PageSpec("targets", "pages/targets.py", "Targets and annotations", ":material/flag:"),
    PageSpec("my_checkins", "pages/my_checkins.py", "My check-ins", ":material/self_care:"),
    PageSpec("subscriptions", "pages/subscriptions.py", "Subscriptions", ":material/mail:"),
)}


def pages_for(role: str) -> list[PageSpec]:
    return [p for p in PAGES.values() if role in p.roles]


def guard(page: str) -> Viewer:
    """The viewer, or a sentence and a stop if this page is not theirs to see."""
    leave_legacy_mode()  # a first request may reach a page without app.py
    viewer = current_viewer(page)
    if viewer.role not in PAGES[page].roles:
        st.error(f"The {PAGES[page].title} page is not open to the {viewer.role} role. "
                 "Choose a page from the menu.")
        st.stop()
    return viewer

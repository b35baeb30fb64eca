"""Running the app through AppTest as a role, on a page, with URL filters; reading it back."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from metrics.funder import FUNDER_METRICS
from ui import engagement_sections, outcome_sections, workforce_sections
from ui.completeness_charts import OTHER_PROGRAMS

ROOT = Path(__file__).parents[2]
APP = str(ROOT / "app.py")
# The Funder report with every metric's section opened, as their links open them: every chart
# and table it can show, for the tests that look at all of them.
FUNDER_SECTIONS = {f"open_{key}": "true" for key in FUNDER_METRICS}
# The Outcomes, Engagement and Workforce pages with every section below their headlines
# opened, likewise.
OUTCOME_SECTIONS = {f"open_{key}": "true" for key in outcome_sections.LATER}
ENGAGEMENT_SECTIONS = {f"open_{key}": "true" for key in engagement_sections.LATER}
WORKFORCE_SECTIONS = {f"open_{key}": "true" for key in workforce_sections.LATER}
COMPLETENESS_SECTIONS = {f"open_{OTHER_PROGRAMS}": "true"}
EVERY_SECTION = {"funder": FUNDER_SECTIONS, "outcomes": OUTCOME_SECTIONS,
                 "engagement": ENGAGEMENT_SECTIONS, "workforce": WORKFORCE_SECTIONS,
                 "completeness": COMPLETENESS_SECTIONS}  # by page; other pages have none


# the pages that show readings (charts, figures and their words)
READING_PAGES = ("overview", "engagement", "aftercare", "workforce", "outcomes", "completeness",
                 "funder")


def every_section(page: str) -> str:
    """A page's sections opened, as an address's tail (&open_…=true) for the browser tests."""
    return "".join(f"&{key}={value}" for key, value in EVERY_SECTION.get(page, {}).items())


# Enough of an [auth] section for the app to ask for sign-in; AppTest never calls the provider.
AUTH = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "test",
        "client_id": "dashboard", "client_secret": "test",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}


def run_app(monkeypatch, db: Path, role: str | None = None, page: str | None = None,
            user: dict | None = None, **query: str | list[str]) -> AppTest:
    """The app as demo `role` sees it, or as the signed-in `user` (st.user's claims; sign-in
    is then configured), opened on pages/<page>.py (the start page when None).
    Role and URL are set before the first run: AppTest drops the entry script's sidebar after
    a widget-driven rerun in an st.navigation app, so interaction is tested in the browser."""
    monkeypatch.setenv("PEERDASH_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    if role:
        at.session_state["role"] = role
    if user is not None:
        at.secrets["auth"] = AUTH
        at.user = user
    at.query_params.update(query)
    at.run()
    if page is not None:
        at.switch_page(f"pages/{page}.py").run()
    return at


def all_text(at: AppTest) -> str:
    """Every piece of text on the page, for checking what a viewer can read."""
    parts = [e.value for kind in ("markdown", "caption", "info", "error", "warning", "title",
                                  "subheader", "header")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def page_as(monkeypatch, db: Path, page: str, role: str) -> AppTest:
    """pages/<page>.py run on its own (as a typed URL reaches it) by demo `role`; a widget's
    rerun keeps this page, where a navigation app's AppTest drops it."""
    monkeypatch.setenv("PEERDASH_DB", str(db))
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=60)
    at.session_state["role"] = role
    return at.run()

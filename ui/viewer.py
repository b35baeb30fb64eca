"""Who is looking. With [auth] in secrets.toml: the signed-in person, their role and programs
from an ID-token claim or else the users table. Without it: a demo, where a role is picked in
the sidebar and only the sample database opens (unless a setting allows another)."""

from __future__ import annotations

from dataclasses import replace
from typing import NoReturn, Protocol

import streamlit as st

from access.audit import record
from access.roles import FILLS_OWN_CHECKIN, ROLES, role_named
from access.viewer import Viewer, parse_programs, problem, unverified, viewer_from_claims
from metrics.text import as_markdown
from queries.admin import users
from settings import Settings
from ui.audit import log, remember_viewer
from ui.data import database, demo_worker
from ui.setup import auth_configured, database_version_or_stop, settings_or_stop

_SIGNED_IN = "audit:signed-in"  # the sign-in this session has recorded
_ASKED, _REFUSED = "demo:asked-role", "demo:refused-role"  # the URL's ?role=, and if no role


@st.cache_resource
def _audited_sign_ins() -> set[str]:
    """Sign-ins this server has audited: a reload or a new tab reuses the sign-in (the same
    ID token), which is not a new one."""
    return set()


def _first_time(outcome: str, email: str) -> bool:
    """Whether this sign-in is new: once per ID token (its issue time), or once per session
    when the token carries none."""
    issued = st.user.to_dict().get("iat")
    key = f"{outcome} {email} {issued}"
    if issued is None:
        new = st.session_state.get(_SIGNED_IN) != key
        st.session_state[_SIGNED_IN] = key
        return new
    seen = _audited_sign_ins()
    new = key not in seen
    seen.add(key)
    return new


def role_picker() -> None:
    """The demo's role, chosen in the sidebar and kept in the URL as its id (?role=funder, in
    any case). A URL naming no role is refused in _demo_viewer, never read as the first one."""
    st.sidebar.warning("Demo: no sign-in. Choose the role to view as.",
                       icon=":material/visibility:")
    asked = st.query_params.get("role")
    if asked is not None and asked != st.session_state.get(_ASKED):  # a typed or shared link
        st.session_state[_ASKED] = asked
        st.session_state["role"] = role_named(asked)
        st.session_state[_REFUSED] = None if role_named(asked) else asked
    elif "role" not in st.session_state:
        st.session_state["role"] = next(iter(ROLES))  # the start page: the demo's first role
    role = st.sidebar.selectbox("Demo role", list(ROLES), key="role", index=None,
                                format_func=lambda r: ROLES[r].split(":")[0],
                                placeholder="Choose a role", help="\n\n".join(ROLES.values()))
    if role is not None:  # chosen: the URL says so, and no earlier refusal stands
        st.query_params["role"] = st.session_state[_ASKED] = role
        st.session_state[_REFUSED] = None


def _demo_viewer(settings: Settings) -> Viewer:
    if not settings.demo_opens:
        st.error(f"Without sign-in this dashboard is a demo, and a demo opens only the sample "
                 f"database, not {as_markdown(settings.db)}. Set up sign-in ([auth] in "
                 ".streamlit/secrets.toml, see the README), or set "
                 "PEERDASH_DEMO_ANY_DATABASE=true if this database holds no real records.")
        st.stop()
    role = st.session_state.get("role")
    if role is None and (asked := st.session_state.get(_REFUSED)) is not None:
        st.error(f"The link asks for the role '{as_markdown(asked)}', which this dashboard does "
                 "not have "
                 f"({', '.join(ROLES)}). Choose a role in the sidebar.")
        st.stop()
    if role is None:
        st.info("Open the dashboard from its start page and choose a role in the sidebar.")
        st.stop()
    if role in FILLS_OWN_CHECKIN:  # the demo's peer worker: one worker of the sample
        worker = demo_worker(str(settings.db), database_version_or_stop(settings))
        if worker is not None:
            return Viewer(f"demo {role}", role, (worker[1],), worker=worker[0])
    return Viewer(f"demo {role}", role)


def _sign_in_page() -> None:
    st.title("Peer Recovery Dashboard")
    st.info("Participant records are health data: sign in to see this dashboard.",
            icon=":material/lock:")
    if st.button("Sign in", type="primary", icon=":material/login:"):
        st.login()
    st.stop()


def _from_users_table(settings: Settings, email: str) -> Viewer | None:
    rows = users(database(str(settings.db)), email)
    if rows.is_empty():
        return None
    row = rows.row(0, named=True)
    return Viewer(email, row["role"], parse_programs(row["programs"]), signed_in=True,
                  worker=row["worker_id"])


def _linked(settings: Settings, viewer: Viewer) -> Viewer:
    """A peer worker named by a token claim, linked to their worker record (and its program)
    by their users row: a token says the role, only the users table says which worker."""
    if viewer.role not in FILLS_OWN_CHECKIN or viewer.worker is not None:
        return viewer
    row = _from_users_table(settings, viewer.email)
    if row is None or row.worker is None:
        return viewer  # refused below: not linked yet
    return replace(viewer, programs=row.programs, worker=row.worker)


def _refuse(settings: Settings, email: str, role: str, reason: str, sentence: str) -> NoReturn:
    """A sign-in refused: audited once with its reason, said in a sentence, then a stop."""
    if _first_time("refused", email):
        record(database(str(settings.db)), email, role or "none", "sign_in",
               f"refused: {reason}")
    st.error(sentence)
    sign_out_button(st, "sign-out")
    st.stop()


def _signed_in_viewer(settings: Settings) -> Viewer:
    if not st.user.is_logged_in:
        _sign_in_page()
    database_version_or_stop(settings)  # opened (the sample made) before the audit writes
    claims = st.user.to_dict()
    email = str(claims.get("email") or claims.get("sub") or "")
    shown = as_markdown(email)  # the provider's text, shown as itself
    if unverified(claims):  # before the users table, which trusts the address
        _refuse(settings, email, "none", "the identity provider has not verified the e-mail",
                f"You are signed in as {shown}, but your identity provider says that address "
                "is not verified, so the dashboard cannot tell who you are. Verify it with the "
                "provider, then sign in again.")
    viewer = (viewer_from_claims(claims, settings.role_claim, settings.programs_claim)
              or _from_users_table(settings, email))
    if viewer is not None:
        viewer = _linked(settings, viewer)
    if viewer is None:
        _refuse(settings, email, "none", "no role is set up",
                f"You are signed in as {shown}, but no role is set up for you. Ask an admin.")
    if why := problem(viewer, as_markdown):  # a claim that is no role, a supervisor of all
        sentence = why if viewer.role in ROLES else (  # who, as every other refusal says
            f"You are signed in as {shown}, but the role '{as_markdown(viewer.role)}' is not "
            f"one this dashboard knows ({', '.join(ROLES)}). Ask an admin to give you one.")
        _refuse(settings, email, viewer.role, why, sentence)
    return viewer


class _Buttons(Protocol):
    """st or st.sidebar: what draws a button."""

    def button(self, label: str, *, icon: str, key: str) -> bool: ...


def sign_out_button(where: _Buttons, key: str) -> None:
    """`where` is st or st.sidebar."""
    if where.button("Sign out", icon=":material/logout:", key=key):
        st.logout()


def current_viewer(page: str | None = None, *, picker: bool = False) -> Viewer:
    """The viewer of this run, or a sentence and a stop (sign in first, no role, a demo on a
    real database). `picker` draws the demo's role picker and who is signed in (app.py)."""
    settings = settings_or_stop()
    signing_in = auth_configured()
    if picker and not signing_in:
        role_picker()
    viewer = _signed_in_viewer(settings) if signing_in else _demo_viewer(settings)
    if why := problem(viewer, as_markdown):  # a signed-in viewer's was refused, audited, above
        st.error(f"{why} Choose a role in the sidebar.")
        st.stop()
    remember_viewer(viewer, str(settings.db), page)
    if viewer.signed_in and _first_time("signed in", viewer.email):
        log("sign_in", f"signed in as {viewer.role}, programs "
                       f"{', '.join(viewer.programs) if viewer.programs else 'all'}")
    if picker and signing_in:
        st.sidebar.caption(f"Signed in as {as_markdown(viewer.email)} · {viewer.role}")
        sign_out_button(st.sidebar, "sidebar-sign-out")
    return viewer

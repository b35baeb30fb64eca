"""The Subscriptions page's sections: whether mail can go out at all, a person's own digest
cadence and alerts (the choices and defaults of alerts/subscriptions.py, saved through it and
audited as it audits), and for an admin the table of who gets what."""

from __future__ import annotations

import polars as pl
import streamlit as st

from access.roles import GETS_MAIL
from alerts.outbox import Sent
from alerts.smtp import MailNotSetUp, server
from alerts.subscriptions import (
    ALERTS_FOR,
    CADENCES,
    DEFAULT_DIGEST,
    Subscription,
    SubscriptionRefused,
    subscribe,
)
from metrics.formats import COLUMN_TIME, day
from metrics.text import as_markdown
from settings import Settings
from ui.data import PageData

CADENCE_WORDS = {"daily": "Daily, on a day something is new", "weekly": "Weekly", "off": "Off"}
GETS = {"daily": "a daily digest (on a day something is new)", "weekly": "a weekly digest",
        "off": "no digest"}
WHAT = {  # what a role's digest carries (README, "Digests and alerts by mail")
    "supervisor": "what needs action in your programs, as the Overview's Today counts it",
    "analyst": "what needs action in every program, as the Overview's Today counts it, and "
               "imports that left rows in quarantine",
    "funder": "whether a new quarter's release is out, with no figure at all",
    "admin": "nothing: an admin sees no figures, so there is no digest to send",
}
ALERTS_LABEL = ("Alerts: a mail as soon as a worker of my programs gets a critical-incident "
                "flag or a burnout rise (never their name; once per flag until acknowledged)")
DONE = "subscriptions_done"


def mail_status(settings: Settings) -> None:
    """A sentence when no mail can go out; choices are kept meanwhile."""
    try:
        server(settings)
    except MailNotSetUp as error:
        said = (str(error) if settings.smtp_host and settings.mail_from else
                "No mail is sent until PEERDASH_SMTP_HOST and PEERDASH_MAIL_FROM are set (see "
                "the README's 'Digests and alerts by mail').")
        st.info(f"{said} What is chosen here is kept and applies once mail is set up.",
                icon=":material/mail_lock:")


def said_done() -> None:
    if done := st.session_state.pop(DONE, None):
        st.success(done)


def _last(sent: Sent | None) -> str:
    if sent is None:
        return "No mail has been delivered yet."
    return (f"Last mail: {as_markdown(sent.subject)} ({sent.kind}), delivered "
            f"{day(sent.sent_at.date())} at {sent.sent_at:%H:%M}.")


def read_only(role: str, why: str) -> None:
    """What the role would get, shown but not changeable (a demo; a user not in the table)."""
    st.info(why, icon=":material/lock:")
    st.markdown(f"A {role}'s digest says {WHAT[role]}: counts and links only, never a "
                "participant or a worker's name.")
    st.radio("Digest", CADENCES, index=CADENCES.index(DEFAULT_DIGEST.get(role, "off")),
             format_func=CADENCE_WORDS.__getitem__, disabled=True, horizontal=True)
    if role in ALERTS_FOR:
        st.toggle(ALERTS_LABEL, value=False, disabled=True)


def _choose(sub: Subscription, key: str) -> tuple[str, bool | None, bool]:
    """The cadence and alerts chosen in a form for `sub`, and whether it was saved."""
    digest = st.radio("Digest", CADENCES, index=CADENCES.index(sub.digest), key=f"{key}_digest",
                      format_func=CADENCE_WORDS.__getitem__, horizontal=True)
    alerts = (st.toggle(ALERTS_LABEL, value=sub.alerts, key=f"{key}_alerts")
              if sub.role in ALERTS_FOR else None)
    return digest, alerts, st.form_submit_button("Save", type="primary")


def _save(data: PageData, sub: Subscription, digest: str, alerts: bool | None) -> None:
    viewer = data.viewer
    try:
        saved = data.run(subscribe, sub.email, digest, alerts, viewer.email, viewer.role)
    except SubscriptionRefused as error:
        st.error(str(error))
        st.stop()
    st.session_state[DONE] = (f"Saved: {as_markdown(saved.email)} gets {GETS[saved.digest]}"
                              f"{', with alerts' if saved.alerts else ''}.")
    st.rerun()


def own_subscription(data: PageData, sub: Subscription, sent: Sent | None) -> None:
    """The viewer's own cadence and alerts, changeable."""
    default = "" if sub.chosen else " (your role's default until you change it)"
    st.markdown(f"Your digest to {as_markdown(sub.email)} says {WHAT[sub.role]}: counts and "
                f"links only. You get **{GETS[sub.digest]}**{default}"
                + (f", alerts **{'on' if sub.alerts else 'off'}**." if sub.role in ALERTS_FOR
                   else "."))
    st.caption(_last(sent))
    with st.form("own_subscription"):
        digest, alerts, saved = _choose(sub, "own")
    if saved:
        _save(data, sub, digest, alerts)


def everyone(data: PageData, subs: list[Subscription], sent: dict[str, Sent], *,
             changeable: bool) -> None:
    """An admin's table of who gets what, and (signed in) a form to change anyone's."""
    names = data.program_names()
    rows = [(s, sent.get(s.email)) for s in subs]
    table = pl.DataFrame({
        "email": [s.email for s in subs], "role": [s.role for s in subs],
        "programs": [", ".join(names.get(p, p) for p in s.programs) if s.programs else "all"
                     for s in subs],
        "digest": [s.digest + ("" if s.chosen else " (default)") for s in subs],
        "alerts": ["on" if s.alerts else "off" for s in subs],
        "last_mail": [f"{m.kind}: {m.subject}" if m else "none yet" for _, m in rows],
        "sent_at": [m.sent_at if m else None for _, m in rows],
    }, schema_overrides={"sent_at": pl.Datetime, "last_mail": pl.String})
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "email": "E-mail", "role": "Role", "programs": "Programs", "digest": "Digest",
        "alerts": "Alerts", "last_mail": "Last mail delivered",
        "sent_at": st.column_config.DatetimeColumn("Delivered", format=COLUMN_TIME)})
    by_email = {s.email: s for s in subs if s.role in GETS_MAIL}  # an admin's is always off
    if not changeable or not by_email:
        return
    st.subheader("Change someone's")
    chosen = by_email[st.selectbox("User", list(by_email), key="subscriptions_user")]
    with st.form("someones_subscription"):
        digest, alerts, saved = _choose(chosen, f"user_{chosen.email}")
    if saved:
        _save(data, chosen, digest, alerts)

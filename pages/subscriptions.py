"""Subscriptions: each person's digest by mail (daily, weekly or off) and, for a supervisor,
alerts; an admin sees who gets what and may change anyone's."""

import streamlit as st

from access.roles import ADMINISTERS
from metrics.text import as_markdown
from ui.context import unscoped_context
from ui.subscriptions import everyone, mail_status, own_subscription, read_only, said_done

ctx = unscoped_context("subscriptions")  # the role check, first thing
viewer = ctx.viewer
admin = viewer.role in ADMINISTERS

st.title("Subscriptions")
st.caption("Digests and alerts by mail: what needs action, as counts and links only (the "
           "reader signs in to see who). Supervisors get theirs daily, analysts and funders "
           "weekly, until they choose otherwise.")
mail_status(ctx.settings)
said_done()

if not viewer.signed_in:  # the demo: its viewer has no address to send to
    why = (f"Subscriptions need sign-in: mail goes to the address a person signs in with, and "
           f"this demo views as '{as_markdown(viewer.email)}'. Nothing here can be changed.")
    if not admin:
        read_only(viewer.role, why)
        st.stop()
    st.info(why, icon=":material/lock:")

subs = ctx.data.subscriptions()
sent = ctx.data.last_mail()
if admin:
    if not subs:
        st.info("No users yet: add them on the Users page, and each gets their role's digest.")
        st.stop()
    everyone(ctx.data, subs, sent, changeable=viewer.signed_in)
    st.stop()

mine = next(iter(subs), None)
if mine is None:
    read_only(viewer.role, f"You get no mail: it goes to the people of the users table, and "
              f"{as_markdown(viewer.email)} is not in it (your role comes from your identity "
              "provider). Ask an admin to add you on the Users page.")
    st.stop()
own_subscription(ctx.data, mine, sent.get(mine.email))

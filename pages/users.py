"""Users (admins only): who may sign in, with which role and programs."""

import streamlit as st

from access.roles import ROLES
from access.users import UserRefused, remove_user, save_user
from metrics.formats import COLUMN_TIME
from metrics.text import as_markdown
from ui.context import unscoped_context
from ui.setup import auth_configured

ctx = unscoped_context("users")  # the role check, first thing
settings, viewer = ctx.settings, ctx.viewer
names = ctx.data.program_names()
staff = {w: f"{n} ({w}, {names.get(p, p)})" for w, n, p in
         ctx.data.workers().select("worker_id", "display_name", "program_id").iter_rows()}

st.title("Users")
st.caption(f"Who may sign in, as which role, seeing which programs. A role in the person's ID "
           f"token (the {settings.role_claim} claim) comes before this table.")
if not auth_configured():
    st.info("Sign-in is not set up ([auth] in .streamlit/secrets.toml), so this is a demo: "
            "the table is used once it is.", icon=":material/info:")
if done := st.session_state.pop("users_done", None):
    st.success(done)

users = ctx.data.users()
if users.is_empty():
    st.info("No users yet: add the first one below.")
else:
    st.dataframe(users, hide_index=True, width="stretch", column_config={
        "email": "E-mail", "role": "Role", "programs": "Programs (empty: all)",
        "added_at": st.column_config.DatetimeColumn("Changed", format=COLUMN_TIME),
        "added_by": "Changed by", "worker_id": "Worker (a peer worker's own)"})

st.subheader("Add a user, or change one")
with st.form("user_form"):
    email = st.text_input("E-mail", placeholder="name@example.org")
    role = st.selectbox("Role", list(ROLES), format_func=ROLES.__getitem__)
    chosen = st.multiselect("Programs", list(names), format_func=lambda p: names.get(p, p),
                            placeholder="All programs (a supervisor needs at least one)")
    worker = st.selectbox("Worker (a peer worker only: the worker record they are)",
                          [None, *staff], format_func=lambda w: "None" if w is None else staff[w],
                          help="A peer worker signs in to fill in their own check-ins and "
                               "sees nothing else; their program is the worker's.")
    saved = st.form_submit_button("Save", type="primary")
if saved:
    try:
        ctx.data.run(save_user, email, role, chosen, viewer.email, viewer.role, worker)
    except UserRefused as error:
        st.error(str(error))
        st.stop()
    st.session_state["users_done"] = f"Saved {as_markdown(email.strip().lower())} as {role}."
    st.rerun()

if users.height:
    st.subheader("Remove a user")
    gone = st.selectbox("User to remove", users["email"].to_list(), key="users_remove")
    if st.button(f"Remove {as_markdown(gone)}", key="users_remove_button"):
        try:
            ctx.data.run(remove_user, gone, viewer.email, viewer.role)
        except UserRefused as error:
            st.error(str(error))
            st.stop()
        st.session_state["users_done"] = f"Removed {as_markdown(gone)}: they can no longer sign in."
        st.rerun()

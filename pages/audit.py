"""Audit trail (admins only): sign-ins, imports, undos, downloads and changes to users."""

import streamlit as st

from access.audit import ACTIONS
from queries.store import database
from ui.access import guard
from ui.downloads import download_csv
from ui.setup import database_version_or_stop, settings_or_stop

SHOWN = 5_000  # the newest rows; older ones stay in the database
WORDS = {None: "Everything", "sign_in": "Sign-ins", "import": "Imports", "undo": "Undos",
         "download": "Downloads", "users": "Changes to users",
         "acknowledge": "Flags acknowledged", "follow_up": "Follow-up attempts",
         "annotations": "Annotations", "targets": "Targets"}

viewer = guard("audit")  # the role check, first thing
settings = settings_or_stop()
database_version_or_stop(settings)
db = database(str(settings.db))

st.title("Audit trail")
st.caption("Who did what, when, and with which filters (the programs, dates and workers of "
           f"the page a download came from). The newest {SHOWN:,} events, newest first.")
action = st.selectbox("Show", [None, *ACTIONS], format_func=WORDS.__getitem__,
                      key="audit_action")
trail = db.frame("audit_log", action=action, limit=SHOWN).drop("event_id")
if trail.is_empty():
    st.info("Nothing of this kind has been recorded yet.")
    st.stop()
st.dataframe(trail, hide_index=True, width="stretch", column_config={
    "happened_at": st.column_config.DatetimeColumn("When", format="D MMM YYYY, HH:mm:ss"),
    "who": "Who", "role": "Role", "action": "Action", "what": "What",
    "filters": st.column_config.TextColumn("Filters", width="large")})
download_csv(trail, "audit_trail", key="audit:csv")

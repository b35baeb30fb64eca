"""Audit trail (admins only): sign-ins, imports, undos, downloads, changes to users and mail, by
action, person and days, with each row's filters in words."""

from typing import Any

import streamlit as st

from access.audit import ACTIONS
from metrics.formats import COLUMN_DAY, INPUT_DAY, day
from metrics.text import as_markdown
from ui.audit_trail import trail_file
from ui.context import unscoped_context
from ui.downloads import download_csv

SHOWN = 5_000  # the newest rows; older ones stay in the database
# Rows over 4rem tall let the grid wrap a cell's text: four lines of filters, not one and "…",
# in a column that leaves the table inside the page at 1280 px (wider pages widen it).
ROW_PX, WHAT_PX, FILTERS_PX = 88, 150, 240
COLUMNS: dict[str, Any] = {  # Any: st.column_config's own type is not public
    "happened_at": st.column_config.DatetimeColumn("When", format=COLUMN_DAY + ", HH:mm:ss"),
    "who": "Who", "role": "Role", "action": "Action",
    "what": st.column_config.TextColumn("What", width=WHAT_PX),
    "filters": st.column_config.TextColumn(
        "Filters", width=FILTERS_PX, help="The programs, days, workers and page in force. "
        "A long one wraps onto four lines; select its row to read it whole below.")}
WORDS = {None: "Everything", "sign_in": "Sign-ins", "import": "Imports", "undo": "Undos",
         "download": "Downloads", "users": "Changes to users",
         "acknowledge": "Flags acknowledged", "follow_up": "Follow-up attempts",
         "annotations": "Annotations", "targets": "Targets", "mail": "Mail",
         "mappings": "Source mappings"}

data = unscoped_context("audit").data  # the role check, first thing

st.title("Audit trail")
st.caption("Who did what, when, and with which filters (the programs, dates and workers of "
           f"the page a download came from). The newest {SHOWN:,} events, newest first.")
kind, person, first, last = st.columns([2, 3, 2, 2])
action = kind.selectbox("Show", [None, *ACTIONS], format_func=WORDS.__getitem__,
                        key="audit_action")
who = person.selectbox("Person", [None, *data.audit_people()],
                       format_func=lambda w: "Everyone" if w is None else w, key="audit_who")
since = first.date_input("From", value=None, format=INPUT_DAY, key="audit_since")
until = last.date_input("To", value=None, format=INPUT_DAY, key="audit_until")
if since is not None and until is not None and since > until:
    st.warning(f"'From' ({day(since)}) is after 'To' ({day(until)}): choose a "
               "'From' day on or before the 'To' day.")
    st.stop()
trail = data.audit_trail(action=action, who=who, since=since, until=until,
                    limit=SHOWN).drop("event_id")
if trail.is_empty():
    st.info("Nothing of this kind has been recorded for this person and these days. Choose "
            "'Everything', 'Everyone' or other days to see more.")
    st.stop()
shown = trail_file(trail, *data.names())
picked = st.dataframe(shown, hide_index=True, width="stretch", row_height=ROW_PX,
                      on_select="rerun", selection_mode="single-row", key="audit_rows",
                      column_order=[c for c in shown.columns if c != "filters_json"],
                      column_config=COLUMNS)
for row in picked.selection.rows:  # the chosen row's filters in full
    event = shown.row(row, named=True)
    st.markdown(f"**{as_markdown(event['what'])}** ({day(event['happened_at'])}): "
                f"{as_markdown(event['filters'] or 'no filters')}.")
download_csv(shown, "audit_trail", key="audit:csv")

"""Targets and annotations (analysts): each program's targets, and the dated program changes
every chart of that program shows; a change may restart the control limits."""

import streamlit as st

from queries.scope import ALL
from ui.context import admin_context
from ui.program_notes import annotations_section, targets_section

ctx = admin_context("targets")  # the role check, first thing
names = ctx.data.program_names()
notes = ctx.data.notes(ALL)

st.title("Targets and annotations")
st.caption("Targets are drawn on each program's charts and said as on track or behind; a "
           "program without its own has the setting's. Annotations mark a dated program "
           "change on every chart of that program; one that restarts the baseline gives the "
           "months from it control limits of their own. Every change is in the audit trail.")
if done := st.session_state.pop("notes_done", None):
    st.success(done)
if not names:
    st.info("There are no programs yet: load an export first (Upload).")
    st.stop()

targets_section(ctx.data, names, notes)
annotations_section(ctx.data, names, notes)
st.caption("Targets and annotations are the dashboard's own records: imports and undo never "
           "change them.")

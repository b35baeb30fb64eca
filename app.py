"""Peer Recovery Dashboard: the entry point. Settings, the database, the viewer's role and
the shared filters; then the router runs the chosen page."""

import streamlit as st

from queries.store import data_span, programs
from ui.access import pages_for
from ui.context import database_version_or_stop, settings_or_stop
from ui.legacy_pages import leave_legacy_mode
from ui.sidebar import filters, role_picker

leave_legacy_mode()  # before anything is drawn: see ui/legacy_pages.py
st.set_page_config(page_title="Peer Recovery Dashboard", page_icon=":material/diversity_1:",
                   layout="wide")
settings = settings_or_stop()
version = database_version_or_stop(settings)
role = role_picker()
program_list = programs(str(settings.db), version)
if program_list.height:
    filters(program_list, *data_span(str(settings.db), version), role)
st.navigation([st.Page(p.path, title=p.title, icon=p.icon, url_path=p.key)
               for p in pages_for(role)]).run()

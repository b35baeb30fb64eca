"""Peer Recovery Dashboard: the entry point. Settings, the database, who is looking (signed in,
or a demo role) and the shared filters; then the router runs the chosen page."""

import streamlit as st

from access.roles import SEES_FIGURES
from ui.access import pages_for
from ui.data import data_span, programs
from ui.legacy_pages import leave_legacy_mode, start_page
from ui.setup import database_version_or_stop, settings_or_stop
from ui.sidebar import filters
from ui.viewer import current_viewer

leave_legacy_mode(entry=True)  # before anything is drawn: see ui/legacy_pages.py
# An emoji, drawn in the browser: a :material/…: favicon is fetched from a public font server,
# which fails offline and tells a third party who opens a health-data app.
st.set_page_config(page_title="Peer Recovery Dashboard", page_icon="🤝", layout="wide")
# A card's label wraps onto a second line instead of ending in "…" (five cards at 1280 px
# left ~97 px each for "Abstinent at 6 months"), and a word wider than the card ("enrollments"
# beside a scrollbar) breaks rather than running out of it.
st.html("<style>[data-testid='stMetricLabel'] * {white-space: normal !important; "
        "overflow: visible !important; text-overflow: clip !important; "
        "overflow-wrap: break-word}</style>")
settings = settings_or_stop()
viewer = current_viewer(picker=True)  # first: a demo must not open a real database at all
version = database_version_or_stop(settings)
program_list = programs(str(settings.db), version)
if viewer.programs is not None:  # a supervisor chooses among their own programs only
    program_list = program_list.filter(program_list["program_id"].is_in(viewer.programs))
first_day, last_day = data_span(str(settings.db), version)
specs = pages_for(viewer.role)
chosen = st.navigation([*(st.Page(p.path, title=p.title, icon=p.icon, url_path=p.key)
                          for p in specs), start_page(specs[0].path, specs[0].title,
                                                      specs[0].icon)])
if program_list.height and first_day and last_day and viewer.role in SEES_FIGURES:
    filters(program_list, first_day, last_day, viewer.role,  # no records: the page says so
            own_period=chosen.url_path == "funder")
chosen.run()

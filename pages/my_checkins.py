"""My check-ins (peer workers): fill in your own ProQOL 5 check-in and read your scores. No
participant, no other worker and no figure reaches this role; the answers are stored nowhere,
only the three sums, which your supervisor sees on the Workforce page as before."""

from datetime import date

import polars as pl
import streamlit as st

from metrics.formats import COLUMN_DAY, day
from metrics.proqol import band
from ui.checkin_form import checkin_form
from ui.context import unscoped_context
from ui.downloads import download_csv
from ui.form_parts import SAVED, refused

ctx = unscoped_context("my_checkins")  # the role check, first thing; a linked worker only
worker = ctx.viewer.worker or ""  # problem() refused a peer worker without one at sign-in
history = ctx.data.own_checkins()

st.title("My check-ins")
st.caption("Your ProQOL 5 check-ins: how your work has felt over the last 30 days. Your "
           "supervisor sees the three scores you get, never your answers (they are stored "
           "nowhere), and talks them over with you.")
if done := st.session_state.pop(SAVED, None):
    st.success(done, icon=":material/check_circle:")
if refused("wellbeing"):
    st.warning("The check-in was not saved: see what is missing under its items. Your answers "
               "are kept.", icon=":material/block:")
checkin_form(ctx.settings, ctx.viewer, worker, (date(1900, 1, 1), date.today()))

st.subheader("My scores")
if history.is_empty():
    st.info("No check-ins yet: your first one appears here once it is saved.")
    st.stop()
latest = history.row(0, named=True)
st.markdown(f"Latest, on {day(latest['checkin_on'])}: compassion satisfaction "
            f"{latest['proqol_cs']} ({band(latest['proqol_cs'])}), burnout "
            f"{latest['proqol_bo']} ({band(latest['proqol_bo'])}), secondary traumatic stress "
            f"{latest['proqol_sts']} ({band(latest['proqol_sts'])}). Each is 10 to 50: low at 22 "
            "or less, high at 42 or more (the ProQOL 5 manual). High burnout or secondary "
            "traumatic stress is worth talking over with your supervisor.")
bands = {name: pl.col(column).map_elements(lambda raw: f"{raw} ({band(raw)})",
                                           return_dtype=pl.String)
         for name, column in (("Compassion satisfaction", "proqol_cs"),
                              ("Burnout", "proqol_bo"),
                              ("Secondary traumatic stress", "proqol_sts"))}
table = history.select(Date="checkin_on", **bands)
st.dataframe(table, hide_index=True, width="stretch", key="my_checkins",
             column_config={"Date": st.column_config.DateColumn(format=COLUMN_DAY)})
download_csv(table, "my_checkins", key="my_checkins:csv")

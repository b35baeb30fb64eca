"""The ProQOL 5 check-in on a worker's detail, which the supervisor fills in with the worker:
the day, the 30 items with their five answers, and optionally the hours worked a week. The
write side scores it (ingest.forms.log_checkin) and keeps only the three raw sums; the answers
leave the page once it is saved. A refused save keeps every answer and says under each item
what is missing."""

from __future__ import annotations

from datetime import date

import streamlit as st

from access.roles import FILLS_OWN_CHECKIN
from access.viewer import Viewer
from ingest.forms import WHOLE, Saved, log_checkin
from metrics.formats import INPUT_DAY
from metrics.proqol import ANSWERS, CREDIT, INSTRUCTIONS, ITEMS, band
from settings import Settings
from store.published import PAGE_WAIT
from ui.form_parts import fresh, problems, refused, save

FORM = "wellbeing"
SCALES = (("proqol_bo", "burnout"), ("proqol_sts", "secondary traumatic stress"),
          ("proqol_cs", "compassion satisfaction"))


def item_key(n: int) -> str:
    """The widget key of item n (1-30)."""
    return f"pq_item_{n}"


def _scores(saved: Saved) -> str:
    """The sums as saved, each with the manual's band: what the figures will show."""
    sums = {column: raw for column, raw in saved.values.items() if isinstance(raw, int)}
    return ": " + ", ".join(f"{name} {sums[column]} ({band(sums[column])})"
                            for column, name in SCALES)


def checkin_form(settings: Settings, viewer: Viewer, worker_id: str,
                 shown: tuple[date, date]) -> None:
    """The check-in form, folded until opened (open again while a refused save's problems
    show). Only called for a viewer who may log for the worker (ui/record_forms.py), or for a
    peer worker's own (pages/my_checkins.py: `worker_id` is theirs, and they answer)."""
    own = viewer.worker if viewer.role in FILLS_OWN_CHECKIN else None
    fresh(FORM, {"pq_day": date.today(), "pq_hours": None,
                 **{item_key(n): None for n in range(1, len(ITEMS) + 1)}})
    title = ("Fill in a ProQOL 5 check-in" if own else
             "Record a ProQOL 5 check-in with the worker")
    with st.expander(title, expanded=refused(FORM) or bool(own),
                     icon=":material/assignment:"), st.form("log_checkin", border=False):
        st.markdown(f"*{INSTRUCTIONS}*" if own else
                    f"The worker answers; you enter their answers. *{INSTRUCTIONS}*")
        st.caption("Only the three scores are kept (compassion satisfaction, burnout, "
                   "secondary traumatic stress): the answers themselves are stored nowhere.")
        day = st.date_input("Day of the check-in", key="pq_day", format=INPUT_DAY)
        problems(FORM, "checkin_on")
        answers = []
        for n, text in enumerate(ITEMS, 1):
            answers.append(st.radio(f"{n}. {text}", list(ANSWERS), key=item_key(n),
                                    format_func=lambda a: f"{a} {ANSWERS[a]}",
                                    horizontal=True))
            problems(FORM, f"item_{n}")
        hours = st.number_input("Hours worked a week, on average since the last check-in "
                                "(optional)", min_value=0.0, step=0.5, key="pq_hours")
        problems(FORM, "hours_per_week")
        problems(FORM, "worker_id")
        problems(FORM, WHOLE)
        st.caption(CREDIT)
        if st.form_submit_button("Save check-in", type="primary"):
            save(FORM, settings, viewer, lambda base, programs: log_checkin(
                base, worker_id, day, answers, hours, viewer.email, viewer.role, programs,
                own=own, wait=PAGE_WAIT), day, shown, said=_scores)

"""The Overview's "Today", for supervisors and analysts: what needs action in the viewer's
programs, worst first, each a count in a sentence and a link to the page that lists who. The
rules are the digests' (queries/today.py, read through ctx.data.today()), so the Overview and
the mail never disagree; the sidebar's choice does not narrow it, as it does not narrow a mail."""

from __future__ import annotations

import streamlit as st

from metrics.formats import day
from metrics.text import as_markdown
from queries.scope import ALL, viewer_programs
from ui.access import PAGES
from ui.context import PageContext

# Each item's page, as the link names what it opens there.
LINKS = {"aftercare": "Call list", "workforce": "Needs attention", "outcomes": "Interviews due",
         "completeness": "Data completeness", "import_history": "Import history"}
ICONS = {"calls": ":material/call:", "flags": ":material/flag:",
         "interviews": ":material/event_busy:", "quiet": ":material/signal_cellular_off:",
         "imports": ":material/report:"}


def today(ctx: PageContext) -> None:
    """The section: a line per item with its link, or one calm sentence when nothing waits."""
    items = ctx.data.today()
    where = "every program" if viewer_programs(ctx.viewer) is ALL else "your programs"
    with st.container(border=True, key="today"):
        st.markdown("**Today**")
        if not items:
            st.markdown(f"Nothing in {where} needs action today.")
            return
        st.caption(f"What needs action in {where}, worst first, judged on the data up to "
                   f"{day(ctx.last_day)}: the counts your mail digest carries. The sidebar "
                   "does not narrow them; the pages they link to follow it.")
        for item in items:
            sentence, link = st.columns([4, 1], vertical_alignment="center")
            sentence.markdown(f"{ICONS.get(item.key, '')} {as_markdown(item.sentence)}")
            if item.page in LINKS:
                spec = PAGES[item.page]
                link.page_link(spec.path, label=LINKS[item.page], icon=spec.icon)
            else:  # a supervisor's quiet programs: the Overview's warnings name them
                link.caption("Named below")

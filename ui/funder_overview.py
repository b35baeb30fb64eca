"""The Overview as a funder sees it: the latest quarter's all-program figures, cut from the
funder release like everything else a funder can reach (one release, one time grain)."""

from __future__ import annotations

import streamlit as st

from charts.common import quarter_label
from charts.funder import LEGEND, figure_text, latest
from metrics.catalogue import METRICS
from metrics.funder import FUNDER_METRICS
from queries.funder import funder_period
from release.build import ReleaseRefused
from ui.context import PageContext

# The release's figures a funder's front page shows, with a card label that fits.
CARDS = {"E4": "Early engagement", "E7": "Completion", "A1_30": "Follow-up in 30 days",
         "R1": "Follow-up rate", "R2": "Abstinent at 6 months"}


def funder_overview(ctx: PageContext) -> None:
    """Cards of the latest quarter with a figure, each against the quarter before."""
    period = funder_period(ctx.scope, ctx.last_day)
    if period is None:
        st.info("Funder figures cover whole calendar quarters, and this range holds none that "
                "has ended. Choose a range that includes a whole quarter in the sidebar.")
        return
    try:
        figures = ctx.data.funder(*period)
    except ReleaseRefused as refused:
        st.error(str(refused), icon=":material/gpp_bad:")
        return
    st.caption(f"{quarter_label(period[0])} to {quarter_label(period[1])} · all your programs "
               "together, quarter by quarter, from the funder release · the Funder report "
               "has every metric by program")
    for column, (key, label) in zip(st.columns(len(CARDS)), CARDS.items(), strict=True):
        metric, frame = FUNDER_METRICS[key], figures[key]
        totals = {r["quarter"]: r for r in frame.filter("is_total").iter_rows(named=True)}
        when = latest(frame)
        with column:
            if when is None:
                st.metric(label, "—", help=METRICS[metric.id].describe(), border=True)
                st.caption("No figure a funder may see yet.")
                continue
            now = totals[when]
            earlier = [q for q in totals if q < when]
            before = totals[max(earlier)]["value"] if earlier else None
            delta = (f"{(now['value'] - before) * 100:+.1f} points"
                     if before is not None else None)
            trend = [r["value"] * 100 for q, r in sorted(totals.items())
                     if q <= when and r["value"] is not None]
            st.metric(label, figure_text(now, metric), delta, border=True,
                      help=f"{metric.title}. {METRICS[metric.id].describe()}",
                      delta_color="off", chart_data=trend or None, chart_type="line")
            change = " · change on the quarter before" if delta else ""
            st.caption(f"{quarter_label(when)} · {now['numerator']:,} of "
                       f"{now['denominator']:,} {metric.noun}{change}")
    st.caption("\\" + LEGEND)  # a leading "* " would be a list item

"""The Overview's headline cards: each figure of its latest final month (a count on the
range's last day), against the month before, with its trend and what it rests on."""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from charts.headlines import headline
from metrics.catalogue import METRICS
from metrics.formats import day
from metrics.headlines import Card


def headline_cards(figures: dict[str, pl.DataFrame], cards: dict[str, Card], end: date,
                   min_n: int) -> None:
    for column, (key, card) in zip(st.columns(len(cards)), cards.items(), strict=True):
        metric = METRICS[card.metric]
        figure = headline(figures[key], metric.kind, card.basis, min_n)
        with column:
            if figure is None:
                st.metric(card.label, "—", help=metric.describe(), border=True)
                st.caption("No final figure for these filters yet.")
                continue
            same = figure.unchanged  # said in grey, without an arrow that would read as a rise
            delta = "no change" if same else figure.delta
            st.metric(card.label, figure.value, delta,
                      delta_color="off" if same else card.good,
                      delta_arrow="off" if same else "auto", border=True,
                      help=metric.describe(), chart_data=figure.trend or None)
            # Counts are on a day (the range's last); rates are over a month.
            when = f"On {day(end)}" if metric.kind == "count" else figure.month
            change = " · change on the month before" if delta else ""
            st.caption(f"{when} · {figure.basis}{change}")


def what_they_mean(cards: dict[str, Card], threshold: float) -> None:
    with st.expander("What these figures mean"):
        for card in cards.values():
            metric = METRICS[card.metric]
            st.markdown(f"**{card.label}** ({metric.question}) {metric.describe()}")
        st.markdown(f"Over caseload limit counts peer specialists whose active enrollments per "
                    f"FTE exceed {threshold:g} on the day; the limit is a setting "
                    "(PEERDASH_CASELOAD_PER_FTE_THRESHOLD).")

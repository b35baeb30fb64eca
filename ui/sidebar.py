"""The sidebar's shared filters, which live in the URL (?programs=&dates=) so that a view can
be shared as a link."""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from access.roles import sees_identified
from metrics.formats import INPUT_DAY
from queries.scope import ALL, Scope

DEFAULT_MONTHS = 12  # the default range: the last twelve calendar months of data


def default_range(first_day: date, last_day: date) -> tuple[date, date]:
    months_back = last_day.year * 12 + last_day.month - DEFAULT_MONTHS
    start = date(months_back // 12, months_back % 12 + 1, 1)
    return max(start, first_day), last_day


def filters(programs: pl.DataFrame, first_day: date, last_day: date, role: str,
            own_period: bool = False) -> None:
    """The programs and dates every page but the Funder report reads. There (`own_period`)
    they are shown disabled, kept for the other pages, and a sentence says what it reads."""
    names = dict(zip(programs["program_id"], programs["program_name"], strict=True))
    if own_period:
        st.sidebar.caption("The Funder report covers all your programs, over the whole quarters "
                           "chosen at its top: these filters apply to the other pages.")
    if sees_identified(role):
        st.sidebar.multiselect("Programs", list(names), format_func=names.__getitem__,
                               key="programs", placeholder="All programs", bind="query-params",
                               disabled=own_period)
    else:
        st.sidebar.caption(f"Programs: all {len(names)} of yours. Funder figures are not split "
                           "by program on the Overview. Every funder figure comes from one "
                           "release of whole quarters, protected together so that no two "
                           "figures can be subtracted to reveal a small number of people; the "
                           "Funder report shows it program by program.")
    st.sidebar.date_input("Dates", value=default_range(first_day, last_day),
                          min_value=first_day, max_value=last_day, key="dates",
                          format=INPUT_DAY, bind="query-params", disabled=own_period)


def worker_filter(workers: pl.DataFrame) -> tuple[str, ...] | None:
    """The primary workers a page is narrowed to (None: all), chosen in the sidebar and kept in
    the URL (?workers=)."""
    names = {w: f"{name} · {program}" for w, name, program in
             workers.select("worker_id", "display_name", "program_name").iter_rows()}
    chosen = st.sidebar.multiselect("Workers", list(names), format_func=lambda w: names.get(w, w),
                                    key="workers", placeholder="All workers",
                                    bind="query-params",
                                    help="Narrows figures to the enrollments whose primary peer "
                                         "worker is one of these.")
    return tuple(sorted(chosen)) if chosen else None


def scope_from_state(first_day: date, last_day: date) -> Scope:
    """The scope the sidebar filters describe; a sentence and a stop while it is incomplete."""
    chosen = st.session_state.get("programs") or None
    dates = st.session_state.get("dates") or default_range(first_day, last_day)
    if len(dates) < 2:
        st.info("Choose the last day of the date range in the sidebar.")
        st.stop()
    start, end = max(dates[0], first_day), min(dates[1], last_day)
    return Scope(tuple(sorted(chosen)) if chosen else ALL, start, end)  # then the viewer's cut

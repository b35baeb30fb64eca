"""Data completeness's charts, one a program (its records a month, by type): those of the
programs to check drawn (the worst six), every other program's in a section opened on demand
or by its link (?open_other_programs=true). Each is built once for the data
(ui/figures.data_figures)."""

from __future__ import annotations

from datetime import date
from functools import partial

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from charts.common import PROVISIONAL_NOTE
from charts.completeness import monthly_records
from queries.completeness import Completeness, programs_to_check
from ui.figures import Kept, opened
from ui.panels import plain_chart

OTHER_PROGRAMS = "other_programs"  # the section's key
SHOWN = 6  # programs to check drawn at most; at 100,000 enrollments 52 of 200 programs were


def _program_chart(found: Completeness, program_id: str, program_name: str,
                   last_day: date) -> go.Figure:
    months = found.months.filter(pl.col("program_id") == program_id)
    return monthly_records(months, program_name, last_day)


def _month_by_month(kept: Kept, found: Completeness, programs: pl.DataFrame,
                    last_day: date) -> None:
    for program_id, program_name in programs.rows():  # a kept chart filters nothing again
        fig = kept(f"records_{program_id}", partial(_program_chart, found, program_id,
                                                    program_name, last_day))
        plain_chart(fig, f"completeness:{program_id}")


def program_charts(kept: Kept, found: Completeness, summary: pl.DataFrame,
                   last_day: date) -> None:
    """The charts of the programs in `summary` (the viewer's): those to check, then the rest."""
    to_check, others = programs_to_check(summary)
    shown, others = to_check.head(SHOWN), pl.concat([to_check.slice(SHOWN), others])
    if shown.height:
        of = f" (the worst {SHOWN} of {to_check.height})" if to_check.height > SHOWN else ""
        st.subheader(f"Programs to check{of}, month by month")
        st.caption("Gone quiet, or a month with none or unusually few records (the table's "
                   f"last three columns). {PROVISIONAL_NOTE}")
        _month_by_month(kept, found, shown, last_day)
    title = (f"{'Every other' if shown.height else 'Every'} program, month by month "
             f"({others.height})")
    if others.height and (box := opened(title, OTHER_PROGRAMS)):
        with box:
            st.caption(PROVISIONAL_NOTE)
            _month_by_month(kept, found, others, last_day)

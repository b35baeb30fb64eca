"""Data completeness as a chart: per program and record type, records month by month, the
months with none or unusually few marked."""

from __future__ import annotations

from datetime import date, timedelta

import plotly.graph_objects as go
import polars as pl

from charts.common import empty_figure, layout, provisional_style
from charts.palette import ALERT, OKABE_ITO, PROVISIONAL

WORDS = {"enrollments": "Enrollments", "contacts": "Contacts", "appointments": "Appointments",
         "assessments": "Interviews", "events": "Events", "wellbeing": "Wellbeing check-ins"}
COLOURS = dict(zip(WORDS, (OKABE_ITO[0], OKABE_ITO[4], OKABE_ITO[2], OKABE_ITO[3],
                            OKABE_ITO[1], OKABE_ITO[7]), strict=True))
NONE_AT = 0.5  # a log axis has no 0: a month with none is drawn here, its hover says 0
MARKS = {"few": PROVISIONAL, "none": ALERT}  # a judged month's ring

def monthly_records(months: pl.DataFrame, program_name: str,
                    last_day: date | None = None) -> go.Figure:
    """One line per record type of a program: records a month (a month with none at ½, the
    axis's foot), judged months marked large (grey: fewer than half the usual; vermillion:
    none). The data's last month, when `last_day` leaves it part-way, is drawn hollow and not
    joined (charts.common's rule for what is not over): its count is of the days so far, and
    a line down to it would read as a fall."""
    title = f"{program_name}: records a month, by type"
    if months.is_empty():
        return empty_figure(title)
    part, so_far_words = None, ""
    if last_day is not None and (last_day + timedelta(days=1)).day != 1:
        part, so_far_words = last_day.replace(day=1), f" so far (1 to {last_day.day}, not over)"
    fig = go.Figure()
    for record_type, name in WORDS.items():
        rows = months.filter(pl.col("record_type") == record_type)
        if rows.is_empty():
            continue
        whole = rows.filter(pl.col("month") != part) if part else rows
        so_far = rows.filter(pl.col("month") == part) if part else rows.clear()
        fig.add_trace(go.Scatter(
            x=whole["month"], y=_drawn(whole), name=name, mode="lines+markers",
            line={"color": COLOURS[record_type], "width": 1.5},
            marker={"size": [12 if j else 5 for j in whole["judged"]],
                    "color": [MARKS.get(j, COLOURS[record_type]) for j in whole["judged"]]},
            customdata=_hover(whole, name), hovertemplate="%{customdata}<extra></extra>"))
        if so_far.height:
            fig.add_trace(go.Scatter(
                x=so_far["month"], y=_drawn(so_far), name=name, legendgroup=name,
                **provisional_style(COLOURS[record_type]),
                customdata=_hover(so_far, name, so_far_words),
                hovertemplate="%{customdata}<extra></extra>"))
    layout(fig, title, "Month", "records (log scale; none drawn at ½)", height=380)
    fig.update_yaxes(type="log", dtick=1)  # ticks at 1, 10, 100, ...
    return fig


def _drawn(rows: pl.DataFrame) -> pl.Series:
    return rows["records"].cast(pl.Float64).replace(0, NONE_AT)


def _hover(rows: pl.DataFrame, name: str, so_far: str = "") -> list[str]:
    return [f"{name}, {m:%B %Y}{so_far}: {r:,} records" + (
        f" (usually about {t:,.0f}: {'none' if j == 'none' else 'unusually few'})" if j else "")
        for m, r, t, j in rows.select("month", "records", "typical", "judged").rows()]

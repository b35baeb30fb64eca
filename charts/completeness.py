"""Data completeness as a chart: per program and record type, records month by month, the
months with none or unusually few marked."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from charts.common import empty_figure, layout
from charts.palette import ALERT, OKABE_ITO, PROVISIONAL

WORDS = {"enrollments": "Enrollments", "contacts": "Contacts", "appointments": "Appointments",
         "assessments": "Interviews", "events": "Events", "wellbeing": "Wellbeing check-ins"}
COLOURS = dict(zip(WORDS, (OKABE_ITO[0], OKABE_ITO[4], OKABE_ITO[2], OKABE_ITO[3],
                            OKABE_ITO[1], OKABE_ITO[7]), strict=True))
NONE_AT = 0.5  # a log axis has no 0: a month with none is drawn here, its hover says 0
MARKS = {"few": PROVISIONAL, "none": ALERT}  # a judged month's ring

def monthly_records(months: pl.DataFrame, program_name: str) -> go.Figure:
    """One line per record type of a program: records a month (a month with none at ½, the
    axis's foot), judged months marked large (grey: fewer than half the usual; vermillion:
    none)."""
    title = f"{program_name}: records a month, by type"
    if months.is_empty():
        return empty_figure(title)
    fig = go.Figure()
    for record_type, name in WORDS.items():
        part = months.filter(pl.col("record_type") == record_type)
        if part.is_empty():
            continue
        hover = [f"{name}, {m:%B %Y}: {r:,} records" + (
            f" (usually about {t:,.0f}: {'none' if j == 'none' else 'unusually few'})"
            if j else "") for m, r, t, j in part.select(
                "month", "records", "typical", "judged").rows()]
        fig.add_trace(go.Scatter(
            x=part["month"], y=part["records"].cast(pl.Float64).replace(0, NONE_AT), name=name,
            mode="lines+markers",
            line={"color": COLOURS[record_type], "width": 1.5},
            marker={"size": [12 if j else 5 for j in part["judged"]],
                    "color": [MARKS.get(j, COLOURS[record_type]) for j in part["judged"]]},
            customdata=hover, hovertemplate="%{customdata}<extra></extra>"))
    layout(fig, title, "Month", "records (log scale; none drawn at ½)", height=380)
    fig.update_yaxes(type="log", dtick=1)  # ticks at 1, 10, 100, ...
    return fig

"""Data completeness as a chart: per program and record type, records month by month, the
months with none or unusually few marked."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from charts.common import empty_figure, layout
from charts.palette import ALERT, PRIMARY, PROVISIONAL

WORDS = {"enrollments": "Enrollments", "contacts": "Contacts", "appointments": "Appointments",
         "assessments": "Interviews", "events": "Events", "wellbeing": "Wellbeing check-ins"}
MARKS = {None: PRIMARY, "few": PROVISIONAL, "none": ALERT}


def monthly_records(months: pl.DataFrame, program_name: str) -> go.Figure:
    """One small line per record type of a program: records a month, judged months marked
    (grey: fewer than half the usual; vermillion: none)."""
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
            x=part["month"], y=part["records"], name=name, mode="lines+markers",
            marker={"size": [11 if j else 5 for j in part["judged"]],
                    "color": [MARKS[j] for j in part["judged"]]},
            customdata=hover, hovertemplate="%{customdata}<extra></extra>"))
    layout(fig, title, "Month", "records (log scale)", height=380)
    fig.update_yaxes(type="log")
    return fig

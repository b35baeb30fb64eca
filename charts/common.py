"""What every chart shares: the layout conventions, hover lines and click-to-narrow data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import plotly.graph_objects as go
import polars as pl

from charts.palette import PROVISIONAL

NO_DATA = "No records for these filters"
LABEL_INK = "#31333F"  # ui.shown.INK: 12.6:1 on white (the theme's grey is 3.7:1)


def layout(fig: go.Figure, title: str, x_title: str, y_title: str, *,
           height: int = 360, legend: bool = True) -> go.Figure:
    """Title in words, axis labels with units, the legend above the plot, room for hover."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "y": 0.98, "yanchor": "top"},
        height=height, margin={"t": 90 if legend else 60, "b": 40, "l": 10, "r": 10},
        showlegend=legend, hovermode="closest", clickmode="event+select",
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "title": None},
    )
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title)
    return fig


def marked_line(fig: go.Figure, x: float, text: str, line: dict, row: int,
                right: float) -> None:
    """A vertical line on an axis from 0 to `right`, its label in row `row` above the plot (so
    labels never overlap each other nor the bars; give the figure margin), on the side of the
    line with more room."""
    fig.add_vline(x=x, line=line)
    fig.add_annotation(x=x, xref="x", y=1.02 + 0.08 * row, yref="paper", text=text,
                       showarrow=False, yanchor="bottom", font={"color": LABEL_INK},
                       xanchor="left" if x < right / 2 else "right")


def focus_data(frame: pl.DataFrame, value: str, label: str | None = None) -> np.ndarray:
    """customdata [value, label] per row, which ui.panels reads to narrow the page on a click;
    dates become YYYY-MM-DD."""
    def text(column: str) -> list[str]:
        series = frame[column]
        if series.dtype == pl.Date:
            return [d.isoformat() if isinstance(d, date) else "" for d in series]
        return [str(v) for v in series]

    values = text(value)
    labels = text(label) if label else values
    return np.array(list(zip(values, labels, strict=True)), dtype=object).reshape(-1, 2)


def empty_figure(title: str, message: str = NO_DATA) -> go.Figure:
    """A titled chart that says it has nothing to show, rather than empty axes."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper",
                       yref="paper", font={"size": 14})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(title={"text": title, "x": 0}, height=240)
    return fig


def provisional_markers(final: list[bool], colour: str) -> dict:
    """Solid for final figures, hollow grey for those that may still change."""
    return {"size": 9, "color": [colour if f else "white" for f in final],
            "line": {"color": [colour if f else PROVISIONAL for f in final], "width": 2}}


# THE rule for unfinished periods (months, quarters, cohorts whose windows have not closed),
# on every chart: drawn hollow and grey, never joined by a line to the final ones (nor to each
# other), and never headlined (the readings and cards take final periods only).
PROVISIONAL_NOTE = ("Hollow grey: not final yet (the period is not over, or its windows are "
                    "still open); never joined to the final ones.")


def split_final(frame: pl.DataFrame, final: str | None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The final rows and the provisional ones (none when there is no `final` column)."""
    if final is None or final not in frame.columns:
        return frame, frame.clear()
    return frame.filter(pl.col(final)), frame.filter(~pl.col(final))


def provisional_style(colour: str) -> dict:
    """A trace's keywords for provisional points: hollow grey markers, no line."""
    return {"mode": "markers", "showlegend": False,
            "marker": {"size": 9, "color": "white", "line": {"color": PROVISIONAL, "width": 2}},
            "line": {"color": colour}}


def provisional_bars(final: list[bool], colour: str) -> dict:
    """Bar marker keywords: filled for final bars, hollow with a grey outline otherwise."""
    return {"color": [colour if f else "white" for f in final],
            "line": {"color": [colour if f else PROVISIONAL for f in final], "width": 1.5}}


def quarter_label(day: date) -> str:
    """'2026 Q3' for any day of the quarter."""
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def number(value: object) -> float:
    """A number column's aggregate (max, mean, median: polars types them as any Python
    value) as a float; anything else (None from an empty column) is refused."""
    if isinstance(value, int | float | Decimal):
        return float(value)
    raise TypeError(f"expected a number, got {value!r}")


def a_day(value: object) -> date:
    """A date column's max or min (typed by polars as any Python value) as the date it is."""
    if isinstance(value, date):
        return value
    raise TypeError(f"expected a day, got {value!r}")


def words(code: str | None) -> str:
    """A contract code as words: 'engagement_session' -> 'Engagement session'."""
    return "Not recorded" if code is None else code.replace("_", " ").capitalize()

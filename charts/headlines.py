"""The Overview's headline cards and its month-by-month chart, from the headline series."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go
import polars as pl

from charts.common import number
from charts.palette import PRIMARY, PROVISIONAL, SUPPRESSED
from charts.signals import add_notes
from metrics.catalogue import Kind
from metrics.instruments import FEWER_THAN

FORMATS: dict[Kind, str] = {"count": "{:,.0f}", "ratio": "{:.1f}", "proportion": "{:.1%}",
                            "distribution": "{:,.0f}"}
AXIS_FORMATS: dict[Kind, str] = {"count": ",d", "ratio": ".1f", "proportion": ".0%",
                                 "distribution": ",d"}
SUPPRESSED_TEXT = "*"  # the convention of public-health tables; the caption spells it out


@dataclass(frozen=True)
class Headline:
    """What a series says in one card: the latest final figure and its change."""

    value: str
    delta: str | None  # None: no previous month, or no change
    unchanged: bool
    month: str  # the month the figure is for, e.g. "October 2026"
    basis: str  # what it rests on, e.g. "81 of 107 discharges"
    trend: list[float]  # final values, for the card's sparkline


def _month_index(day: date) -> int:
    return day.year * 12 + day.month


def _basis(row: dict, template: str) -> str:
    """What a figure rests on, e.g. "81 of 107 discharges" from "{numerator:,} of ..."."""
    if row["suppressed"]:
        return f"* Suppressed: {FEWER_THAN} people behind this figure"
    if "{numerator" in template and row["numerator"] is None:
        return "its counts are not shown in this view"  # a ratio, to a funder
    return template.format(**row)


def _change(now: float, before: float, kind: Kind) -> str | None:
    """The change as the card shows it; None when it rounds to nothing."""
    if kind == "proportion":
        text = f"{(now - before) * 100:+.1f} points"
    else:
        text = f"{now - before:+.1f}" if kind == "ratio" else f"{now - before:+,.0f}"
    return None if text.lstrip("+-").split()[0].strip("0.") == "" else text


def too_few(row: dict, kind: Kind, min_n: int) -> bool:
    """A percentage resting on fewer than `min_n` people is not headlined."""
    return (kind == "proportion" and not row["suppressed"] and row["denominator"] is not None
            and row["denominator"] < min_n)


def headline(series: pl.DataFrame, kind: Kind, basis: str, min_n: int = 0) -> Headline | None:
    """The card for a series, or None when no month in it has a final figure. Provisional
    months are never headlined; a percentage on fewer than `min_n` people is given as a
    dash, its basis saying how few."""
    final = series.filter(pl.col("final") & (pl.col("value").is_not_null()
                                              | pl.col("suppressed")))
    if final.height == 0:
        return None
    last = final.row(-1, named=True)
    shown = final.filter(~pl.col("suppressed"))
    value = SUPPRESSED_TEXT if last["suppressed"] else FORMATS[kind].format(last["value"])
    before = final.row(-2, named=True) if final.height >= 2 else None
    if before is not None and _month_index(before["month"]) != _month_index(last["month"]) - 1:
        before = None  # a month with nothing in it lies between: no "change on the month"
    comparable = before is not None and not (last["suppressed"] or before["suppressed"])
    if too_few(last, kind, min_n):
        return Headline("—", None, False, f"{last['month']:%B %Y}",
                        f"only {last['denominator']:,}: too few for a percentage (fewer than "
                        f"{min_n})", shown["value"].to_list())
    comparable = comparable and before is not None and not too_few(before, kind, min_n)
    delta = (_change(last["value"], before["value"], kind)
             if comparable and before is not None else None)
    return Headline(value, delta, comparable and delta is None, f"{last['month']:%B %Y}",
                    _basis(last, basis),
                    shown["value"].to_list())


@dataclass(frozen=True)
class Panel:
    title: str  # words, with the unit
    series: pl.DataFrame
    kind: Kind
    basis: str  # a template over the series row, e.g. "{numerator:,} of {denominator:,} ..."


def _hover(frame: pl.DataFrame, kind: Kind, basis: str) -> list[str]:
    return [f"{FORMATS[kind].format(r['value'])} ({_basis(r, basis)})"
            for r in frame.iter_rows(named=True)]


def _count_axis(values: pl.Series) -> dict[str, object]:
    """Whole-number ticks for a count, even when every value is small (or hidden)."""
    top = max(number(values.max() or 0), 1.0)
    return {"dtick": 1} if top <= 6 else {}


def _two_lines(title: str) -> str:
    """A panel's title with its unit on a line of its own: 'Follow-up within 30 days<br>(% of
    discharges)', which fits a third of a 1280 px page and a phone."""
    return title.replace(" (", "<br>(", 1)


def monthly_trend(panel: Panel, notes: pl.DataFrame | None = None,
                  several: bool = False) -> go.Figure:
    """One headline month by month: final months solid, provisional months hollow and grey
    (never joined to the final ones), suppressed months as grey bands (never drawn as a
    value); the programs' annotations as lines across it."""
    fig = go.Figure()
    shown = panel.series.filter(~pl.col("suppressed") & pl.col("value").is_not_null())
    for final, style in ((True, {"color": PRIMARY, "symbol": "circle"}),
                         (False, {"color": PROVISIONAL, "symbol": "circle-open"})):
        part = shown.filter(pl.col("final") == final)
        fig.add_trace(go.Scatter(
            x=part["month"], y=part["value"], mode="lines+markers" if final else "markers",
            marker={"size": 7, **style}, line={"color": style["color"], "width": 2},
            customdata=_hover(part, panel.kind, panel.basis), name=panel.title,
            hovertemplate="%{x|%B %Y}: %{customdata}<extra></extra>"))
    for month in panel.series.filter("suppressed")["month"]:
        fig.add_vrect(x0=month, x1=month, line_width=14, line_color=SUPPRESSED, opacity=0.25)
    ticks: dict[str, object] = _count_axis(shown["value"]) if panel.kind == "count" else {}
    if panel.kind == "proportion":
        ticks = {"range": [0, 1.05]}
    fig.update_yaxes(tickformat=AXIS_FORMATS[panel.kind], rangemode="tozero",
                     showticklabels=shown.height > 0, **ticks)
    fig.update_xaxes(tickformat="%b %Y", type="date")
    if shown.height == 0:
        fig.add_annotation(text=f"All months suppressed<br>({FEWER_THAN} people)",
                           showarrow=False, xref="x domain", yref="y domain", x=0.5, y=0.5,
                           font={"color": SUPPRESSED})
    fig.update_layout(
        title={"text": _two_lines(panel.title), "x": 0, "xanchor": "left", "font_size": 14},
        height=300, showlegend=False, margin={"t": 64, "b": 20, "l": 10, "r": 10},
        hovermode="closest")
    if notes is not None and notes.height:
        add_notes(fig, notes, several)
    return fig


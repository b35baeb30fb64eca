"""What a monthly rate chart says beyond its points: control limits and the signals against
them (metrics/spc.py), the analysts' dated program changes, targets, and the sentences that
say each of them in the chart's reading."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import polars as pl

from charts.palette import ALERT, REFERENCE
from metrics.formats import day
from metrics.spc import MIN_BASELINE, NEAR, OUTSIDE, SHIFT, SHIFT_LENGTH, TREND, TREND_LENGTH
from metrics.targets import TARGET_METRICS, judged, shown
from metrics.text import as_plotly

LIMIT_LINE = {"color": REFERENCE, "width": 1, "dash": "dot", "shape": "hvh"}


def _month(d: date) -> str:
    return f"{d:%B %Y}"


def add_limits(fig: go.Figure, control: pl.DataFrame, x: str, scale: float = 1.0) -> None:
    """The centre line and 3-sigma limits, per baseline segment, as steps (they follow each
    month's n); signals ringed in vermillion. `scale` 100 for a percent axis."""
    shown_legend = False
    for (_,), seg in control.filter(pl.col("centre").is_not_null()).group_by(
            "segment", maintain_order=True):
        for column, dash in (("upper", "dot"), ("centre", "solid"), ("lower", "dot")):
            fig.add_trace(go.Scatter(
                x=seg[x], y=seg[column] * scale, mode="lines", hoverinfo="skip",
                line={**LIMIT_LINE, "dash": dash}, name="centre and 3-sigma limits",
                showlegend=not shown_legend, legendgroup="limits"))
            shown_legend = True
    hits = control.filter(pl.col("signal").is_not_null())
    if hits.height:
        fig.add_trace(go.Scatter(
            x=hits[x], y=hits["numerator"] / hits["denominator"] * scale, mode="markers",
            marker={"symbol": "circle-open", "size": 18, "color": ALERT,
                    "line": {"width": 2.5}},
            name="signal", customdata=hits["signal"],
            hovertemplate="%{x|%B %Y}: signal (%{customdata})<extra></extra>"))


def add_notes(fig: go.Figure, notes: pl.DataFrame, several: bool = False,
              subplots: bool = False, column: int | None = None) -> None:
    """Each program change as a vertical line with its note (on every subplot of a figure of
    `subplots`, or of its `column` alone where the other holds no time axis; the note above
    the first); a restart of the limits solid."""
    where = {"row": "all", "col": column or "all"} if subplots else {}
    for row in notes.iter_rows(named=True):
        label = f"{row['program_name']}: {row['note']}" if several else row["note"]
        fig.add_vline(x=row["noted_on"].isoformat(), line={
            "color": REFERENCE, "width": 1,
            "dash": "solid" if row["restarts_baseline"] else "dash"}, **where)
        # an analyst's words and a program's name, shown as text (plotly reads <a>, <b>)
        fig.add_annotation(x=row["noted_on"].isoformat(), y=1, yref="paper",
                           text=as_plotly(label[:40]), showarrow=False, xanchor="left",
                           yanchor="top", font={"size": 10, "color": REFERENCE},
                           hovertext=as_plotly(label))


def add_target(fig: go.Figure, key: str, target: float, scale: float = 1.0) -> None:
    fig.add_hline(y=target * scale, line={"dash": "dash", "color": REFERENCE, "width": 1},
                  annotation_text=f"target {shown(key, target)}",
                  annotation_position="top left")


def with_target(fig: go.Figure, key: str, target: float | None) -> go.Figure:
    """The figure with the metric's target line, if it has one."""
    if target is not None:
        add_target(fig, key, target)
    return fig


def _index(d: date) -> int:
    return d.year * 12 + d.month


def _groups(rows: pl.DataFrame, x: str, gap: int = 1) -> list[list[dict]]:
    """The rows in groups of months at most `gap` apart, each group on one side of the
    centre and, for a trend, moving one way (a turn starts a new group)."""
    groups: list[list[dict]] = []
    for row in rows.iter_rows(named=True):
        row = {**row, "p": row["numerator"] / row["denominator"]}
        row["side"] = "above" if row["p"] > row["centre"] else "below"
        last = groups[-1][-1] if groups else None
        if last is not None and _index(row[x]) - _index(last[x]) <= gap:
            row["way"] = "higher" if row["p"] > last["p"] else "lower"
            if (last.get("way") in (None, row["way"]) if row["signal"] == TREND
                    else row["side"] == last["side"]):
                groups[-1].append(row)
                continue
            del row["way"]
        groups.append([row])
    return groups


def _months(group: list[dict], x: str) -> str:
    return f"{_month(group[0][x])} to {_month(group[-1][x])}"


def _patterns(control: pl.DataFrame, x: str) -> list[str]:
    """'March to September 2026 all above the centre line (a shift: 7 or more in a row)', and
    likewise each trend and each two of three months near a limit."""
    said = []
    for group in _groups(control.filter(pl.col("signal") == SHIFT), x):
        said.append(f"{_months(group, x)} all {group[0]['side']} the centre line (a shift: "
                    f"{SHIFT_LENGTH} or more in a row)")
    for group in _groups(control.filter(pl.col("signal") == TREND), x):
        way = group[1]["way"] if len(group) > 1 else "higher"
        said.append(f"{_months(group, x)} each {way} than the month before (a trend: "
                    f"{TREND_LENGTH} or more in a row)")
    for group in _groups(control.filter(pl.col("signal") == NEAR), x, gap=2):
        months = " and ".join(_month(r[x]) for r in group)
        said.append(f"{months} beyond 2 sigma {group[0]['side']} the centre line (two of "
                    "three months near a limit)")
    return said


def _no_limits(control: pl.DataFrame, restarts: list[date] | None) -> str:
    latest = control.filter(pl.col("segment") == control["segment"].max()) \
        if control.height else control
    finals = latest.filter("final").height if latest.height else 0
    since = f" since {day(restarts[-1])} (a program change)" if restarts and latest.height \
        and latest["segment"][0] > 0 else ""
    return (f"No control limits yet: {finals} final month(s){since}, {MIN_BASELINE} "
            "needed.")


def signal_sentence(control: pl.DataFrame, x: str, restarts: list[date] | None = None) -> str:
    """The chart's signals in words, or that there are none, or why there are no limits."""
    if control.is_empty() or control["centre"].is_null().all():
        return _no_limits(control, restarts)
    last = control.filter(pl.col("centre").is_not_null()).row(-1, named=True)
    kind = (f"Laney p′, widened for over-dispersion: σz {last['sigma_z']:.2f}"
            if last["laney"] else "p-chart")
    since = f"; limits from {day(restarts[-1])}, a program change" if restarts else ""
    about = f"({kind}; centre {last['centre']:.0%}{since})"
    out = control.filter(pl.col("signal") == OUTSIDE)
    parts = [f"{_month(r[x])} at {r['numerator'] / r['denominator']:.0%} is "
             f"{'above' if r['numerator'] / r['denominator'] > r['upper'] else 'below'} its "
             f"3-sigma limits ({r['lower']:.0%}–{r['upper']:.0%})" for r in out.iter_rows(
                 named=True)]
    parts += _patterns(control, x)
    if not parts:
        return (f"No signal: every final month is within its control limits {about}; no "
                f"{SHIFT_LENGTH} in a row sit on one side of the centre, no {TREND_LENGTH} in "
                "a row rise or fall, and no two of three are near a limit.")
    return f"Signal: {'; '.join(parts)} {about}."


def target_sentence(key: str, value: float | None, target: float | None, source: str,
                    when: str) -> str:
    """' On track: 64% in March 2026 against the 60% target (Harbor's own target).'"""
    if target is None or value is None:
        return ""
    metric = TARGET_METRICS[key]
    figure = f"{value:.0%}" if metric.unit == "proportion" else f"{value:,.1f}".rstrip(
        "0").rstrip(".")
    return (f" {judged(key, value, target).capitalize()}: {figure} {when} against the "
            f"{shown(key, target)} target ({source}).")


def latest_final(frame: pl.DataFrame, x: str, min_n: int) -> tuple[float, str] | None:
    """The latest final period's rate and its month in words, if it rests on `min_n` or more;
    what a target is judged on (never an unfinished period, never a handful of people)."""
    rows = frame.filter(pl.col("final") & pl.col("value").is_not_null()).sort(x)
    if rows.is_empty() or rows["denominator"][-1] < min_n:
        return None
    return rows["value"][-1], f"in {_month(rows[x][-1])}"


def reading_with_signals(reading: str, control: pl.DataFrame, x: str, restarts: list[date],
                         target: str = "") -> str:
    """A chart's reading, then its signals, then how it stands against its target."""
    return f"{reading} {signal_sentence(control, x, restarts)}{target}"


def judged_against(key: str, frame: pl.DataFrame, x: str, min_n: int,
                   target: float | None, source: str) -> str:
    """' On track: ...' for the latest final period, or nothing (no target, or no final
    period resting on min_n or more)."""
    latest = latest_final(frame, x, min_n)
    if target is None or latest is None:
        return ""
    return target_sentence(key, latest[0], target, source, latest[1])


def noted(fig: go.Figure, notes: pl.DataFrame | None, several: bool = False,
          panels: bool = False) -> go.Figure:
    """The figure with the program changes on its time axis (of a figure of panels, the left
    column's); an empty figure, or no changes, as it is."""
    if notes is not None and not notes.is_empty() and fig.data:
        add_notes(fig, notes, several, subplots=panels, column=1 if panels else None)
    return fig

"""The funnel plot of a funder metric (release/funnel.py): each program's rate against
its size, the 95% and 99.8% limits around the centre, and a sentence that names the programs
outside them and says what the over-dispersion check found."""

from __future__ import annotations

import plotly.graph_objects as go

from charts.common import empty_figure, layout, quarter_label
from charts.palette import ALERT, INTERVAL, OKABE_ITO, REFERENCE
from metrics.comparisons import Funnel
from metrics.funder import FunderMetric
from metrics.text import as_plotly

NAMED = 8  # programs named on each side of the limits; a state's hundreds would fill a page
LINES = {"95%": {"dash": "dash", "width": 1.5}, "99.8%": {"dash": "solid", "width": 1.5}}
OUTSIDE = {"within": OKABE_ITO[0], "above 95%": OKABE_ITO[1], "below 95%": OKABE_ITO[1],
           "above 99.8%": ALERT, "below 99.8%": ALERT}


def where(band: str) -> str:
    """'within the limits', 'above the 95% limits', ..."""
    if band == "within":
        return "within the limits"
    side, level = band.split()
    return f"{side} the {level} limits"


def title(funnel: Funnel) -> str:
    return (f"Each program against {funnel.around}, {quarter_label(funnel.quarter)}: "
            "rate by number of people")


def funnel_chart(funnel: Funnel | None, metric: FunderMetric, heading: str) -> go.Figure:
    """The funnel: limits as lines, programs as dots coloured by where they fall; a legend
    entry only for what is drawn, below the plot so it never sits over the title."""
    if funnel is None:
        return empty_figure(heading, "No quarter has an all-program rate and a program "
                            "that may be shown to compare")
    fig = go.Figure()
    n = funnel.curve["n"].to_list()
    for name, style in LINES.items() if funnel.compared else ():
        for side in ("low", "high"):
            fig.add_trace(go.Scatter(
                x=n, y=funnel.curve[f"{side} {name}"], mode="lines", name=f"{name} limits",
                line={"color": INTERVAL, **style}, legendgroup=name, showlegend=side == "low",
                hoverinfo="skip"))
    fig.add_hline(y=funnel.centre, line={"color": REFERENCE, "width": 1},
                  annotation_text=f"{funnel.around}: {funnel.centre:.1%}",
                  annotation_position="bottom right")
    if funnel.target is not None and funnel.around != "the target":
        fig.add_hline(y=funnel.target, line={"color": REFERENCE, "width": 1.5, "dash": "dot"},
                      annotation_text=f"target: {funnel.target:.1%}",
                      annotation_position="top right")
    for band in OUTSIDE:
        rows = funnel.points.filter(band=band)
        if rows.is_empty():
            continue  # no legend entry for a series without a point
        fig.add_trace(go.Scatter(
            x=rows["denominator"], y=rows["value"], mode="markers",
            name="Program" if band == "within" else f"Program {where(band)}",
            marker={"size": 11, "color": OUTSIDE[band], "line": {"color": "white", "width": 1}},
            customdata=[f"{as_plotly(p)}: {v:.1%} ({x:,} of {d:,} {metric.noun}), {where(band)}"
                        for p, x, d, v in rows.select("program_name", "numerator",
                                                      "denominator", "value").iter_rows()],
            hovertemplate="%{customdata}<extra></extra>"))
    fig.update_yaxes(tickformat=".0%")  # the limits' span, not from zero: the funnel's shape
    fig.update_xaxes(rangemode="tozero")
    fig = layout(fig, heading, f"Number of {metric.noun} (the program's size)",
                 f"% of {metric.noun}", height=400)
    return fig.update_layout(legend={"orientation": "h", "y": -0.22, "yanchor": "top", "x": 0},
                             margin={"t": 60, "b": 110})


def _named(funnel: Funnel, side: str) -> list[str]:
    rows = funnel.points.filter(funnel.points["band"].str.starts_with(side))
    return [f"{p} ({v:.1%}, n = {d:,}; outside the {b.split()[1]} limits)"
            for p, v, d, b in rows.select("program_name", "value", "denominator", "band")
            .iter_rows()]


def _against_target(funnel: Funnel) -> str:
    """The target, drawn as a line of its own: how many programs placed are below it."""
    if funnel.target is None or funnel.around == "the target":
        return ""
    below = funnel.points.filter(funnel.points["value"] < funnel.target).height
    placed = funnel.points.height
    return (f" The target ({funnel.target:.1%}) is the dotted line: {below:,} of the {placed:,} "
            f"program{'s' * (placed != 1)} placed {'are' if placed != 1 else 'is'} below it.")


def funnel_reading(funnel: Funnel | None, metric: FunderMetric) -> str:
    """One paragraph: the centre, the programs above and below the limits by name, the hidden
    programs, and the over-dispersion check (with tau when the limits were widened)."""
    if funnel is None:
        return (f"{metric.title}: no quarter has both an all-program rate and a program that "
                "may be shown, so programs are not compared.")
    check = funnel.check
    placed = funnel.points.height
    hidden = f"; {funnel.hidden:,} hidden or with nothing to count" if funnel.hidden else ""
    if not funnel.compared:
        name, v, d = funnel.points.select("program_name", "value", "denominator").row(0)
        return (f"{quarter_label(funnel.quarter)}: only {name} can be placed ({v:.1%}, n = "
                f"{d:,}){hidden}. With no other program to compare it with, no limits are "
                "drawn." + _against_target(funnel))
    text = (f"{quarter_label(funnel.quarter)}: {placed:,} program{'s' * (placed != 1)} placed "
            f"against {funnel.around} ({funnel.centre:.1%}){hidden}.")
    for side, words in (("above", "Above"), ("below", "Below")):
        named = _named(funnel, side)
        more = f"; and {len(named) - NAMED:,} more" * (len(named) > NAMED)
        text += f" {words} the limits: {'; '.join(named[:NAMED])}{more}." if named else ""
    if not _named(funnel, "above") and not _named(funnel, "below"):
        text += " Every program placed is within the 95% limits: no difference from chance."
    text += _against_target(funnel)
    if check.over:
        text += (f" Over-dispersion: phi = {check.phi:.2f}, above the {check.expected_up_to:.2f} "
                 "chance allows, so the limits are widened by a random effect between "
                 f"programs (tau = {check.tau2 ** 0.5:.1%}).")
    else:
        text += (f" Over-dispersion check: phi = {check.phi:.2f}, within the "
                 f"{check.expected_up_to:.2f} chance allows, so the limits are exact binomial.")
    return text

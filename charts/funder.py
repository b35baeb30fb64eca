"""The funder report's charts and tables, from the suppressed quarterly frames of
queries/funder.py: a trend per metric (all programs, and each program), each program against
the all-program rate with its interval, and the table as it is shown and downloaded."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import polars as pl

from charts.common import a_day, empty_figure, layout, quarter_label
from charts.funder_crowd import EXTREMES, MANY_PROGRAMS, extremes, middle_half, program_spread
from charts.headlines import AXIS_FORMATS, SUPPRESSED_TEXT
from charts.palette import OKABE_ITO, REFERENCE, SUPPRESSED
from metrics.formats import rate_with_interval
from metrics.funder import TOTAL, FunderMetric
from metrics.instruments import FEWER_THAN, ROUNDING, SPREAD
from metrics.intervals import with_wilson
from metrics.text import as_plotly

LEGEND = (f"{SUPPRESSED_TEXT} Hidden: {FEWER_THAN} people or events behind the figure, or "
          "hidden so that such a figure elsewhere can't be worked out (which of the two is not "
          "said: telling them apart would give the small ones away).")
RELEASE_NOTE = (f"Counts are rounded to a multiple of {ROUNDING}, up or down at random (a count "
                f"shown as 15 was {15 - SPREAD} to {15 + SPREAD}), and each rate is worked out "
                "from the rounded counts. Every figure here was protected together with every "
                "other any funder can see, and audited: no count of 1 to 10 can be narrowed down "
                "by adding or subtracting shown figures, within a table, across tables, across "
                "funders or across data versions. A quarter is released once the windows of its "
                "metrics have closed (until then: window not yet closed), and then stays as "
                "released: later corrections do not change it. Once a calendar year's four "
                "quarters are released, each program's whole year is shown too, worked out from "
                "the quarters' counts as released: a program hidden in a quarter is often shown "
                "over its year. The All programs row covers every program, whichever programs "
                "you fund.")
WHY_HIDDEN = (f"{FEWER_THAN} people or events behind it, or hidden so that such a figure "
              "elsewhere can't be worked out")


def why_hidden(row: dict) -> str:
    """Why a hidden cell is hidden, in words: the same for every hidden cell."""
    return WHY_HIDDEN


NO_DATA = "No data"
NOT_CLOSED = "window not yet closed"  # nothing to count YET: the quarter's window is open
TOO_EARLY = "records start too late"  # never counted: no one's window lies in the records
NONE_SHOWN = (NO_DATA, NOT_CLOSED, TOO_EARLY)
LEGEND_BELOW = {"legend": {"orientation": "h", "y": -0.3, "yanchor": "top", "x": 0},
                "margin": {"t": 60, "b": 120}}  # below the axis: never over the title


def missing(row: dict) -> str:
    """Why a cell has no figure: its window has not closed yet, the records start too late
    to count it, or nothing to count."""
    if row.get("before_data"):
        return TOO_EARLY
    return NOT_CLOSED if row.get("window_open") else NO_DATA
TOTAL_COLOUR = OKABE_ITO[7]  # black: the all-program line stands out from the programs'
MANY_COLOUR = "#C8C8C8"  # programs drawn in grey when there are more than the palette holds
FIGURE = {"proportion": "Rate", "distribution": "Median days", "count": "Number"}
Y_TITLES = {"proportion": "% of {noun}", "distribution": "Median days",
            "count": "Number of {noun}"}


def figure_text(row: dict, metric: FunderMetric) -> str:
    """A cell as the table and hover say it: the figure, '*' when suppressed, or no data."""
    if row["suppressed"]:
        return SUPPRESSED_TEXT
    if row["no_data"] or row["value"] is None:
        return missing(row)
    if metric.kind == "proportion":
        return f"{row['value']:.1%}"
    if metric.kind == "distribution":
        return f"{row['value']:,.0f}"
    return f"{row['numerator']:,}"


def _hover(row: dict, metric: FunderMetric) -> str:
    text = figure_text(row, metric)
    if row["suppressed"]:
        return f"Hidden: {why_hidden(row)}"
    if text in NONE_SHOWN or metric.kind == "count":
        return text if text in NONE_SHOWN else f"{text} {metric.noun}"
    if metric.kind == "distribution":
        return f"median {text} days (n = {row['numerator']:,})"
    return rate_with_interval(row["value"], row["numerator"], row["denominator"], row["low"],
                              row["high"], metric.noun)


def trend(frame: pl.DataFrame, metric: FunderMetric, title: str | None = None) -> go.Figure:
    """The metric quarter by quarter: all programs as a bold line, each program thinner;
    suppressed quarters are gaps (and grey bands where the all-program figure is hidden);
    `title` replaces the metric's where a heading above already says it."""
    title = title or metric.title
    y_title = Y_TITLES[metric.kind].format(noun=metric.noun)
    if frame.filter(pl.col("value").is_not_null()).is_empty():
        return empty_figure(title, "Every figure is suppressed or missing for these "
                            "quarters")
    programs = frame.filter(~pl.col("is_total"))
    # Each program in its own colour while the palette lasts; beyond that every program is a
    # thin grey line under the total, named in its hover; beyond MANY_PROGRAMS (a state's
    # hundreds) the programs are their median and middle half (charts.funder_crowd).
    crowd = programs["program_name"].n_unique() > MANY_PROGRAMS
    fig = go.Figure(program_spread(frame, metric) if crowd else None)
    groups = [[] if crowd else programs.partition_by("program_name", maintain_order=True),
              [frame.filter("is_total")]]
    many = len(groups[0]) > len(OKABE_ITO) - 1
    colours = iter(OKABE_ITO)
    for group in [g for part in groups for g in part]:
        total = group["is_total"][0]
        colour = TOTAL_COLOUR if total else (MANY_COLOUR if many else next(colours))
        rows = list(group.iter_rows(named=True))
        fig.add_trace(go.Scatter(
            x=[quarter_label(r["quarter"]) for r in rows], y=group["value"],
            name=as_plotly(group["program_name"][0]), mode="lines+markers",
            line={"color": colour, "width": 4 if total else (0.8 if many else 1.5)},
            showlegend=(total or not many) and group["value"].is_not_null().any(),
            marker={"size": 9 if total else 6, "color": colour},
            customdata=[_hover(r, metric) for r in rows],
            hovertemplate="%{fullData.name}<br>%{x}: %{customdata}<extra></extra>"))
        for i, r in enumerate(rows if total else []):  # on a category axis, quarter i is at i
            if r["suppressed"]:
                fig.add_vrect(x0=i - 0.4, x1=i + 0.4, fillcolor=SUPPRESSED, opacity=0.25,
                              line_width=0, annotation_text=SUPPRESSED_TEXT)
    fig.update_yaxes(tickformat=AXIS_FORMATS[metric.kind], rangemode="tozero")
    return layout(fig, title, "Quarter", y_title, height=420).update_layout(**LEGEND_BELOW)


def compares(metric: FunderMetric) -> bool:
    """Whether programs are set against the all-program figure: a rate or mean per program."""
    return metric.by_program and metric.kind in ("proportion", "distribution")


def latest(frame: pl.DataFrame) -> date | None:
    """The latest quarter whose all-program figure is there (not missing, not hidden)."""
    shown = frame.filter("is_total", pl.col("value").is_not_null())
    return a_day(shown["quarter"].max()) if shown.height else None


def against_all(frame: pl.DataFrame, metric: FunderMetric, heading: str | None = None
                ) -> go.Figure:
    """Each program in the latest quarter with a figure: a dot with its 95% interval, and a
    line at the all-program rate; suppressed programs are named, without a dot. `heading`
    is the title where a heading above already names the metric."""
    title = heading or f"{metric.title}: each program against all programs"
    when = latest(frame)
    if when is None:
        return empty_figure(title, "No quarter has an all-program figure to compare with")
    rows = frame.filter(pl.col("quarter") == when).sort("is_total", "program_name",
                                                        descending=[True, True])
    overall = rows.filter("is_total").row(0, named=True)
    programs = list(rows.filter(~pl.col("is_total")).iter_rows(named=True))
    with_figure = [r for r in programs if r["value"] is not None]
    crowd = len(programs) > 2 * EXTREMES
    shown = extremes(with_figure) if crowd else with_figure
    if crowd:  # a state's hundreds: the extremes by name, the middle half as a band
        named = (f"the {EXTREMES} lowest and {EXTREMES} highest of"
                 if len(shown) < len(with_figure) else "all")
        title = f"{metric.title}: {named} {len(with_figure):,} programs with a figure"
    has_ci = metric.kind == "proportion"
    fig = go.Figure(go.Scatter(
        x=[r["value"] for r in shown], y=[as_plotly(r["program_name"]) for r in shown],
        mode="markers",
        name="Program", marker={"size": 11, "color": OKABE_ITO[0]},
        error_x={"type": "data", "symmetric": False, "color": OKABE_ITO[0],
                 "array": [r["high"] - r["value"] for r in shown],
                 "arrayminus": [r["value"] - r["low"] for r in shown]} if has_ci else None,
        customdata=[_hover(r, metric) for r in shown],
        hovertemplate="%{y}: %{customdata}<extra></extra>"))
    hidden = [r for r in programs if r["value"] is None]
    notes = []
    if crowd:
        notes.append(middle_half(fig, with_figure, metric.kind))
        if hidden:
            notes.append(f"{len(hidden):,} programs suppressed or without data")
    else:
        fig.add_trace(go.Scatter(  # said at the axis, where no one reads it as a figure
            x=[0] * len(hidden), y=[as_plotly(r["program_name"]) for r in hidden], mode="text",
            text=[f"* hidden: {why_hidden(r)}" if r["suppressed"] else missing(r).lower()
                  for r in hidden], textposition="middle right", name="Suppressed or none",
            textfont={"color": SUPPRESSED, "size": 13}, hoverinfo="skip"))
    fig.add_vline(x=overall["value"], line={"color": REFERENCE, "dash": "dash"},
                  annotation_text=f"{TOTAL}: {figure_text(overall, metric)}",
                  annotation_position="top")
    fig.update_xaxes(tickformat=AXIS_FORMATS[metric.kind], rangemode="tozero")
    listed = shown if crowd else programs
    fig.update_yaxes(categoryorder="array",
                     categoryarray=[as_plotly(r["program_name"]) for r in listed])
    x_title = Y_TITLES[metric.kind].format(noun=metric.noun)
    if notes:
        x_title += "<br>" + "; ".join(n for n in notes if n)
    return layout(fig, f"{title}, {quarter_label(when)}", x_title, "",
                  height=max(340, 24 * len(listed) + 150), legend=False)


WHOLE_YEAR = "{year} (whole year)"  # a program's four quarters together, in the Quarter column


def display_table(frame: pl.DataFrame, metric: FunderMetric,
                  years: pl.DataFrame | None = None) -> pl.DataFrame:
    """The table as shown and as downloaded: every cell text, '*' where suppressed; then each
    program's whole years, where released."""
    def count(row: dict, column: str) -> str:
        if row["suppressed"]:
            return SUPPRESSED_TEXT
        return "—" if row["no_data"] and (row.get("window_open") or row.get("before_data")) \
            else f"{row[column]:,}"

    quarters = [(quarter_label(r["quarter"]), r) for r in
                frame.sort("quarter", "is_total", "program_name").iter_rows(named=True)]
    if years is not None and metric.kind == "proportion":
        years = with_wilson(years)
    whole = [] if years is None else [(WHOLE_YEAR.format(year=r["year"]), r) for r in
                                      years.sort("year", "program_name").iter_rows(named=True)]
    rows = []
    for label, r in quarters + whole:
        row = {"Quarter": label, "Program": r["program_name"],
               FIGURE[metric.kind]: figure_text(r, metric)}
        if metric.kind == "distribution":
            row |= {"Discharges": count(r, "numerator")}
        elif metric.kind == "proportion":
            row |= {"Numerator": count(r, "numerator"), "Denominator": count(r, "denominator"),
                    "95% interval": figure_text(r, metric) if r["low"] is None else
                    f"{r['low']:.1%} to {r['high']:.1%}"}
        row["Note"] = why_hidden(r) if r["suppressed"] else "—"
        rows.append(row)
    return pl.DataFrame(rows)


def reading(frame: pl.DataFrame, metric: FunderMetric, years: pl.DataFrame | None = None
            ) -> str:
    """One sentence on the latest all-program figure and how many programs can be shown; and
    which programs are hidden in every released quarter, with their whole years where shown."""
    when = latest(frame)
    if when is None:
        return "No quarter has an all-program figure that may be shown."
    rows = frame.filter(pl.col("quarter") == when)
    total = rows.filter("is_total").row(0, named=True)
    text = f"{TOTAL}, {quarter_label(when)}: {_hover(total, metric)}."
    programs = rows.filter(~pl.col("is_total"))
    if programs.height:
        hidden = programs.filter("suppressed").height
        text += (f" {programs.height - hidden:,} of {programs.height:,} programs shown; "
                 f"{hidden:,} suppressed." if hidden else " Every program shown.")
    return text + _always_hidden(frame, years)


def _always_hidden(frame: pl.DataFrame, years: pl.DataFrame | None) -> str:
    """A sentence on the programs hidden in every released quarter of the span."""
    released = frame.filter(~pl.col("is_total"), ~pl.col("window_open"))
    always = sorted(released.group_by("program_name").agg(pl.col("suppressed").all())
                    .filter("suppressed")["program_name"]) if released.height else []
    if not always:
        return ""
    shown = (set() if years is None else
             set(years.filter(~pl.col("suppressed"))["program_name"]))
    whole = [p for p in always if p in shown]
    text = f" Hidden in every quarter: {', '.join(always)}"
    if whole:
        text += f"; the whole year is shown in the table for {', '.join(whole)}"
    return text + (" (too few people or events even over a year)." if len(whole) < len(always)
                   else ".")

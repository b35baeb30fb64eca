"""What a funder is served, as bytes: each metric's table as the CSV its download button writes,
the whole report as the HTML file, and each metric's charts as the page sends them once its
section is opened (every section opened: the attacker clicks them all), built by the same calls
the Funder page makes (pages/funder.py: ui.data.funder -> release.summary.report ->
display_table / report_html / ui.funder_figures). Nothing here reads an unprotected table; the
attacker (tests/attack/milp.py) sees only these."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import plotly.io

from access.viewer import Viewer
from charts.common import quarter_label
from charts.funder import display_table
from charts.report import report_html
from metrics.funder import FUNDER_METRICS
from release.summary import Report, quarters, report, targets
from settings import Settings
from ui import data as cached
from ui.downloads import csv_bytes
from ui.funder_figures import ReportKey, programs_figure, trend_figure
from ui.shown import Drawn


@dataclass(frozen=True)
class Served:
    """One funder's downloads of one data version: programs (None: all), CSVs, the report."""

    programs: tuple[str, ...] | None
    csvs: dict[str, bytes]  # funder metric key -> the table's CSV
    html: bytes
    charts: dict[str, bytes]  # "<key>-trend" / "<key>-programs" -> the figure's JSON as sent


def served_report(path: Path, programs: tuple[str, ...] | None = None
                  ) -> tuple[Report, ReportKey, str] | None:
    """The report the funder's page shows by default (every whole quarter of the release, the
    slider's default span), its cache key and its span in words (None: no quarter yet)."""
    db = str(path)
    version = cached.database(db).data_version()
    first, last = cached.data_span(db, version)
    if first is None or last is None:  # no records
        return None
    viewer = Viewer("funder@example.org", "funder", programs)
    whole = cached.funder(db, version, first, last, last, viewer)
    options = quarters(whole) if whole else []
    if not options:
        return None
    period: tuple[date, date] = (options[0], (options[-1] + timedelta(days=93)).replace(day=1)
                                 - timedelta(days=1))
    goals = targets(Settings())
    shown = report(whole, period, goals, years=cached.funder_years(db, version, last, viewer))
    key = ReportKey(db, version, period, False, programs, tuple(sorted(goals.items())))
    return shown, key, f"{quarter_label(period[0])} to {quarter_label(period[1])}"


def _sent(figure: Drawn | None) -> bytes | None:
    return None if figure is None else json.dumps(
        json.loads(plotly.io.to_json(figure.figure, validate=False))).encode()


def served(path: Path, programs: tuple[str, ...] | None = None) -> Served | None:
    """The funder's downloads and opened charts from the database at `path` (None: no quarter
    to show yet), through ui.data as pages/funder.py calls it."""
    made = served_report(path, programs)
    if made is None:
        return None
    shown, key, span = made
    csvs = {metric: csv_bytes(display_table(frame, FUNDER_METRICS[metric],
                                            shown.years.get(metric)))
            for metric, frame in shown.figures.items()}
    html = report_html(shown.figures, f"Funder report: {span}", span, shown.lines,
                       shown.funnels, shown.years)
    charts = {f"{metric}-{kind}": sent for metric in shown.figures
              for kind, sent in (("trend", _sent(trend_figure(key, metric, shown))),
                                 ("programs", _sent(programs_figure(key, metric, shown))))
              if sent is not None}
    return Served(programs, csvs, html.encode(), charts)

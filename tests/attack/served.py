"""What a funder is served, as bytes: each metric's table as the CSV its download button writes,
and the whole report as the HTML file, built by the same calls the Funder page makes
(pages/funder.py: ui.data.funder -> release.summary.report -> display_table / report_html).
Nothing here reads an unprotected table; the attacker (tests/attack/milp.py) sees only these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from access.viewer import Viewer
from charts.common import quarter_label
from charts.funder import display_table
from charts.report import report_html
from metrics.funder import FUNDER_METRICS
from release.summary import quarters, report, targets
from settings import Settings
from ui import data as cached
from ui.downloads import csv_bytes


@dataclass(frozen=True)
class Served:
    """One funder's downloads of one data version: programs (None: all), CSVs, the report."""

    programs: tuple[str, ...] | None
    csvs: dict[str, bytes]  # funder metric key -> the table's CSV
    html: bytes


def served(path: Path, programs: tuple[str, ...] | None = None) -> Served | None:
    """The funder's downloads from the database at `path` (None: no quarter to show yet),
    through ui.data as pages/funder.py calls it: every whole quarter of the release (the
    slider's default span), the report of it, each table's CSV and the HTML report."""
    db = str(path)
    version = cached.database(db).data_version()
    first, last = cached.data_span(db, version)
    viewer = Viewer("funder@example.org", "funder", programs)
    whole = cached.funder(db, version, first, last, last, viewer)
    options = quarters(whole) if whole else []
    if not options:
        return None
    period = (options[0], (options[-1] + timedelta(days=93)).replace(day=1)
              - timedelta(days=1))
    shown = report(whole, period, targets(Settings()),
                   years=cached.funder_years(db, version, last, viewer))
    csvs = {key: csv_bytes(display_table(frame, FUNDER_METRICS[key], shown.years.get(key)))
            for key, frame in shown.figures.items()}
    span = f"{quarter_label(period[0])} to {quarter_label(period[1])}"
    html = report_html(shown.figures, f"Funder report: {span}", span, shown.lines,
                       shown.funnels, shown.years)
    return Served(programs, csvs, html.encode())

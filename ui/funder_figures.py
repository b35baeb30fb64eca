"""The Funder report's charts, each built once (ui/figures.py): a figure depends only on the
release's data version, the quarters chosen, the funnels' centre, the targets and the viewer's
programs (the ReportKey), never on who asks or when, so every later view of it, by any funder
with those programs, costs its serialisation and not its construction (about 17 ms a figure on
the sample, 0.36 s for the report's 21: most of the page's server time before it was cached)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from charts.funder import trend as trend_chart
from charts.funder_compared import programs_chart
from charts.report import TREND
from metrics.funder import FUNDER_METRICS
from release.summary import Report
from ui.figures import built_once
from ui.shown import Drawn


@dataclass(frozen=True)
class ReportKey:
    """What a Report (release.summary.report) is a function of, as plain values to key on."""

    db: str
    version: int
    period: tuple[date, date]
    on_target: bool
    programs: tuple[str, ...] | None  # the viewer's programs (None: every program)
    goals: tuple[tuple[str, float], ...]  # release.summary.targets, as items


def trend_figure(key: ReportKey, metric: str, shown: Report) -> Drawn:
    """A metric's trend as the page draws it; `shown` is the report of `key`."""
    figure = built_once(key, f"trend:{metric}", lambda: trend_chart(
        shown.figures[metric], FUNDER_METRICS[metric], TREND))
    assert figure is not None
    return figure


def programs_figure(key: ReportKey, metric: str, shown: Report) -> Drawn | None:
    """A metric's programs compared (its funnel, or each program against all programs) as the
    page draws it; None where the metric compares no programs."""
    return built_once(key, f"programs:{metric}", lambda: programs_chart(
        metric, shown.figures[metric], shown.funnels))

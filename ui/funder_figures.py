"""The Funder report's charts, each built once: a figure depends only on the release's data
version, the quarters chosen, the funnels' centre, the targets and the viewer's programs (the
ReportKey), never on who asks or when, so every later view of it, by any funder with those
programs, costs its serialisation and not its construction (about 17 ms a figure on the
sample, 0.36 s for the report's 21: most of the page's server time before it was cached)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from charts.funder import trend as trend_chart
from charts.funder_compared import programs_chart
from charts.report import TREND
from metrics.funder import FUNDER_METRICS
from release.summary import Report
from ui.panels import shown_figure

# Each key's two figures: 12 metrics x a few spans, centres and funders' program sets.
KEPT = 512


@dataclass(frozen=True)
class ReportKey:
    """What a Report (release.summary.report) is a function of, as plain values to key on."""

    db: str
    version: int
    period: tuple[date, date]
    on_target: bool
    programs: tuple[str, ...] | None  # the viewer's programs (None: every program)
    goals: tuple[tuple[str, float], ...]  # release.summary.targets, as items


@st.cache_data(max_entries=KEPT, show_spinner=False)
def trend_figure(key: ReportKey, metric: str, _shown: Report) -> dict:
    """A metric's trend as the page draws it; `_shown` (not hashed) is the report of `key`."""
    return shown_figure(trend_chart(_shown.figures[metric], FUNDER_METRICS[metric], TREND))


@st.cache_data(max_entries=KEPT, show_spinner=False)
def programs_figure(key: ReportKey, metric: str, _shown: Report) -> dict | None:
    """A metric's programs compared (its funnel, or each program against all programs) as the
    page draws it; None where the metric compares no programs."""
    fig = programs_chart(metric, _shown.figures[metric], _shown.funnels)
    return None if fig is None else shown_figure(fig)

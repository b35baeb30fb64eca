"""A legend above the plot is one row of entries (wrapped where the chart is narrow). plotly
lays a horizontal legend out by groups once any trace has a legendgroup: the traces with none
form one group, stacked one entry a row. Data completeness's chart grouped only its hollow
"so far" points, so its six record types stood in a column 145 px wide over an 820 px chart and
pushed the plot down to a strip. Every chart on every page, every section open: no legend is
laid out by groups where an entry has none (ui/shown.py lays every legend out in the traces'
order)."""

from __future__ import annotations

import json

import pytest

from tests.pages.apptest import EVERY_SECTION, READING_PAGES, run_app


@pytest.mark.parametrize("page", READING_PAGES)
def test_no_legend_mixes_grouped_and_ungrouped_entries(monkeypatch, app_db, page):
    at = run_app(monkeypatch, app_db, "analyst", page=page, **EVERY_SECTION.get(page, {}))
    assert not at.exception
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert charts
    stacked = []
    for spec in charts:
        listed = [t for t in spec["data"] if t.get("showlegend", True) is not False]
        grouped = any(t.get("legendgroup") for t in spec["data"])
        order = spec["layout"].get("legend", {}).get("traceorder", "grouped" if grouped else "")
        if "grouped" in order and any(not t.get("legendgroup") for t in listed):
            stacked.append(spec["layout"]["title"]["text"])
    assert stacked == []

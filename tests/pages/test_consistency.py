"""One look across pages: incidents and overdoses in colours told apart, and no "Deploy"
button or developer menu for anyone (the toolbar in viewer mode)."""

from __future__ import annotations

import tomllib
from datetime import date

import polars as pl

from charts.worker_load import incidents_chart
from tests.pages.apptest import ROOT


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def test_incidents_and_overdoses_are_in_clearly_different_colours():
    frame = pl.DataFrame({"worker_id": ["W1"], "display_name": ["Ann B."],
                          "quarter": [date(2026, 4, 1)], "critical_incidents": [2],
                          "overdoses": [1]})
    incidents, overdoses = (_rgb(t.marker.color) for t in incidents_chart(frame).data)
    # Vermillion (213, 94, 0) against reddish purple (204, 121, 167): the blue channel alone
    # differs by 167; the two oranges they replace, (213, 94, 0) and (230, 159, 0), by 0.
    assert abs(incidents[2] - overdoses[2]) > 100
    assert sum(abs(a - b) for a, b in zip(incidents, overdoses, strict=True)) > 150


def test_no_one_sees_the_deploy_button():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["toolbarMode"] == "viewer"

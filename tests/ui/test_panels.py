"""A chart as a page shows it: names from the data on its axes and in its hovers are text
(plotly reads them as a little HTML), and a click still narrows to the raw value."""

from __future__ import annotations

import polars as pl

from charts.rates import rate_bars
from ui.panels import Focus, _clicked
from ui.shown import names_as_text

LINK = '<a href="http://127.0.0.1:8609/">Ana & Bo</a>'


def figure():
    frame = pl.DataFrame({"worker_id": ["W<1>", "W2"], "display_name": [LINK, "Cy D."],
                          "numerator": [3, 4], "denominator": [10, 8]}).with_columns(
        value=pl.col("numerator") / pl.col("denominator"), low=pl.lit(0.1), high=pl.lit(0.9))
    return rate_bars(frame, category="worker_id", label="display_name", noun="enrollments",
                     title="Early engagement by worker", x_title="2+ contacts")


def test_tick_labels_and_hover_names_show_their_tags():
    bars = names_as_text(figure()).data[0]
    assert list(bars.y) == ["&lt;a href=\"http://127.0.0.1:8609/\"&gt;Ana &amp; Bo&lt;/a&gt;",
                            "Cy D."]
    assert [list(row[:2]) for row in bars.customdata] == [
        ["W<1>", "&lt;a href=\"http://127.0.0.1:8609/\"&gt;Ana &amp; Bo&lt;/a&gt;"],
        ["W2", "Cy D."]]  # the value a click narrows to is kept as it is


def test_a_click_narrows_to_the_raw_value_and_names_it_as_written():
    bars = names_as_text(figure()).data[0]
    event = {"selection": {"points": [{"customdata": list(bars.customdata[0])}]}}
    assert _clicked(event, "worker") == Focus("worker", "W<1>", LINK)


def test_numbers_and_dates_are_left_alone():
    fig = names_as_text(figure())
    assert list(fig.data[0].x) == [0.3, 0.5]


def test_a_quarter_label_keeps_its_line_break_and_a_name_its_tags_as_text():
    import plotly.graph_objects as go

    fig = names_as_text(go.Figure(go.Bar(
        x=["2026 Q4<br>(1 Oct to 1 Dec)", '<a href="http://x.test">Ana</a>'], y=[1, 2])))
    assert list(fig.data[0].x) == ["2026 Q4<br>(1 Oct to 1 Dec)",
                                   '&lt;a href="http://x.test"&gt;Ana&lt;/a&gt;']

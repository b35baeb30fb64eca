"""E6, the engagement-length histogram: its axis and its two labels."""

import polars as pl
import pytest

from charts.engagement import RCO_MEAN_DAYS, engagement_length


def _labels(fig) -> dict[str, tuple[float, float, str]]:
    return {a.text: (a.x, a.y, a.xanchor) for a in fig.layout.annotations}


def test_axis_starts_at_zero_days_and_ends_at_the_last_bin() -> None:
    fig = engagement_length(pl.DataFrame({"engagement_days": [0, 12, 45, 140, 611, None]}))
    assert fig.layout.xaxis.autorange is False
    assert tuple(fig.layout.xaxis.range) == (0, 630)  # 611 falls in the 600-629 bin
    assert fig.data[0].xbins.start == 0 and fig.data[0].xbins.size == 30


def test_a_short_program_still_shows_the_benchmark() -> None:
    fig = engagement_length(pl.DataFrame({"engagement_days": [3, 20, 41]}))
    assert tuple(fig.layout.xaxis.range) == (0, RCO_MEAN_DAYS + 30)


@pytest.mark.parametrize("days", [[131, 131, 131], [120, 140], [5, 10], [900, 1000]])
def test_the_two_labels_sit_in_rows_of_their_own_above_the_bars(days: list[int]) -> None:
    fig = engagement_length(pl.DataFrame({"engagement_days": days}))
    mean = sum(days) / len(days)
    labels = _labels(fig)
    assert set(labels) == {f"mean {mean:.0f} days", f"RCO benchmark {RCO_MEAN_DAYS} days"}
    (_, y_mean, _), (_, y_rco, _) = labels[f"mean {mean:.0f} days"], \
        labels[f"RCO benchmark {RCO_MEAN_DAYS} days"]
    assert y_mean > 1 and y_rco > 1  # above the plot: never over a bar
    # a row apart: 8% of the plot's 224 px is 18 px, more than a 12 px line of text
    assert abs(y_rco - y_mean) == pytest.approx(0.08)
    assert all(a.yanchor == "bottom" and a.showarrow is False for a in fig.layout.annotations)


def test_a_label_near_either_end_opens_towards_the_middle() -> None:
    low = _labels(engagement_length(pl.DataFrame({"engagement_days": [2, 4]})))
    assert low["mean 3 days"][2] == "left"  # not out over the y axis
    high = _labels(engagement_length(pl.DataFrame({"engagement_days": [1000, 1200]})))
    assert high["mean 1100 days"][2] == "right"  # not off the chart's right edge
    assert high[f"RCO benchmark {RCO_MEAN_DAYS} days"][2] == "left"

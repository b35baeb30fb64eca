"""Click-to-narrow data on chart points."""

from datetime import date

import polars as pl

from charts.common import focus_data


def test_focus_data_pairs_value_and_label_with_iso_dates() -> None:
    frame = pl.DataFrame({"month": [date(2026, 3, 1)], "worker_id": ["0042"],
                          "display_name": ["A. Ortiz"]})
    assert focus_data(frame, "month").tolist() == [["2026-03-01", "2026-03-01"]]
    assert focus_data(frame, "worker_id", "display_name").tolist() == [["0042", "A. Ortiz"]]

"""The Data completeness page's chart: each record type's months, the judged ones marked."""

from __future__ import annotations

from datetime import date

import polars as pl

from charts.completeness import NONE_AT, monthly_records


def test_the_completeness_chart_keeps_a_month_with_no_records_on_its_log_axis():
    months = pl.DataFrame({
        "record_type": ["contacts"] * 3, "month": [date(2026, 9, 1), date(2026, 10, 1),
                                                   date(2026, 11, 1)],
        "records": [15, 2, 0], "typical": [15.0, 15.5, 15.5],
        "judged": [None, "few", "none"]})
    trace = monthly_records(months, "Harbor").data[0]
    assert list(trace.y) == [15.0, 2.0, NONE_AT]
    assert trace.customdata[2] == ("Contacts, November 2026: 0 records (usually about 16: "
                                   "none)")
    assert list(trace.marker.size) == [5, 12, 12]


def test_the_data_s_part_month_is_hollow_and_not_joined():
    """As of 20 Nov, November's 6 records are of 20 days: drawn apart, hollow, said so; the
    whole months keep their line. A month that ends on the data's last day is whole."""
    months = pl.DataFrame({
        "record_type": ["contacts"] * 3, "month": [date(2026, 9, 1), date(2026, 10, 1),
                                                   date(2026, 11, 1)],
        "records": [15, 16, 6], "typical": [15.0, 15.5, 15.5], "judged": [None, None, None]})
    whole, so_far = monthly_records(months, "Harbor", date(2026, 11, 20)).data
    assert list(whole.y) == [15.0, 16.0] and whole.mode == "lines+markers"
    assert list(so_far.y) == [6.0] and so_far.mode == "markers"
    assert so_far.marker.color == "white"
    assert so_far.customdata[0] == "Contacts, November 2026 so far (1 to 20, not over): 6 records"
    assert len(monthly_records(months, "Harbor", date(2026, 11, 30)).data) == 1

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

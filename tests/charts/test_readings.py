"""The sentence under a chart says what the chart shows, from the same frame."""

from datetime import date

import polars as pl

from charts import readings


def test_followup_reads_each_window_at_its_own_last_final_month():
    frame = pl.DataFrame({
        "window": ["Within 7 days"] * 2 + ["Within 30 days"] * 2,
        "month": [date(2026, 9, 1), date(2026, 10, 1)] * 2,
        "numerator": [5, 6, 7, 8], "denominator": [10, 10, 10, 10],
        "final": [True, True, True, False],  # October's 30-day windows are still open
    }).with_columns(value=pl.col("numerator") / pl.col("denominator"))
    text = readings.followup(frame, {"Within 7 days": 0.59, "Within 30 days": 0.80})
    assert "60% within 7 days of discharge in October 2026 (at or above the 59% target" in text
    assert "70% within 30 days of discharge in September 2026 (below the 80% target" in text
    assert "80%" not in text.split("target")[-1]  # the provisional 8 of 10 is not read out


def test_by_group_names_the_highest_and_lowest():
    frame = pl.DataFrame({"name": ["Ana", "Ben", "Cy"], "value": [0.5, None, 0.9],
                          "denominator": [2, 0, 10]})
    assert readings.by_group(frame, "name", "enrollments").startswith(
        "Highest: Cy at 90% (10 enrollments); lowest: Ana at 50% (2).")


def test_awaiting_counts_past_the_7_day_mark_and_bookings():
    frame = pl.DataFrame({"days_since_discharge": [12, 8, 3],
                          "next_scheduled_on": [None, date(2026, 12, 1), None]})
    assert readings.awaiting(frame, date(2026, 11, 20)) == (
        "3 people discharged in the 30 days up to 20 Nov 2026 have not attended a follow-up "
        "yet; 2 are past the 7-day mark, and 1 have an appointment booked.")


def test_a1_gives_no_percentage_for_a_final_month_of_few_discharges():
    frame = pl.DataFrame({"window": ["Within 7 days", "Within 30 days"],
                          "month": [date(2026, 10, 1)] * 2, "numerator": [2, 3],
                          "denominator": [4, 4], "value": [0.5, 0.75], "final": [True, True]})
    text = readings.followup(frame, {"Within 7 days": 0.59}, min_n=20)
    assert "50%" not in text and "75%" not in text
    assert ("within 7 days: only 4 discharges in October 2026, too few for a percentage "
            "(fewer than 20)") in text

"""Workforce charts from small frames: threshold, target and band lines where they belong,
hover with the exact figures and n, and points that carry the worker to narrow to."""

from __future__ import annotations

from datetime import date

import polars as pl

from charts.worker_load import contact_load_chart, incidents_chart, turnover_chart
from charts.workforce import caseload_chart, proqol_chart, supervision_chart
from charts.workforce_readings import caseload as caseload_reading

D = date.fromisoformat
CASELOAD = pl.DataFrame({
    "month": [D("2026-10-01")] * 2 + [D("2026-11-01")] * 2,
    "day": [D("2026-10-31")] * 2 + [D("2026-11-20")] * 2,
    "worker_id": ["W1", "W2"] * 2, "display_name": ["Ann B.", "Bo C."] * 2,
    "role": ["peer_specialist"] * 4, "fte": [1.0, 0.5] * 2, "caseload": [20, 13, 22, 14],
    "per_fte": [20.0, 26.0, 22.0, 28.0]})
CHECKINS = pl.DataFrame({
    "worker_id": ["W1", "W1", "W2"], "display_name": ["Ann B.", "Ann B.", "Bo C."],
    "checkin_on": [D("2026-10-01"), D("2026-11-01"), D("2026-11-02")],
    "previous_on": [None, D("2026-10-01"), D("2026-10-02")],
    "proqol_bo": [30, 44, 25], "proqol_sts": [30, 31, None], "proqol_cs": [35, 20, 40],
    "supervision_minutes": [60, 45, 90], "months_covered": [None, 31 / 30.44, 31 / 30.44],
    "supervision_per_month": [None, 44.2, 88.3]})
MONTHLY = pl.DataFrame({  # W4 per worker-month: October from a check-in, November logged
    "worker_id": ["W1", "W1", "W2"], "display_name": ["Ann B.", "Ann B.", "Bo C."],
    "month": [D("2026-10-01"), D("2026-11-01"), D("2026-11-01")],
    "source": ["check-ins", "records", "check-ins"], "minutes": [60, 45, 90],
    "group_minutes": [None, 60, None], "sessions": [None, 2, None],
    "reported_minutes": [60, None, 90]})


def lines(fig) -> dict[float, str]:
    return {shape.y0: fig.layout.annotations[i].text
            for i, shape in enumerate(fig.layout.shapes)}


def hovers(fig) -> list[str]:
    return [t for trace in fig.data if trace.text is not None for t in trace.text]


def test_caseload_has_the_threshold_line_and_the_over_points_apart():
    fig = caseload_chart(CASELOAD, 25)
    assert lines(fig) == {25: "Threshold 25 per FTE"}
    over = next(t for t in fig.data if t.name == "Over 25 per FTE")
    assert list(over.y) == [26.0, 28.0]
    assert [list(c) for c in over.customdata] == [["W2", "Bo C."], ["W2", "Bo C."]]
    assert "20 Nov 2026: 28.0 per FTE (14 active enrollments on 0.5 FTE)" in hovers(fig)
    assert "November 2026: median 25.0 per FTE (n = 2 workers' figures)" in hovers(fig)
    assert caseload_reading(CASELOAD, 25, D("2026-11-20")) == (
        "1 of 2 peer specialists were over 25 per FTE on 20 Nov 2026; the median was 25.0 "
        "per FTE.")


def test_one_worker_is_joined_up_over_time():
    fig = caseload_chart(CASELOAD.filter(pl.col("worker_id") == "W1"), 25)
    assert fig.data[0].mode == "lines" and list(fig.data[0].y) == [20.0, 22.0]


def test_proqol_draws_both_band_lines_on_every_panel_and_flags_the_worrying_scores():
    fig = proqol_chart(CHECKINS)
    assert sorted(s.y0 for s in fig.layout.shapes) == [22, 22, 22, 42, 42, 42]
    flagged = [t for t in fig.data if t.name and t.name.startswith("High burnout")]
    assert [list(t.y) for t in flagged] == [[44], [], [20]]  # burnout 44; STS none; CS 20
    assert "1 Nov 2026: burnout 44" in hovers(fig)


def test_supervision_has_the_target_and_shows_group_sessions_apart():
    fig = supervision_chart(MONTHLY, 60)
    assert lines(fig) == {60: "Target 60 min a month"}
    below = next(t for t in fig.data if t.name == "Below 60 minutes")
    assert list(below.y) == [45]
    group = next(t for t in fig.data if t.name == "Group sessions (not counted)")
    assert list(group.y) == [60]
    assert ("November 2026: 45 min of individual supervision (2 session(s) logged); group "
            "60 min, not counted" in hovers(fig))
    assert ("October 2026: 60 min of individual supervision (reported at check-ins in the "
            "month)" in hovers(fig))


def test_contact_load_hover_has_the_counts_behind_the_rates():
    load = pl.DataFrame({"worker_id": ["W1"], "display_name": ["Ann B."], "weeks": [25],
                         "contacts": [4], "hours": [2.5], "contacts_per_week": [0.16],
                         "hours_per_week": [0.1]})
    assert hovers(contact_load_chart(load)) == [
        "0.2 contacts and 0.1 hours a week (n = 4 contacts over 25 weeks)"]


def test_incidents_and_turnover_say_each_figure():
    incidents = pl.DataFrame({"worker_id": ["W1", "W1"], "display_name": ["Ann B."] * 2,
                              "quarter": [D("2026-04-01"), D("2026-07-01")],
                              "critical_incidents": [2, 0], "overdoses": [0, 1]})
    fig = incidents_chart(incidents)
    assert [list(t.x) for t in fig.data] == [[2], [1]]
    assert fig.data[0].text[0] == ("Q2 2026: 2 critical incidents, 0 overdoses<br>"
                                   "Q3 2026: 0 critical incidents, 1 overdoses")
    months = pl.DataFrame({"month": [D("2026-10-01")], "day": [D("2026-10-31")],
                           "headcount": [9], "leavers": [1]})
    assert hovers(turnover_chart(months))[0] == "October 2026: 9 on staff on 31 Oct, 1 left"


def test_an_empty_frame_is_a_titled_chart_that_says_so():
    fig = incidents_chart(pl.DataFrame(schema={"worker_id": pl.String}))
    assert fig.layout.annotations[0].text == ("No critical incidents or overdoses for these "
                                              "filters")


NOTES = pl.DataFrame({"program_name": ["Harbor"], "noted_on": [D("2026-10-15")],
                      "note": ["New intake team"], "restarts_baseline": [True]})


def _changes(fig) -> list[tuple[str, str]]:
    """The vertical lines at a program change, with the axis each is on."""
    return [(shape.x0, shape.xref) for shape in fig.layout.shapes
            if shape.x0 == shape.x1 == "2026-10-15"]


def test_every_workforce_chart_over_time_shows_the_programs_changes():
    charts = {"caseload": caseload_chart(CASELOAD, 25, NOTES),
              "proqol": proqol_chart(CHECKINS, NOTES),
              "supervision": supervision_chart(MONTHLY, 60, NOTES)}
    assert {name: len(_changes(fig)) for name, fig in charts.items()} == {
        "caseload": 1, "proqol": 3, "supervision": 1}  # ProQOL: one per score's panel
    assert "New intake team" in [a.text for a in charts["caseload"].layout.annotations]
    several = caseload_chart(CASELOAD, 25, NOTES, several=True)
    assert "Harbor: New intake team" in [a.text for a in several.layout.annotations]
    assert _changes(caseload_chart(CASELOAD, 25)) == []


def test_the_many_workers_spread_marks_a_change_on_its_time_panels_only(large_workforce):
    caseload = large_workforce.caseload.filter(pl.col("role") == "peer_specialist")
    fig = caseload_chart(caseload, 25, NOTES)
    assert fig.layout.xaxis2 is not None  # the spread beside the named workers
    assert [xref for _, xref in _changes(fig)] == ["x"]  # not on the workers' bars (x2)
    proqol = proqol_chart(large_workforce.checkins, NOTES)
    assert sorted(xref for _, xref in _changes(proqol)) == ["x", "x3", "x5"]


def test_a_change_typed_with_markup_is_drawn_as_text():
    typed = NOTES.with_columns(note=pl.lit('<a href="http://x.test">Click</a> <b>new</b>'))
    fig = caseload_chart(CASELOAD, 25, typed)
    texts = [a.text for a in fig.layout.annotations] + [a.hovertext for a in
                                                        fig.layout.annotations]
    assert "&lt;a href=\"http://x.test\"&gt;Click&lt;/a&gt; &lt;b&gt;new&lt;/b&gt;" in texts
    assert not [t for t in texts if t and "<a" in t]

"""The browser benchmark's figures (bench/browser.py), without a browser or a server: which
pages it opens and how it summarises the runs, never how fast they were."""

from __future__ import annotations

import math

from bench.browser import views
from bench.browser_report import (
    Level,
    Run,
    View,
    one_session_table,
    opened_lines,
    sessions_table,
    spread,
)


def test_every_page_of_each_role_is_opened_as_that_role() -> None:
    opened = views(["funder", "peer_worker"])
    assert opened == [View("funder", "overview"), View("funder", "funder"),
                      View("funder", "subscriptions"), View("peer_worker", "my_checkins")]


def test_median_and_nearest_rank_p95() -> None:
    # 20 values 1..20: median (10 + 11) / 2; p95 is the 19th (ceil(0.95 * 20) = 19)
    assert spread([float(v) for v in range(20, 0, -1)]) == (10.5, 19.0)
    # of 3 values, p95 is the largest
    assert spread([1.0, 3.0, 2.0]) == (2.0, 3.0)
    assert all(math.isnan(v) for v in spread([]))


def test_failed_runs_are_counted_and_left_out_of_the_times() -> None:
    runs = [Run(0, 0, "funder", "funder", 4.0, 21, 1.0),
            Run(0, 1, "funder", "funder", 2.0, 21, 0.5),
            Run(0, 2, "funder", "funder", math.nan, 0, None, "TimeoutError: 60 s")]
    order = [View("funder", "funder")]
    row = one_session_table(runs, order)[2]
    # first visit 4.00; median of 4 and 2 is 3; p95 of two is the larger; CPU median 0.75
    assert row == "| funder | funder | 21 | 4.00 s | 3.00 / 4.00 s | 0.75 / 1.00 s | 1 |"


def test_ten_sessions_p95_is_divided_by_one_sessions_of_the_same_page() -> None:
    one = Level(1, [Run(0, r, "analyst", "overview", s, answer=s / 4)
                    for r, s in enumerate([1.0, 2.0])], 3.0, 1.0, 1.0)
    ten = Level(10, [Run(k, 0, "analyst", "overview", 1.0 + k, answer=0.5 if k < 9 else None)
                     for k in range(10)], 10.0, 9.0, 9.0)
    lines = sessions_table([one, ten], [View("analyst", "overview")])
    # 10 sessions: median of 1..10 is 5.5, p95 of 10 values the largest (10); 10 / 2 = 5.0x.
    # The app's answers: 0.25 and 0.5 alone; nine of 0.5 (one not seen) with ten: 0.5 / 0.5
    assert lines[2] == ("| analyst | overview | 1.50 / 2.00 s | 5.50 / 10.00 s | 5.0× | "
                        "0.38 / 0.50 s; 0.50 / 0.50 s | 1.0× |")


def test_runs_are_split_by_how_they_were_opened() -> None:
    # two sessions: each opens its first page by address (3 s, answered in 1 s), then two
    # from the menu (0.5 s, answered in 0.2 s)
    runs = [Run(k, 0, "analyst", page, 3.0 if i == 0 else 0.5, answer=1.0 if i == 0 else 0.2,
                by_menu=i > 0)
            for k in range(2) for i, page in enumerate(["overview", "engagement", "outcomes"])]
    lines = opened_lines([Level(2, runs, 10.0, 1.0, 1.0)])
    assert lines[2:] == [
        "| 2 | 4 from the menu | 0.50 / 0.50 s | 0.20 / 0.20 s |",
        "| 2 | 2 by address | 3.00 / 3.00 s | 1.00 / 1.00 s |",
        "| 2 | 6 every run | 0.50 / 3.00 s | 0.20 / 1.00 s |",
        "| 2 | 4 every run but each session's first | 0.50 / 0.50 s | 0.20 / 0.20 s |"]

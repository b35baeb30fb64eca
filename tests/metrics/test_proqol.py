"""ProQOL 5 scoring (metrics/proqol.py) against sums worked out by hand from the manual: each
subscale the sum of its ten items, burnout's items 1, 4, 15, 17 and 29 reversed (6 - answer);
low at 22 or less, moderate 23-41, high at 42 or more."""

from __future__ import annotations

import pytest

from metrics.proqol import (
    ANSWERS,
    BURNOUT,
    COMPASSION_SATISFACTION,
    ITEMS,
    REVERSED,
    SECONDARY_TRAUMATIC_STRESS,
    Scores,
    band,
    score,
    unanswered,
)


def answered(default: int, **items: int) -> list[int]:
    """30 answers of `default`, items named `i<n>` answered otherwise."""
    return [items.get(f"i{n}", default) for n in range(1, 31)]


def test_the_thirty_items_fall_into_three_subscales_of_ten():
    subscales = (COMPASSION_SATISFACTION, BURNOUT, SECONDARY_TRAUMATIC_STRESS)
    assert len(ITEMS) == 30 and [len(s) for s in subscales] == [10, 10, 10]
    assert sorted(n for s in subscales for n in s) == list(range(1, 31))
    assert set(REVERSED) <= set(BURNOUT)
    assert ANSWERS == {1: "Never", 2: "Rarely", 3: "Sometimes", 4: "Often", 5: "Very often"}


def test_all_sometimes_scores_thirty_on_each_scale():
    # every item 3; a reversed 3 is 6 - 3 = 3: 10 x 3 = 30 on each
    assert score(answered(3)) == Scores(30, 30, 30)


def test_all_never_and_all_very_often_leave_burnout_at_thirty():
    # all 1s: CS 10 x 1 = 10; burnout 5 reversed x (6 - 1) + 5 x 1 = 25 + 5 = 30; STS 10
    assert score(answered(1)) == Scores(10, 30, 10)
    # all 5s: CS 50; burnout 5 reversed x (6 - 5) + 5 x 5 = 5 + 25 = 30; STS 50
    assert score(answered(5)) == Scores(50, 30, 50)


def test_the_reverse_scored_items_count_against_burnout():
    # "I am happy", "I feel connected", "beliefs that sustain me", "the person I always wanted
    # to be", "a very caring person" all very often (5 -> 1), the rest sometimes (3):
    # burnout 5 x 1 + 5 x 3 = 20; the other scales are untouched at 30
    assert score(answered(3, i1=5, i4=5, i15=5, i17=5, i29=5)) == Scores(30, 20, 30)
    # the same items never (1 -> 5): 5 x 5 + 5 x 3 = 40
    assert score(answered(3, i1=1, i4=1, i15=1, i17=1, i29=1)) == Scores(30, 40, 30)


def test_a_worker_burning_out_scores_in_the_bands_the_manual_gives():
    # CS items rarely (2): 20, low; burnout's plain items very often (5) and its reversed ones
    # never (1 -> 5): 50, high; STS items often (4): 40, moderate
    answers = answered(2, **{f"i{n}": 5 for n in (8, 10, 19, 21, 26)},
                       **{f"i{n}": 1 for n in REVERSED},
                       **{f"i{n}": 4 for n in SECONDARY_TRAUMATIC_STRESS})
    scores = score(answers)
    assert scores == Scores(20, 50, 40)
    assert [band(s) for s in (20, 50, 40)] == ["low", "high", "moderate"]
    assert scores.columns() == {"proqol_cs": 20, "proqol_bo": 50, "proqol_sts": 40}


def test_answers_that_differ_item_by_item_add_up_by_hand():
    # item n answered n % 5 + 1: 2, 3, 4, 5, 1, 2, 3, ...
    # CS  3:4  6:2 12:3 16:2 18:4 20:1 22:3 24:5 27:3 30:1                 = 28
    # BO  1:2->4  4:5->1  8:4  10:1  15:1->5  17:3->3  19:5  21:2  26:2  29:5->1 = 28
    # STS 2:3  5:1  7:3  9:5 11:2 13:4 14:5 23:4 25:1 28:4                 = 32
    assert score([n % 5 + 1 for n in range(1, 31)]) == Scores(28, 28, 32)


@pytest.mark.parametrize(("raw", "said"), [(10, "low"), (22, "low"), (23, "moderate"),
                                           (41, "moderate"), (42, "high"), (50, "high")])
def test_the_cut_scores_are_the_manuals(raw, said):
    assert band(raw) == said


def test_an_unanswered_or_impossible_answer_is_named_and_not_scored():
    answers: list[int | None] = answered(3)
    answers[6], answers[20] = None, 6
    assert unanswered(answers) == [7, 21]
    assert unanswered(answers[:28]) == [7, 21, 29, 30]
    with pytest.raises(ValueError, match=r"items \[7, 21\] have no answer from 1 to 5"):
        score(answers)
    with pytest.raises(ValueError, match="has 30 items; 29 answers given"):
        score(answered(3)[:29])

"""Closed questions: Likert boxes, distributions, group breakdowns and scores."""

import math
from collections.abc import Callable
from functools import partial

import pytest

from analysis.stats import (
    closed_item_statistics,
    group_informed_consensus,
    likert_stance,
    option_distribution,
    wilson_interval,
)

Votes = list[tuple[str, str, int]]


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        (5, [-1, -1, 0, 1, 1]),
        (7, [-1, -1, 0, 0, 0, 1, 1]),
        (4, [-1, -1, 1, 1]),
        (3, [-1, 0, 1]),
        (2, [-1, 1]),
    ],
)
def test_likert_boxes(points: int, expected: list[int]) -> None:
    assert [likert_stance(value, points) for value in range(1, points + 1)] == expected


@pytest.mark.parametrize("value", [0, 6])
def test_likert_rejects_off_scale_answers(value: int) -> None:
    with pytest.raises(ValueError, match="off a 5-point scale"):
        likert_stance(value)


def test_distribution_lists_options_in_order_and_counts_multiple_choice_once() -> None:
    answers = [["bus", "bike", "bus"], ["car"], ("bus",), "walk"]
    distribution = option_distribution(answers, options=["car", "bus", "train"])
    assert list(distribution) == ["car", "bus", "train", "bike", "walk"]
    assert distribution["bus"].count == 2 and distribution["bus"].share == 0.5
    assert distribution["train"].count == 0
    assert (distribution["car"].low, distribution["car"].high) == wilson_interval(1, 4)


def _likert_answers() -> tuple[dict[str, int | None], dict[str, str]]:
    answers: dict[str, int | None] = {}
    groups: dict[str, str] = {}
    for i in range(30):  # parks: mostly agree
        answers[f"p{i}"], groups[f"p{i}"] = (5 if i < 24 else 2), "parks"
    for i in range(20):  # roads: split
        answers[f"r{i}"], groups[f"r{i}"] = (4 if i < 10 else 1), "roads"
    for i in range(4):  # a small group, and one who skipped the question
        answers[f"s{i}"], groups[f"s{i}"] = 3, "small"
    answers["skip"], groups["skip"] = None, "parks"
    return answers, groups


def test_item_statistics_with_suppression() -> None:
    answers, groups = _likert_answers()
    stats = closed_item_statistics(answers, groups, likert_stance, k=10, options=[1, 2, 3, 4, 5])
    assert stats.overall.n == 54
    assert stats.overall.agree.count == 34 and stats.overall.disagree.count == 16
    # small is under K; roads is the next smallest and is hidden with it.
    assert stats.groups["small"] is None and stats.groups["roads"] is None
    parks = stats.groups["parks"]
    assert parks is not None and parks.n == 30
    assert parks.agree.share == pytest.approx(0.8)
    assert list(parks.distribution) == [1, 2, 3, 4, 5]
    assert stats.consensus == pytest.approx(25 / 32)  # parks alone, (24 + 1) / (30 + 2)
    assert stats.divisiveness == 0.0


def test_item_scores_across_shown_groups() -> None:
    answers, groups = _likert_answers()
    shown = {r: g for r, g in groups.items() if g != "small"}
    stats = closed_item_statistics({r: answers[r] for r in shown}, shown, likert_stance, k=10)
    assert stats.consensus == pytest.approx(math.sqrt(25 / 32 * 11 / 22))
    assert stats.concern == pytest.approx(math.sqrt(7 / 32 * 11 / 22))
    assert stats.divisiveness == pytest.approx((18 / 32 - 0) / 2)


def test_seven_point_scale_and_bad_stance() -> None:
    seven = partial(likert_stance, points=7)
    stats = closed_item_statistics({"a": 7, "b": 1}, {}, seven, k=5)
    assert stats.overall.agree.count == 1 and stats.groups == {"": None}
    with pytest.raises(ValueError, match="stance must return"):
        closed_item_statistics({"a": 7}, {}, lambda value: 2, k=5)


def test_votes_as_answers_match_polis(
    participants_votes: Callable[[str], tuple[Votes, dict[str, str]]],
) -> None:
    """A Polis comment is a closed agree/pass/disagree question: same scores, per group."""
    votes, groups = participants_votes("15-per-hour-seattle")
    votes = [vote for vote in votes if vote[0] in groups]
    polis = group_informed_consensus(votes, groups)
    compared = 0
    for item, consensus in polis.items():
        answers = {participant: value for participant, it, value in votes if it == item}
        stats = closed_item_statistics(answers, groups, int, k=5)
        if len(stats.groups) == 2 and None not in stats.groups.values():
            assert stats.consensus == pytest.approx(math.sqrt(consensus), rel=1e-12)
            compared += 1
    assert compared >= 10

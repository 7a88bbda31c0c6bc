"""Closed questions (Likert, single and multiple choice) broken down by group.

Each answer is mapped to a stance by the caller's `stance` function (for Likert,
`likert_stance`: top-2 box agrees, bottom-2 box disagrees, the rest is neutral and counts like a
Polis pass). Scores follow `analysis.stats.themes`: consensus and concern are geometric means
over shown groups of Polis-smoothed shares, divisiveness half the range of smoothed leans;
suppressed groups are left out of every score.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from analysis.stats.intervals import Proportion, proportion
from analysis.stats.suppression import DEFAULT_K, MISSING, suppress_counts
from analysis.stats.tally import Tally, informed_mean, lean_range

Stance = Callable[[object], int]


@dataclass(frozen=True)
class GroupSummary:
    """One group's answers to one closed question.

    Attributes:
        n: respondents who answered.
        distribution: option -> share of respondents choosing it, with a Wilson interval
            (for multiple choice the shares can add up to more than 1).
        agree: share of respondents whose answer agrees (e.g. top-2 box).
        disagree: share of respondents whose answer disagrees (e.g. bottom-2 box).
    """

    n: int
    distribution: dict[Hashable, Proportion]
    agree: Proportion
    disagree: Proportion


@dataclass(frozen=True)
class ItemStats:
    """A closed question's statistics.

    Attributes:
        overall: all respondents together.
        groups: group -> summary, or None where the group is suppressed.
        consensus: broad agreement across shown groups, in (0, 1).
        concern: broad disagreement across shown groups, in (0, 1).
        divisiveness: how much shown groups differ, in [0, 1).
    """

    overall: GroupSummary
    groups: dict[Hashable, GroupSummary | None]
    consensus: float
    concern: float
    divisiveness: float


def likert_stance(value: int, points: int = 5) -> int:
    """Top-2 box agrees (1), bottom-2 box disagrees (-1), anything between is neutral (0).

    Scales of 3 points or fewer use the top and bottom point, since two-point boxes would
    overlap.

    Args:
        value: the answer, 1..points, higher meaning more agreement.
        points: the scale length.

    Returns:
        1, 0 or -1.

    Raises:
        ValueError: when value is off the scale.
    """
    if not 1 <= value <= points:
        raise ValueError(f"answer {value!r} is off a {points}-point scale")
    box = 2 if points >= 4 else 1
    return 1 if value > points - box else -1 if value <= box else 0


def option_distribution(
    values: Iterable[object], options: Sequence[Hashable] = ()
) -> dict[Hashable, Proportion]:
    """Share of respondents choosing each option, with Wilson intervals.

    Args:
        values: one answer per respondent; a list, tuple or set is a multiple choice and
            counts each chosen option once.
        options: options to list first and in this order, even when nobody chose them.

    Returns:
        option -> proportion of respondents.
    """
    answers = list(values)
    chosen: Counter[Hashable] = Counter()
    for answer in answers:
        chosen.update(set(answer) if isinstance(answer, list | tuple | set) else {answer})
    extra = sorted(set(chosen) - set(options), key=repr)
    return {option: proportion(chosen[option], len(answers)) for option in [*options, *extra]}


def closed_item_statistics(
    answers: Mapping[Hashable, object],
    groups: Mapping[Hashable, Hashable],
    stance: Stance,
    k: int = DEFAULT_K,
    options: Sequence[Hashable] = (),
) -> ItemStats:
    """Distributions, agreement shares and group-informed scores for one closed question.

    Args:
        answers: respondent -> answer; None means not answered and is skipped.
        groups: respondent -> group; respondents not in it form the `MISSING` group.
        stance: maps an answer to 1 (agree), 0 (neutral) or -1 (disagree).
        k: suppression threshold (>= 5), applied to respondents per group.
        options: the question's options, listed in this order in each distribution.

    Returns:
        The statistics; suppressed groups map to None.

    Raises:
        ValueError: on k < 5 or a stance outside 1, 0, -1.
    """
    by_group: dict[Hashable, list[object]] = defaultdict(list)
    for respondent, answer in answers.items():
        if answer is not None:
            by_group[groups.get(respondent, MISSING)].append(answer)
    hidden = suppress_counts({group: len(values) for group, values in by_group.items()}, k)
    summaries = {group: _summary(values, stance, options) for group, values in by_group.items()}
    overall = _summary([a for values in by_group.values() for a in values], stance, options)
    shown = [_tally(summaries[g]) for g in summaries if g not in hidden] or [_tally(overall)]
    return ItemStats(
        overall=overall,
        groups={g: None if g in hidden else summaries[g] for g in sorted(summaries, key=repr)},
        consensus=informed_mean(t.agree_prob for t in shown),
        concern=informed_mean(t.disagree_prob for t in shown),
        divisiveness=lean_range(shown),
    )


def _summary(values: list[object], stance: Stance, options: Sequence[Hashable]) -> GroupSummary:
    stances = Counter(stance(value) for value in values)
    if set(stances) - {1, 0, -1}:
        raise ValueError(f"stance must return 1, 0 or -1, got {sorted(stances)}")
    return GroupSummary(
        n=len(values),
        distribution=option_distribution(values, options),
        agree=proportion(stances[1], len(values)),
        disagree=proportion(stances[-1], len(values)),
    )


def _tally(summary: GroupSummary) -> Tally:
    return Tally(summary.agree.count, summary.disagree.count, summary.n)

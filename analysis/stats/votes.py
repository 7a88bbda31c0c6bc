"""Group-informed consensus, concern and divisiveness for agree/disagree/pass votes.

`group_informed_consensus` reproduces Polis's `group-aware-consensus`
(polismath `conversation.clj`): for every item and every group, p = (A + 1) / (S + 2), where A
counts the group's agree votes and S all its votes on the item including passes; the item's
score is the product of p over all groups. Every item that anyone voted on is scored, and a
group that never voted on it contributes 1/2, as in Polis. Participants without a group are
left out of the counts (Polis only counts the participants it clustered).
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

from analysis.stats.tally import Tally, informed_product, lean_range

Item = TypeVar("Item", bound=Hashable)
Vote = tuple[Hashable, Item, float]

_VALUES = (1, 0, -1)


def tally_votes(
    votes: Iterable[Vote[Item]], groups: Mapping[Hashable, Hashable]
) -> dict[Item, dict[Hashable, Tally]]:
    """Count each group's votes on each item, keeping each participant's last vote.

    Args:
        votes: `(participant, item, value)` in the order cast; value 1 agree, -1 disagree,
            0 pass.
        groups: participant -> group; participants not in it are not counted.

    Returns:
        item -> group -> tally, with every group present for every voted item.

    Raises:
        ValueError: on an unknown vote value or when `groups` is empty.
    """
    if not groups:
        raise ValueError("group-informed statistics need at least one group")
    last: dict[tuple[Hashable, Item], float] = {}
    for participant, item, value in votes:
        if value not in _VALUES:
            raise ValueError(f"vote value must be 1, 0 or -1, got {value!r}")
        last[(participant, item)] = value
    counts: dict[Item, dict[Hashable, list[int]]] = defaultdict(dict)
    all_groups = sorted(set(groups.values()), key=repr)
    for (participant, item), value in last.items():
        per_group = counts[item]
        if not per_group:
            per_group.update({group: [0, 0, 0] for group in all_groups})
        if participant in groups:
            cell = per_group[groups[participant]]
            cell[0] += value == 1
            cell[1] += value == -1
            cell[2] += 1
    return {
        item: {group: Tally(*cell) for group, cell in per_group.items()}
        for item, per_group in counts.items()
    }


def group_informed_consensus(
    votes: Iterable[Vote[Item]], groups: Mapping[Hashable, Hashable]
) -> dict[Item, float]:
    """Polis's group-aware consensus: product over groups of (A + 1) / (S + 2).

    Args:
        votes: `(participant, item, value)`; a participant's last vote on an item counts.
        groups: participant -> group.

    Returns:
        item -> consensus in (0, 1); high only when every group agrees.
    """
    tallies = tally_votes(votes, groups)
    return {item: informed_product(t.agree_prob for t in g.values()) for item, g in tallies.items()}


def group_informed_concern(
    votes: Iterable[Vote[Item]], groups: Mapping[Hashable, Hashable]
) -> dict[Item, float]:
    """The disagree counterpart: product over groups of (D + 1) / (S + 2).

    Args:
        votes: `(participant, item, value)`; a participant's last vote on an item counts.
        groups: participant -> group.

    Returns:
        item -> concern in (0, 1); high only when every group disagrees.
    """
    tallies = tally_votes(votes, groups)
    return {
        item: informed_product(t.disagree_prob for t in g.values()) for item, g in tallies.items()
    }


def group_divisiveness(
    votes: Iterable[Vote[Item]], groups: Mapping[Hashable, Hashable]
) -> dict[Item, float]:
    """How much groups differ on each item: half the range of smoothed net leans.

    Args:
        votes: `(participant, item, value)`; a participant's last vote on an item counts.
        groups: participant -> group.

    Returns:
        item -> divisiveness in [0, 1); see `analysis.stats.tally.lean_range`.
    """
    tallies = tally_votes(votes, groups)
    return {item: lean_range(g.values()) for item, g in tallies.items()}

"""Per-group vote tallies and the group-informed scores built on them.

One `Tally` counts what one group did with one item (a comment, a closed question, a theme).
Polis smooths every group's shares with a +1/+2 pseudo-count so that a group with no data
sits at 1/2 and a small group cannot produce a 0 or 1 on its own; every score here keeps that.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Tally:
    """What one group did with one item.

    Attributes:
        agree: agree votes (or support rows, or top-2-box answers).
        disagree: disagree votes (or concern rows, or bottom-2-box answers).
        seen: all votes including passes and neutral answers (Polis's `S`).
    """

    agree: int = 0
    disagree: int = 0
    seen: int = 0

    def __post_init__(self) -> None:
        if min(self.agree, self.disagree) < 0 or self.agree + self.disagree > self.seen:
            raise ValueError(f"inconsistent tally: {self}")

    @property
    def agree_prob(self) -> float:
        """Smoothed agree share, (A + 1) / (S + 2), exactly as Polis computes it."""
        return (self.agree + 1.0) / (self.seen + 2.0)

    @property
    def disagree_prob(self) -> float:
        """Smoothed disagree share, (D + 1) / (S + 2)."""
        return (self.disagree + 1.0) / (self.seen + 2.0)

    @property
    def lean(self) -> float:
        """Smoothed net lean in (-1, 1): agree_prob - disagree_prob = (A - D) / (S + 2)."""
        return (self.agree - self.disagree) / (self.seen + 2.0)


def informed_product(probs: Iterable[float]) -> float:
    """Polis's group-aware consensus: the product of the groups' smoothed shares.

    Args:
        probs: one smoothed share per group.

    Returns:
        The product (1.0 for no groups, the empty product).
    """
    return math.prod(probs)


def informed_mean(probs: Iterable[float]) -> float:
    """The product of the groups' smoothed shares, normalised per group (geometric mean).

    Polis's product shrinks by about half for every group added, so a breakdown by 19
    departments would score around 1e-6 and could not be read or compared with a
    city/county breakdown. The G-th root ranks items exactly as the product does for a fixed
    set of groups, stays in (0, 1), and reads as "the typical group's smoothed share".

    Args:
        probs: one smoothed share per group, each in (0, 1].

    Returns:
        The geometric mean; 0.0 when there are no groups.
    """
    values = list(probs)
    if not values:
        return 0.0
    return math.exp(math.fsum(math.log(p) for p in values) / len(values))


def lean_range(tallies: Iterable[Tally]) -> float:
    """Divisiveness: half the spread of the groups' smoothed net leans, in [0, 1).

    0 means every group leans the same way; near 1 means one group all agrees while another
    all disagrees. Smoothing pulls small groups toward 0 so that they cannot look divided
    on the strength of two or three votes.

    Args:
        tallies: one tally per group.

    Returns:
        (max lean - min lean) / 2, or 0.0 with fewer than two groups.
    """
    leans = [tally.lean for tally in tallies]
    if len(leans) < 2:
        return 0.0
    return (max(leans) - min(leans)) / 2.0

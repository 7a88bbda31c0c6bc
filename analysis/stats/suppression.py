"""Small-cell suppression for any table of groups, with complementary suppression.

The rule, for one breakdown (one group column) whose cells count respondents:

1. Primary: a cell with fewer than K respondents is hidden.
2. Complementary: while some cell is hidden and either only one cell is hidden or the hidden
   cells together hold fewer than K respondents, the smallest shown cell (ties by key) is
   hidden too.

Why the second step: the total of a breakdown is usually published (a theme's row count, the
number of answers), so total minus the shown cells gives the hidden cells' sum. With one hidden
cell that sum is the cell itself; with a hidden sum under K it describes a small group of
people. After step 2 whatever can be derived from totals covers at least K respondents and
at least two cells, so no single hidden cell can be recovered. When every cell ends up hidden
the breakdown shows nothing, and the total is the caller's to publish or not: it is the whole
population of the table. Everything said about hidden
cells elsewhere (their counts in a theme, their stance mix, their weight in a consensus score)
must be left out as well, which is why the scores in this package use shown groups only.
"""

from collections.abc import Mapping
from typing import Any, TypeVar

Key = TypeVar("Key")

#: The lowest K the privacy rules allow.
MIN_K = 5
#: The default K (overridden by ENGAGE_SUPPRESSION_K in the app).
DEFAULT_K = 10
#: The group of a respondent without a value for a breakdown. Such respondents still count in
#: the breakdown's total, so they form a cell that suppression must see like any other.
MISSING = ""
#: What a hidden cell shows in tables and exports.
SUPPRESSED: dict[str, bool] = {"suppressed": True}


def check_k(k: int) -> int:
    """Validate a suppression threshold.

    Args:
        k: the minimum number of respondents a shown group must have.

    Returns:
        k, unchanged.

    Raises:
        ValueError: when k is not an integer of at least `MIN_K`.
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < MIN_K:
        raise ValueError(f"suppression threshold K must be an integer >= {MIN_K}, got {k!r}")
    return k


def suppress_counts(counts: Mapping[Key, int], k: int = DEFAULT_K) -> set[Key]:
    """Which cells of one breakdown to hide (primary plus complementary suppression).

    Args:
        counts: cell key -> respondents in that cell (one breakdown; cells do not overlap).
        k: suppression threshold, at least `MIN_K`.

    Returns:
        The keys to hide. Every other cell has at least k respondents.

    Raises:
        ValueError: on a bad k or a negative count.
    """
    check_k(k)
    if any(count < 0 for count in counts.values()):
        raise ValueError("cell counts cannot be negative")
    hidden = {key for key, count in counts.items() if count < k}
    # Smallest shown cells first, so complementary suppression hides as little as possible.
    candidates = sorted(
        (key for key in counts if key not in hidden), key=lambda c: (counts[c], repr(c))
    )
    while hidden and candidates and (len(hidden) < 2 or sum(counts[c] for c in hidden) < k):
        hidden.add(candidates.pop(0))
    return hidden


def apply_suppression(cells: Mapping[Key, Any], hidden: set[Key]) -> dict[Key, Any]:
    """Replace hidden cells with `{"suppressed": True}`, keeping order and shown cells.

    Args:
        cells: cell key -> what the table shows for it.
        hidden: keys from `suppress_counts`.

    Returns:
        A new mapping in which every hidden cell is a fresh `{"suppressed": True}`.
    """
    return {key: dict(SUPPRESSED) if key in hidden else value for key, value in cells.items()}

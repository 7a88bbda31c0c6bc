"""Shares with Wilson score intervals."""

import math
from dataclasses import dataclass
from statistics import NormalDist


@dataclass(frozen=True)
class Proportion:
    """A count out of a total, with its share and a Wilson score interval.

    Attributes:
        count: how many.
        total: out of how many.
        share: count / total (0.0 when total is 0).
        low: lower end of the interval.
        high: upper end of the interval.
    """

    count: int
    total: int
    share: float
    low: float
    high: float


def wilson_interval(count: int, total: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a binomial share.

    Chosen over the normal (Wald) interval because it stays inside [0, 1] and keeps its
    coverage for the small groups and extreme shares that equity breakdowns produce.

    Args:
        count: successes, 0 <= count <= total.
        total: trials.
        confidence: two-sided confidence level in (0, 1).

    Returns:
        (low, high); (0.0, 1.0) when total is 0, since nothing is known.

    Raises:
        ValueError: on counts outside 0..total or a confidence outside (0, 1).
    """
    if not 0 <= count <= total:
        raise ValueError(f"need 0 <= count <= total, got {count} of {total}")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be in (0, 1), got {confidence}")
    if total == 0:
        return 0.0, 1.0
    z = NormalDist().inv_cdf(0.5 + confidence / 2.0)
    share = count / total
    denominator = 1.0 + z * z / total
    centre = (share + z * z / (2.0 * total)) / denominator
    half = z * math.sqrt(share * (1.0 - share) / total + z * z / (4.0 * total * total))
    half /= denominator
    # Mathematically the interval contains the share; clamp so rounding cannot say otherwise
    # (at 60 of 60 the upper end would come out as 0.9999999999999998).
    return max(0.0, min(share, centre - half)), min(1.0, max(share, centre + half))


def proportion(count: int, total: int, confidence: float = 0.95) -> Proportion:
    """A `Proportion` with its Wilson interval.

    Args:
        count: successes.
        total: trials.
        confidence: two-sided confidence level.

    Returns:
        The proportion; share is 0.0 when total is 0.
    """
    low, high = wilson_interval(count, total, confidence)
    return Proportion(count, total, count / total if total else 0.0, low, high)

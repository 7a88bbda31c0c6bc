"""Inter-coder agreement: Cohen's kappa, per code, over the characters of a note.

Plain functions, no database: the coding service turns coded spans into per-character
yes/no decisions (as NVivo's coding comparison does) and passes them here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def cohen_kappa(a: Sequence[bool], b: Sequence[bool]) -> float:
    """Cohen's kappa for two raters' yes/no decisions on the same units.

    ``(po - pe) / (1 - pe)`` where ``po`` is observed agreement and ``pe`` the agreement
    expected by chance from each rater's yes rate. When both raters gave one and the same
    answer everywhere (``pe == 1``) they agree perfectly, and 1.0 is returned.

    Raises:
        ValueError: the sequences differ in length or are empty.
    """
    if len(a) != len(b) or not a:
        raise ValueError("Both raters must judge the same, non-empty list of units.")
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    yes_a, yes_b = sum(map(bool, a)) / n, sum(map(bool, b)) / n
    expected = yes_a * yes_b + (1 - yes_a) * (1 - yes_b)
    if expected == 1:
        return 1.0
    return (observed - expected) / (1 - expected)


def coverage(length: int, spans: Iterable[tuple[int, int]]) -> list[bool]:
    """Which of ``length`` characters fall inside any of ``spans``."""
    covered = [False] * length
    for start, end in spans:
        for i in range(max(start, 0), min(end, length)):
            covered[i] = True
    return covered


def span_kappa(
    length: int, first: Iterable[tuple[int, int]], second: Iterable[tuple[int, int]]
) -> float:
    """Kappa of two coders' spans of one code over a text of ``length`` characters."""
    return cohen_kappa(coverage(length, first), coverage(length, second))

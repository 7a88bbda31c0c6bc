"""Representative quotes and a short extractive summary per theme.

Quotes are chosen by maximal marginal relevance: the unit closest to the theme's centre first,
then units that are central but unlike the ones already picked, never two from the same row
and never two near-duplicates. A quote is always a verbatim substring of its row's answer, so
a candidate that would need redaction is skipped rather than altered.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from analysis.nlp.types import Quote, Segment

#: Cosine similarity above which two quotes count as saying the same thing.
NEAR_DUPLICATE = 0.9
MAX_QUOTE_CHARS = 300
#: Quotes are drawn from this many of a theme's most central segments.
QUOTE_POOL = 30


@dataclass(frozen=True)
class ThemeEvidence:
    """The segments of one theme with their vectors, most central first."""

    segments: list[Segment]
    vectors: np.ndarray


class Summariser(Protocol):
    """Picks quotes and writes a summary for one theme."""

    def quotes(self, evidence: ThemeEvidence, is_clean: Callable[[str], bool]) -> list[Quote]: ...

    def summary(self, quotes: Sequence[Quote]) -> str: ...


def by_centrality(segments: Sequence[Segment], vectors: np.ndarray) -> ThemeEvidence:
    """Order a theme's segments from the most to the least central."""
    centre = vectors.mean(axis=0)
    order = np.argsort(-(vectors @ centre), kind="stable")
    return ThemeEvidence([segments[i] for i in order], vectors[order])


def clip(text: str, limit: int = MAX_QUOTE_CHARS) -> str:
    """Cut ``text`` at the last word boundary before ``limit`` (still a verbatim prefix)."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip()


class MMRSummariser:
    """3-5 central, diverse quotes; the summary joins the two most central ones.

    Args:
        n_quotes: Most quotes per theme.
        diversity: Weight of dissimilarity to already chosen quotes (0 = only centrality).
        pool: How many of the most central segments are considered.
    """

    def __init__(self, n_quotes: int = 5, diversity: float = 0.3, pool: int = QUOTE_POOL) -> None:
        self.n_quotes = n_quotes
        self.diversity = diversity
        self.pool = pool

    def quotes(self, evidence: ThemeEvidence, is_clean: Callable[[str], bool]) -> list[Quote]:
        """Pick quotes from ``evidence``; ``is_clean`` says whether a text needs no redaction."""
        segs, vecs = evidence.segments[: self.pool], evidence.vectors[: self.pool]
        centrality = vecs @ vecs.mean(axis=0) if len(vecs) else np.zeros(0)
        chosen: list[int] = []
        rows: set[int] = set()
        candidates = list(range(len(segs)))
        while candidates and len(chosen) < self.n_quotes:
            best = max(candidates, key=lambda i: self._gain(i, centrality, vecs, chosen))
            candidates.remove(best)
            if segs[best].parent in rows or self._duplicate(best, vecs, chosen):
                continue
            # checked only now: redaction (spaCy NER) is the costly part, and a candidate
            # that is never picked does not need it
            if not is_clean(clip(segs[best].text)):
                continue
            chosen.append(best)
            rows.add(segs[best].parent)
        return [Quote(segs[i].parent, clip(segs[i].text)) for i in chosen]

    def _gain(self, i: int, centrality: np.ndarray, vecs: np.ndarray, chosen: list[int]) -> float:
        redundancy = max((float(vecs[i] @ vecs[j]) for j in chosen), default=0.0)
        return (1 - self.diversity) * float(centrality[i]) - self.diversity * redundancy

    @staticmethod
    def _duplicate(i: int, vecs: np.ndarray, chosen: list[int]) -> bool:
        return any(float(vecs[i] @ vecs[j]) > NEAR_DUPLICATE for j in chosen)

    def summary(self, quotes: Sequence[Quote]) -> str:
        """An extractive summary: the two most central quotes, joined."""
        parts = [q.text if q.text[-1:] in ".!?" else q.text + "." for q in quotes[:2]]
        return " ".join(parts)

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
        if not segs:
            return []
        relevance = (1 - self.diversity) * (vecs @ vecs.mean(axis=0)).astype(np.float64)
        # similarity of every candidate to its closest chosen quote, kept up to date as quotes
        # are chosen (one product per choice, not one per candidate and step)
        closest = np.full(len(segs), -np.inf)
        open_ = np.ones(len(segs), dtype=bool)
        chosen: list[int] = []
        rows: set[int] = set()
        while open_.any() and len(chosen) < self.n_quotes:
            redundancy = closest if chosen else np.zeros(len(segs))
            # argmax takes the first of equal gains, as max() over the candidates in order did
            best = int(np.argmax(np.where(open_, relevance - self.diversity * redundancy, -np.inf)))
            open_[best] = False
            if segs[best].parent in rows or closest[best] > NEAR_DUPLICATE:
                continue
            # checked only now: redaction (spaCy NER) is the costly part, and a candidate
            # that is never picked does not need it
            if not is_clean(clip(segs[best].text)):
                continue
            chosen.append(best)
            rows.add(segs[best].parent)
            closest = np.maximum(closest, (vecs @ vecs[best]).astype(np.float64))
        return [Quote(segs[i].parent, clip(segs[i].text)) for i in chosen]

    def summary(self, quotes: Sequence[Quote]) -> str:
        """An extractive summary: the two most central quotes, joined."""
        parts = [q.text if q.text[-1:] in ".!?" else q.text + "." for q in quotes[:2]]
        return " ".join(parts)

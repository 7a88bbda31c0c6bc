"""Cluster one language partition of the segments into themes.

A partition is every segment when one embedding model covers all the corpus's languages, or
one language's segments when it does not. Partitions too small to cluster become one theme.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from analysis.nlp.cluster import Clusterer
from analysis.nlp.embed import Embedder, EmbeddingCache, embed_cached
from analysis.nlp.represent import count_keywords

#: Fewer distinct texts than this are not clustered: they form a single theme.
MIN_DISTINCT = 5


@dataclass
class PartitionThemes:
    """Local theme label per segment (``-1`` left out) and keywords per local theme."""

    labels: np.ndarray
    keywords: dict[int, list[tuple[str, float]]]
    vectors: np.ndarray
    params: dict


def theme_partition(
    texts: Sequence[str],
    embedder: Embedder,
    clusterer: Clusterer,
    cache: EmbeddingCache | None,
    seed: int,
) -> PartitionThemes:
    """Embed and cluster the segments of one partition.

    Args:
        texts: Segment texts of the partition.
        embedder: Model that embeds them.
        clusterer: Groups them into themes.
        cache: Embedding cache, or ``None`` to always embed.
        seed: Random seed for every random step.
    """
    vectors = embed_cached(embedder, texts, cache)
    distinct = len({t.strip().lower() for t in texts})
    if distinct < MIN_DISTINCT:
        labels = np.zeros(len(texts), dtype=int)
        return PartitionThemes(labels, {0: count_keywords(texts)}, vectors, {"clustered": False})
    found = clusterer.fit(texts, vectors, seed)
    return PartitionThemes(
        found.labels, found.keywords, vectors, {"clustered": True, **found.params}
    )

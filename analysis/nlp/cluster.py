"""Clustering units into themes with BERTopic, sized to the corpus.

BERTopic runs with its own c-TF-IDF topic representation, but with sub-models chosen for
survey answers on a 2-core machine: exact-kNN UMAP (or none for tiny corpora) and k-means
whose k is picked by silhouette within a range that grows with the corpus. k-means leaves no
outliers by construction; units far from every theme centre are then left out and counted.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from analysis.nlp import models
from analysis.nlp.reduce import Identity, KnnUMAP

#: Words of two or more letters (no numbers): what c-TF-IDF keywords are made of.
WORD_PATTERN = r"(?u)\b[^\W\d_][^\W\d_']+\b"
#: Below this many distinct texts UMAP's neighbourhood graph is too thin to help.
SMALL_CORPUS = 60


@dataclass
class Clustering:
    """Theme per unit (``-1`` = left out) and each theme's c-TF-IDF keywords with weights."""

    labels: np.ndarray
    keywords: dict[int, list[tuple[str, float]]]
    params: dict = field(default_factory=dict)


class Clusterer(Protocol):
    """Groups embedded texts into themes."""

    def fit(self, texts: Sequence[str], vectors: np.ndarray, seed: int) -> Clustering: ...


def k_range(n: int) -> list[int]:
    """Candidate theme counts for ``n`` distinct texts: a few for 30, up to 100 for 100k."""
    k_max = max(2, min(100, round(math.sqrt(n / 2))))
    k_min = max(2, k_max // 4)
    steps = min(6, k_max - k_min + 1)
    return sorted({round(k_min + i * (k_max - k_min) / max(steps - 1, 1)) for i in range(steps)})


class AutoKMeans:
    """k-means that tries each k in ``ks`` and keeps the best silhouette (a BERTopic
    ``hdbscan_model``: ``fit`` sets ``labels_``)."""

    def __init__(self, ks: list[int], seed: int, weights: np.ndarray | None = None) -> None:
        self.ks = ks
        self.seed = seed
        self.weights = weights
        self.scores: dict[int, float] = {}

    def fit(self, points: np.ndarray, y: object = None) -> AutoKMeans:
        """Cluster ``points`` and remember the chosen labels."""
        from sklearn.cluster import KMeans
        from sklearn.metrics import silhouette_score

        best: tuple[float, np.ndarray] | None = None
        sample = min(len(points), 4000)
        for k in (k for k in self.ks if k < len(points)):
            model = KMeans(n_clusters=k, n_init=3, random_state=self.seed)
            labels = model.fit_predict(points, sample_weight=self.weights)
            if len(set(labels)) < 2:
                continue
            score = float(silhouette_score(points, labels, sample_size=sample,
                                           random_state=self.seed))  # fmt: skip
            self.scores[k] = round(score, 4)
            if best is None or score > best[0]:
                best = (score, labels)
        self.labels_ = best[1] if best else np.zeros(len(points), dtype=int)
        return self


class BertopicClusterer:
    """BERTopic with corpus-sized sub-models.

    Args:
        max_fit: At most this many distinct texts are used to fit the model; the others join
            the theme whose centre is nearest. Keeps 100k-unit corpora within seconds.
        min_similarity: Units whose cosine similarity to their theme centre is below this are
            left out of every theme (counted as unassigned).
        n_epochs: UMAP optimisation epochs.
    """

    def __init__(self, max_fit: int = 12000, min_similarity: float = 0.05,
                 n_epochs: int = 100) -> None:  # fmt: skip
        self.max_fit = max_fit
        self.min_similarity = min_similarity
        self.n_epochs = n_epochs

    def fit(self, texts: Sequence[str], vectors: np.ndarray, seed: int) -> Clustering:
        """Cluster ``texts`` (with their ``vectors``) into themes."""
        uniq, inverse, counts = _distinct(texts)
        fit_idx = _sample(len(uniq), counts, self.max_fit, seed)
        fit_docs = [texts[uniq[i]] for i in fit_idx]
        fit_vecs = vectors[uniq[fit_idx]]
        ks = k_range(len(fit_idx))
        reducer = (
            Identity()
            if len(fit_idx) < SMALL_CORPUS
            else KnnUMAP(n_epochs=self.n_epochs, seed=seed)
        )
        kmeans = AutoKMeans(ks, seed, weights=counts[fit_idx].astype(float))
        model = _bertopic(reducer, kmeans, len(texts))
        fitted = np.asarray(model.fit_transform(fit_docs, embeddings=fit_vecs)[0])
        labels = _assign_all(vectors[uniq], fit_idx, fitted, self.min_similarity)[inverse]
        _refresh_topics(model, texts, labels)
        return Clustering(
            labels=labels,
            keywords={t: model.get_topic(t) or [] for t in sorted(set(labels)) if t >= 0},
            params={"k_candidates": ks, "silhouette": kmeans.scores, "fit_texts": len(fit_idx),
                    "reduction": type(reducer).__name__, "umap_epochs": self.n_epochs,
                    "min_similarity": self.min_similarity},
        )  # fmt: skip


def _distinct(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """First index of each distinct text, the map back, and how often each occurs."""
    keys = [t.strip().lower() for t in texts]
    _, first, inverse, counts = np.unique(keys, return_index=True, return_inverse=True,
                                          return_counts=True)  # fmt: skip
    return first, inverse, counts


def _sample(n: int, counts: np.ndarray, limit: int, seed: int) -> np.ndarray:
    if n <= limit:
        return np.arange(n)
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(n, size=limit, replace=False))


def _bertopic(reducer: object, kmeans: AutoKMeans, n_docs: int):  # noqa: ANN202 - lazy type
    with models.quiet_umap_import():
        from bertopic import BERTopic
        from bertopic.vectorizers import ClassTfidfTransformer

    return BERTopic(
        umap_model=reducer,
        hdbscan_model=kmeans,
        vectorizer_model=_vectorizer(n_docs),
        ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
        top_n_words=10,
    )


def _vectorizer(n_docs: int):  # noqa: ANN202 - lazy type
    from sklearn.feature_extraction.text import CountVectorizer

    # two-word phrases make labels readable; rare terms only add noise on large corpora
    return CountVectorizer(stop_words="english", ngram_range=(1, 2),
                           min_df=1 if n_docs < 500 else 2,
                           token_pattern=WORD_PATTERN)  # fmt: skip


def _assign_all(vectors: np.ndarray, fit_idx: np.ndarray, fitted: np.ndarray,
                floor: float) -> np.ndarray:  # fmt: skip
    """Keep the fitted themes, give every other text the theme with the nearest centre, and
    leave out texts far from their theme's centre."""
    topics = sorted(set(fitted.tolist()) - {-1})
    centres = np.vstack([vectors[fit_idx][fitted == t].mean(axis=0) for t in topics])
    centres /= np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-12)
    sims = vectors @ centres.T
    labels = np.asarray(topics)[sims.argmax(axis=1)]
    labels[fit_idx] = fitted
    own = sims[np.arange(len(labels)), np.searchsorted(topics, labels)]
    labels[own < floor] = -1
    return labels


def _refresh_topics(model: object, texts: Sequence[str], labels: np.ndarray) -> None:
    """Recompute c-TF-IDF over every unit (not only the fitted sample)."""
    log = logging.getLogger("BERTopic")
    level = log.level
    # it logs that custom assignments block later topic reduction; we never reduce afterwards
    log.setLevel(logging.ERROR)
    try:
        model.update_topics(list(texts), topics=labels.tolist(),
                            vectorizer_model=_vectorizer(len(texts)))  # fmt: skip
    finally:
        log.setLevel(level)

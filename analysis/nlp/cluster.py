"""Clustering units into themes, sized to the corpus.

The stages are BERTopic's (embeddings -> UMAP -> clustering -> c-TF-IDF keywords), with
sub-models chosen for survey answers on a 2-core machine: exact-kNN UMAP (none for tiny corpora)
and k-means whose k is picked by silhouette within a range that grows with the corpus. BERTopic
itself is not imported: its import alone (sentence-transformers, transformers) costs more than
theming 10,000 answers; :mod:`analysis.nlp.ctfidf` reproduces its keyword weighting.
k-means leaves no outliers by construction; units far from every theme centre are then left
out and counted.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from analysis.nlp import models
from analysis.nlp.ctfidf import top_keywords
from analysis.nlp.reduce import Identity, KnnUMAP

#: Below this many distinct texts UMAP's neighbourhood graph is too thin to help.
SMALL_CORPUS = 60
#: Largest corpus whose k is searched on every point; larger ones search on a sample this big.
SEARCH_SAMPLE = 4000
#: Points the silhouette is computed on (cost grows with its square).
SILHOUETTE_SAMPLE = 3000
#: Silhouettes this close to the best count as tied, and the finest tied k is kept: on samples
#: of BANKING77 and NHS FFT phase 1 *train* the sampled silhouette moved by 0.02-0.04 between
#: neighbouring k, and among tied k the finer one matched the human codes as well or better
#: (mean NMI +0.015 on BANKING77, -0.001 on NHS; 0.02 and 0.04 chose the same k there). 0.04,
#: because a small corpus's silhouette is noisier: the 311 demo answers peaked at 3 themes,
#: 0.035 above 11.
SILHOUETTE_TIE = 0.04
#: Most themes ever tried; more would not be read, and NMI stops rising well before.
MAX_THEMES = 150


@dataclass
class Clustering:
    """Theme per unit (``-1`` = left out) and each theme's c-TF-IDF keywords with weights."""

    labels: np.ndarray
    keywords: dict[int, list[tuple[str, float]]]
    params: dict = field(default_factory=dict)


class Clusterer(Protocol):
    """Groups embedded texts into themes."""

    def fit(self, texts: Sequence[str], vectors: np.ndarray, seed: int) -> Clustering: ...


#: How fast the ceiling on k grows past 1,000 texts, per tenfold, in multiples of sqrt(n/2),
#: and its largest multiple. ``benchmarks/theming_tune.py`` on *train* samples the size of the
#: test splits (5 samples x 3 seeds): growth 2 instead of 1 (ceiling 3 instead of 2) raised
#: mean NMI from 0.783 to 0.795 on BANKING77 (60 -> 79 themes for 3,080 texts) and from 0.270
#: to 0.272 on NHS FFT phase 1 (25 -> 31 themes for 2,121 answers).
K_GROWTH = 2.0
K_SCALE_MAX = 3.0


def k_range(n: int, steps: int = 10) -> list[int]:
    """Candidate theme counts for ``n`` distinct texts: a few for 30, up to 150 for 10k+.

    Up to ~1,000 texts the ceiling is ``sqrt(n/2)`` (a readable handful); from there it grows
    to ``3 sqrt(n/2)`` at 10,000 (the 150-theme cap is reached near 6,500), because large
    corpora hold many narrow themes that silhouette can tell apart (tuned on BANKING77 and NHS
    FFT *train* splits only). The hierarchy groups them for reading.
    """
    scale = min(K_SCALE_MAX, max(1.0, 1 + K_GROWTH * (math.log10(max(n, 1)) - 3)))
    k_max = max(2, min(MAX_THEMES, round(math.sqrt(n / 2) * scale)))
    k_min = max(2, k_max // 4)
    if k_max - k_min + 1 <= steps:
        return list(range(k_min, k_max + 1))
    grid = np.geomspace(k_min, k_max, steps)
    return sorted({round(float(k)) for k in grid})


class AutoKMeans:
    """k-means for each k in ``ks``; keeps the finest labels whose silhouette ties the best.

    Large corpora search k on a fixed random sample of ``search_sample`` points and then fit
    the chosen k once on every point, starting from the sample's centres: the search is what
    costs. Corpora searched on every point get three k-means++ starts per k, which steadies a
    silhouette that one start left seed-dependent (Pol.is: 7 or 13 themes by seed); sampled
    ones one start.
    Silhouette is computed on one fixed sample of at most ``SILHOUETTE_SAMPLE`` points for every
    k, so scores are comparable and the cost bounded.
    """

    def __init__(self, ks: list[int], seed: int, weights: np.ndarray | None = None,
                 search_sample: int | None = None) -> None:  # fmt: skip
        self.ks = ks
        self.seed = seed
        self.weights = weights
        self.search_sample = search_sample or SEARCH_SAMPLE
        self.scores: dict[int, float] = {}

    def fit(self, points: np.ndarray) -> np.ndarray:
        """Cluster ``points``; return the chosen labels."""
        models.import_sklearn()
        from sklearn.cluster import KMeans
        from threadpoolctl import threadpool_limits

        rng = np.random.default_rng(self.seed)
        search = np.arange(len(points))
        if len(points) > self.search_sample:
            search = np.sort(rng.choice(len(points), self.search_sample, replace=False))
        weights = None if self.weights is None else self.weights[search]
        # one thread: on a shared 2-core machine OpenMP's two threads made k-means 4x slower
        # (measured under load 4); in 5 dimensions one thread is fast anyway
        with threadpool_limits(1):
            starts = 1 if len(search) < len(points) else 3
            best = self._search(points[search], weights, starts, rng)
            if best is None:
                return np.zeros(len(points), dtype=int)
            if len(search) == len(points):
                return best.labels_
            final = KMeans(n_clusters=best.n_clusters, init=best.cluster_centers_, n_init=1,
                           random_state=self.seed)  # fmt: skip
            return final.fit_predict(points, sample_weight=self.weights)

    def _search(self, points: np.ndarray, weights: np.ndarray | None, starts: int,
                rng: np.random.Generator) -> object | None:  # fmt: skip
        """The chosen fitted k-means on ``points`` (None if no k splits them): the largest k
        whose silhouette is within ``SILHOUETTE_TIE`` of the best."""
        from sklearn.cluster import KMeans

        sample = rng.choice(len(points), min(len(points), SILHOUETTE_SAMPLE), replace=False)
        distances = euclidean_distances(points[sample])
        fitted: dict[int, tuple[float, object]] = {}
        for k in (k for k in self.ks if k < len(points)):
            model = KMeans(n_clusters=k, n_init=starts, random_state=self.seed)
            labels = model.fit_predict(points, sample_weight=weights)
            if len(set(labels[sample].tolist())) < 2:
                continue
            score = silhouette(distances, labels[sample])
            self.scores[k] = round(score, 4)
            fitted[k] = (score, model)
        if not fitted:
            return None
        best = max(score for score, _ in fitted.values())
        tied = [k for k, (score, _) in fitted.items() if score >= best - SILHOUETTE_TIE]
        return fitted[max(tied)][1]


def euclidean_distances(points: np.ndarray) -> np.ndarray:
    """All pairwise Euclidean distances between the rows of ``points``, in float64."""
    points = points.astype(np.float64)
    norms = np.einsum("ij,ij->i", points, points)
    out = points @ points.T
    out *= -2
    out += norms[:, None]
    out += norms[None, :]
    np.maximum(out, 0, out=out)  # rounding can leave tiny negatives for twin points
    np.sqrt(out, out=out)
    np.fill_diagonal(out, 0)
    return out


def silhouette(distances: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette of ``labels`` over points whose pairwise ``distances`` are given.

    The value of :func:`sklearn.metrics.silhouette_score` (to ~1e-7; singleton clusters score
    0), from a distance matrix computed once for every candidate k: scikit-learn recomputes the
    distances and sums them per cluster row by row in Python, 50 ms per k on 3,000 points
    against 8 ms here.
    """
    from scipy import sparse

    _, own, sizes = np.unique(labels, return_inverse=True, return_counts=True)
    n = len(own)
    rows = np.arange(n)
    members = sparse.csr_matrix((np.ones(n), (own, rows)), shape=(len(sizes), n))
    sums = np.asarray(members @ distances).T  # each point's summed distance to each cluster
    with np.errstate(divide="ignore", invalid="ignore"):
        inner = sums[rows, own] / (sizes[own] - 1)
        outer = sums / sizes
        outer[rows, own] = np.inf
        nearest = outer.min(axis=1)
        scores = (nearest - inner) / np.maximum(inner, nearest)
    return float(np.nan_to_num(scores).mean())


class ThemeClusterer:
    """Exact-kNN UMAP, silhouette-sized k-means and c-TF-IDF keywords.

    Args:
        max_fit: At most this many distinct texts (a seeded sample) are used to fit the
            model; the others join the theme whose centre is nearest, and the range of k still
            follows the whole corpus. The exact kNN graph costs the square of this, UMAP is
            linear in it. On BANKING77 train's first 10,000 texts, 5,000 instead of all of
            them cut clustering from ~4.5 to ~2.5 CPU seconds, at NMI 0.783 instead of 0.799
            against the intents; on 9,000 NHS FFT phase 1 train answers NMI was 0.253 instead
            of 0.249. Giving the other texts the theme of their nearest fitted neighbours
            instead of the nearest centre won back +0.006 on BANKING77 (-0.002 on NHS) for
            ~0.4 s, so it was not kept. Corpora of up to 5,000 distinct texts are unchanged.
        min_similarity: Units whose cosine similarity to their theme centre is below this are
            left out of every theme (counted as unassigned).
        n_epochs: UMAP optimisation epochs.
        numba_cache: Where UMAP's compiled code is kept between processes.
    """

    def __init__(self, max_fit: int = 5000, min_similarity: float = 0.05, n_epochs: int = 60,
                 numba_cache: Path | None = None) -> None:  # fmt: skip
        self.max_fit = max_fit
        self.min_similarity = min_similarity
        self.n_epochs = n_epochs
        self.numba_cache = numba_cache

    def fit(self, texts: Sequence[str], vectors: np.ndarray, seed: int) -> Clustering:
        """Cluster ``texts`` (with their ``vectors``) into themes."""
        uniq, inverse, counts = _distinct(texts)
        fit_idx = _sample(len(uniq), self.max_fit, seed)
        ks = k_range(len(uniq))
        small = len(fit_idx) < SMALL_CORPUS
        reducer = Identity() if small else KnnUMAP(n_epochs=self.n_epochs, seed=seed,
                                                   numba_cache=self.numba_cache)  # fmt: skip
        kmeans = AutoKMeans(ks, seed, weights=counts[fit_idx].astype(float))
        fitted = kmeans.fit(reducer.fit_transform(vectors[uniq[fit_idx]]))
        distinct = _assign_all(vectors[uniq], fit_idx, fitted, self.min_similarity)
        keywords = top_keywords([texts[i] for i in uniq], distinct, counts)
        return Clustering(
            labels=distinct[inverse],
            keywords=keywords,
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


def _sample(n: int, limit: int, seed: int) -> np.ndarray:
    if n <= limit:
        return np.arange(n)
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(n, size=limit, replace=False))


def _assign_all(vectors: np.ndarray, fit_idx: np.ndarray, fitted: np.ndarray,
                floor: float) -> np.ndarray:  # fmt: skip
    """Keep the fitted themes, give every other text the theme with the nearest centre, and
    leave out texts far from their theme's centre."""
    topics = np.unique(fitted)
    centres = np.vstack([vectors[fit_idx][fitted == t].mean(axis=0) for t in topics])
    centres /= np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-12)
    labels = np.empty(len(vectors), dtype=int)
    own = np.empty(len(vectors), dtype=np.float32)
    for start in range(0, len(vectors), 20000):  # bounded memory on 100k-unit corpora
        sims = vectors[start : start + 20000] @ centres.T
        best = sims.argmax(axis=1)
        labels[start : start + len(sims)] = topics[best]
        own[start : start + len(sims)] = sims[np.arange(len(sims)), best]
    labels[fit_idx] = fitted
    own[fit_idx] = np.einsum("ij,ij->i", vectors[fit_idx], centres[np.searchsorted(topics, fitted)])
    labels[own < floor] = -1
    return np.unique(labels, return_inverse=True)[1].reshape(-1) - (labels.min() < 0)

"""Dimensionality reduction for clustering: exact k-nearest neighbours handed to UMAP.

UMAP's own approximate neighbour search is the slowest part of a cold run on a 2-core machine
(mostly numba compiling it). An exact cosine kNN, computed in bounded-memory chunks, removes
that cost and makes the graph independent of thread scheduling. What numba still compiles
(UMAP's graph and layout functions) is cached on disk under the engine's cache directory, so
only the very first run on a machine pays for it.
"""

from __future__ import annotations

import os
import sys
import warnings
from functools import cache
from pathlib import Path

import numpy as np

from analysis.nlp import models

#: Rows of the similarity matrix computed at once: 512 x 12,000 float32 is ~25 MB.
KNN_CHUNK = 512


def exact_knn(vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact cosine neighbours of every row of L2-normalised ``vectors`` (itself first).

    One float32 matrix product per chunk of rows; memory stays at ``KNN_CHUNK x n`` floats.

    Returns:
        ``(indices, distances)``, both ``(n, k)``, nearest first.
    """
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    n = len(vectors)
    idx = np.empty((n, k), np.int32)
    dist = np.empty((n, k), np.float32)
    for start in range(0, n, KNN_CHUNK):
        sims = vectors[start : start + KNN_CHUNK] @ vectors.T
        rows = np.arange(len(sims))
        sims[rows, rows + start] = np.inf  # a text is its own nearest neighbour, even if a twin
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        top_sims = np.take_along_axis(sims, top, axis=1)
        order = np.lexsort((top, -top_sims), axis=1)  # ties broken by index: deterministic
        idx[start : start + len(sims)] = np.take_along_axis(top, order, axis=1)
        best = np.take_along_axis(top_sims, order, axis=1)
        best[:, 0] = 1.0
        dist[start : start + len(sims)] = np.clip(1.0 - best, 0.0, 2.0)
    return idx, dist


@cache
def umap_class(numba_cache: Path) -> type:
    """Import UMAP with numba's on-disk cache on for its compiled functions.

    UMAP marks few of its numba functions ``cache=True``; the rest are compiled again in every
    new process (UMAP on 3,000 texts: 32 s in a process that compiled, 3.6 s in one that loaded
    the cache). Turning caching on for all of them before their first call makes later
    processes load the machine code from ``numba_cache``.
    """
    os.environ.setdefault("NUMBA_CACHE_DIR", str(numba_cache))
    import numba

    if not numba.config.CACHE_DIR:  # numba read the environment before we could set it
        numba.config.CACHE_DIR = str(numba_cache)
    with models.quiet_umap_import():
        from umap import UMAP
    from numba.core.caching import NullCache
    from numba.core.registry import CPUDispatcher

    umap_modules = [m for name, m in list(sys.modules.items()) if name.startswith("umap.")]
    for obj in (obj for m in umap_modules for obj in list(vars(m).values())):
        if isinstance(obj, CPUDispatcher) and isinstance(obj._cache, NullCache):
            obj.enable_caching()
    return UMAP


class KnnUMAP:
    """UMAP on a precomputed exact kNN graph.

    Args:
        n_neighbors: Neighbourhood size of the graph.
        n_components: Output dimensions handed to the clusterer.
        n_epochs: Optimisation epochs; 100 gives the same NMI as UMAP's default 200 on short
            answers at half the time (measured on BANKING77 train).
        seed: Random state; fixing it makes UMAP single-threaded and reproducible.
        numba_cache: Where compiled UMAP code is kept between processes (default: ``numba``
            in the default cache dir; it is machine code, shared by every corpus).
    """

    def __init__(self, n_neighbors: int = 15, n_components: int = 5, n_epochs: int = 100,
                 seed: int = 0, numba_cache: Path | None = None) -> None:  # fmt: skip
        self.n_neighbors = n_neighbors
        self.n_components = n_components
        self.n_epochs = n_epochs
        self.seed = seed
        self.numba_cache = numba_cache or models.default_cache_dir() / "numba"

    def fit_transform(self, vectors: np.ndarray, y: object = None) -> np.ndarray:
        """Reduce ``vectors`` to ``n_components`` dimensions."""
        UMAP = umap_class(Path(self.numba_cache))  # noqa: N806 - a class
        k = min(self.n_neighbors, len(vectors) - 1)
        knn = exact_knn(vectors, k)
        model = UMAP(n_neighbors=k, n_components=self.n_components, n_epochs=self.n_epochs,
                     min_dist=0.0, metric="cosine", random_state=self.seed,
                     precomputed_knn=knn)  # fmt: skip
        with warnings.catch_warnings():
            # Both are expected here: we fix the seed on purpose (single thread) and never
            # call transform() on new data, so the missing search index does not matter.
            warnings.filterwarnings("ignore", message="n_jobs value", category=UserWarning)
            warnings.filterwarnings("ignore", message=r"precomputed_knn\[2\]", category=UserWarning)
            return model.fit_transform(vectors)


class Identity:
    """Keeps the embeddings (for corpora too small for UMAP)."""

    def fit_transform(self, vectors: np.ndarray, y: object = None) -> np.ndarray:
        """Return ``vectors`` unchanged."""
        return vectors

"""Dimensionality reduction for clustering: exact k-nearest neighbours handed to UMAP.

UMAP's own approximate neighbour search is the slowest part of a cold run on a 2-core machine
(mostly numba compiling it). An exact cosine kNN (scikit-learn's chunked brute force) removes
that cost and makes the graph independent of thread scheduling. What numba still compiles
(UMAP's graph and layout functions) is cached on disk under the engine's cache directory, so
only the very first run on a machine pays for it.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from analysis.nlp import models


def exact_knn(vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact cosine neighbours of every row of L2-normalised ``vectors`` (itself first).

    scikit-learn's brute-force search (chunked, bounded memory, a compiled top-k) ranks by
    Euclidean distance, which orders unit vectors as cosine does; it needed ~40% less CPU than
    a NumPy ``argpartition`` over each chunk of the similarity matrix. A text is put first
    among its neighbours even when a twin has the same vector.

    Returns:
        ``(indices, distances)``, both ``(n, k)``, nearest first; distances are cosine.
    """
    from sklearn.neighbors import NearestNeighbors

    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    search = NearestNeighbors(n_neighbors=k, algorithm="brute").fit(vectors)
    euclid, idx = search.kneighbors(vectors)
    return _self_first(idx, np.clip(euclid**2 / 2, 0.0, 2.0).astype(np.float32))


def _self_first(idx: np.ndarray, dist: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's own index first (distance 0), then its other neighbours in order."""
    n, k = idx.shape
    own = np.arange(n)[:, None]
    others = idx != own
    # stable sort moves the row's own index (if found) behind the others; keep k - 1 of them
    order = np.argsort(~others, axis=1, kind="stable")[:, : k - 1]
    out_idx = np.hstack([own, np.take_along_axis(idx, order, axis=1)]).astype(np.int32)
    out_dist = np.hstack([np.zeros((n, 1), np.float32), np.take_along_axis(dist, order, axis=1)])
    return out_idx, out_dist


def centre(vectors: np.ndarray) -> np.ndarray:
    """Subtract the corpus's mean vector and re-normalise.

    Static (model2vec) vectors of one corpus share a large common direction, which compresses
    their cosine similarities; removing it spreads the neighbourhoods out (BANKING77 train
    samples: NMI +0.02; NHS FFT phase 1 train samples: +0.005).
    """
    out = vectors - vectors.mean(axis=0, keepdims=True)
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


@cache
def umap_class(numba_cache: Path) -> type:
    """Import UMAP with numba's on-disk cache on for all its compiled functions.

    UMAP marks few of its numba functions ``cache=True``; the rest are compiled again in every
    new process (UMAP on 3,000 texts: 32 s in a process that compiled, 3.6 s in one that loaded
    the cache), and those declared with a signature are compiled as the module is imported
    (``umap.utils``: ~0.1 s of every import). Making ``cache=True`` the default of numba's
    decorators while UMAP is imported lets later processes load that machine code from
    ``numba_cache`` instead; if UMAP was imported already, caching is turned on for the
    functions it has not compiled yet.
    """
    os.environ.setdefault("NUMBA_CACHE_DIR", str(numba_cache))
    import numba

    if not numba.config.CACHE_DIR:  # numba read the environment before we could set it
        numba.config.CACHE_DIR = str(numba_cache)
    models.import_sklearn()
    with models.quiet_umap_import(), _numba_caching(numba):
        from umap import UMAP
    # UMAP may have been imported before (BERTopic imports it): its functions not compiled yet
    # can still be cached
    from numba.core.caching import NullCache
    from numba.core.registry import CPUDispatcher

    umap_modules = [m for name, m in list(sys.modules.items()) if name.startswith("umap.")]
    for obj in (obj for m in umap_modules for obj in list(vars(m).values())):
        if isinstance(obj, CPUDispatcher) and isinstance(obj._cache, NullCache):
            obj.enable_caching()
    return UMAP


@contextmanager
def _numba_caching(numba: Any) -> Iterator[None]:
    """``cache=True`` by default for functions that ``numba.njit``/``numba.jit`` decorate
    inside the block (UMAP's modules look the decorators up on ``numba`` as they load)."""
    originals = {name: getattr(numba, name) for name in ("njit", "jit")}

    def caching(decorator: Callable[..., Any]) -> Callable[..., Any]:
        def decorate(*args: Any, **options: Any) -> Any:
            options.setdefault("cache", True)
            return decorator(*args, **options)

        return decorate

    for name, decorator in originals.items():
        setattr(numba, name, caching(decorator))
    try:
        yield
    finally:
        for name, decorator in originals.items():
            setattr(numba, name, decorator)


class KnnUMAP:
    """UMAP on a precomputed exact kNN graph.

    The layout starts from the data's first principal components instead of UMAP's default
    spectral embedding, whose sparse eigensolver was a third of UMAP's time on 10,000 texts;
    NMI on BANKING77 and NHS FFT phase 1 train samples was the same (3,000 texts, three seeds:
    0.790 vs 0.790 and 0.265 vs 0.266; 10,000 texts: 0.803 vs 0.798).

    Args:
        n_neighbors: Neighbourhood size of the graph.
        n_components: Output dimensions handed to the clusterer.
        n_epochs: Optimisation epochs; 100 gave the same NMI as UMAP's default 200 on short
            answers at half the time (BANKING77 train), and with the trained static model 60
            the same as 100 (BANKING77 train 10k and NHS FFT phase 1 train, two seeds each).
        seed: Random state; fixing it makes UMAP single-threaded and reproducible.
        numba_cache: Where compiled UMAP code is kept between processes (default: ``numba``
            in the default cache dir; it is machine code, shared by every corpus).
    """

    def __init__(self, n_neighbors: int = 15, n_components: int = 5, n_epochs: int = 60,
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
        vectors = centre(vectors)
        knn = exact_knn(vectors, k)
        model = UMAP(n_neighbors=k, n_components=self.n_components, n_epochs=self.n_epochs,
                     min_dist=0.0, metric="cosine", random_state=self.seed, init="pca",
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

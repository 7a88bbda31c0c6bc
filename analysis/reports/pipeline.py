"""The theming engine, loaded once per process and shared by every run in it."""

from __future__ import annotations

import threading
import warnings
from pathlib import Path

from flask import current_app

from analysis.nlp import ThemeEngine

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
            _quiet_imports()
            engine = ThemeEngine(cache_dir=Path(cache_dir), suppression_k=k)
            _ENGINES[(cache_dir, k)] = engine
        return engine


def _quiet_imports() -> None:
    """Import umap once with its "Tensorflow not installed" ImportWarning silenced.

    We never use ParametricUMAP, so the warning is noise in worker logs (and an error under
    ``-W error``, which the test suite uses).
    """
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="Tensorflow not installed", category=ImportWarning
        )
        import umap  # noqa: F401


def redact(texts: list[str]) -> list[str]:
    """The engine's redactor: names, e-mails, phones and addresses masked."""
    return theme_engine().redactor.redact(texts)

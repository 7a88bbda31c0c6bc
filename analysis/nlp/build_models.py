"""Build what Engage's text pipeline makes on the machine it runs on; ``make install`` runs it.

The trained static model (minutes, once per machine) and numba's compiled UMAP code (a tiny
theming run fills its on-disk cache), so that the first analysis a user starts is not the one
that pays for them. Safe to run again: everything already built is reused.

Usage: ``python -m analysis.nlp.build_models``
"""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path

from analysis.nlp import models


def main() -> None:
    """Build the static model, then theme a few corpus texts to compile UMAP."""
    logging.basicConfig(level=logging.INFO, format="build-models: %(message)s")
    started = time.perf_counter()
    models.static_model(models.default_model_dir())
    from analysis.nlp import EvidenceUnit, ThemeEngine
    from analysis.nlp.static_training import corpus_texts

    texts = corpus_texts()[::50]
    with tempfile.TemporaryDirectory() as tmp:
        engine = ThemeEngine(cache_dir=Path(tmp), multilingual=None)
        engine.run([EvidenceUnit(str(i), t) for i, t in enumerate(texts)])
    logging.info("%s ready in %.0f s", models.static_model_name(), time.perf_counter() - started)


if __name__ == "__main__":
    main()

"""NMI of engine variants on *train* samples: where Engage's clustering parameters are tuned.

``theming.py`` reports quality on the test splits, which nothing here reads. This script themes
random samples of BANKING77 ``train.csv`` (3,080 texts, the size of its test split) and of NHS
FFT phase 1 ``split == train`` (2,121 answers, likewise) with the shipped engine and with named
variants of it, for several samples and seeds, and prints each variant's mean NMI and theme
count beside the shipped one's. Every variant sees the same samples and seeds.

    .venv/bin/python benchmarks/theming_tune.py [--samples 5] [--seeds 3] [--variants NAME...]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import theming  # noqa: E402 - the benchmark's loaders and scoring

SETS = {"banking77-train": 3080, "nhs-train": 2121}


@contextmanager
def changed(**values: object) -> Iterator[None]:
    """``analysis.nlp.cluster``'s names set to ``values`` inside the block."""
    from analysis.nlp import cluster

    old = {name: getattr(cluster, name) for name in values}
    for name, value in values.items():
        setattr(cluster, name, value)
    try:
        yield
    finally:
        for name, value in old.items():
            setattr(cluster, name, value)


def k_scaled(factor: float) -> AbstractContextManager[None]:
    """Every candidate k multiplied by ``factor`` (capped at MAX_THEMES)."""
    from analysis.nlp import cluster

    original = cluster.k_range

    def k_range(n: int, steps: int = 10) -> list[int]:
        ks = original(n, steps)
        ceiling = min(cluster.MAX_THEMES, round(ks[-1] * factor))
        return sorted({round(k * ceiling / ks[-1]) for k in ks})

    return changed(k_range=k_range)


def umap(**options: object) -> AbstractContextManager[None]:
    """KnnUMAP with ``options`` instead of its defaults."""
    from analysis.nlp import reduce

    class Variant(reduce.KnnUMAP):
        def __init__(self, **kwargs: object) -> None:
            super().__init__(**(kwargs | options))

    return changed(KnnUMAP=Variant)


#: name -> a context manager under which the engine runs as that variant
VARIANTS: dict[str, Callable[[], AbstractContextManager[None]]] = {
    "shipped": nullcontext,
    "k x1.25": lambda: k_scaled(1.25),
    "k x1.5": lambda: k_scaled(1.5),
    "k growth 1": lambda: changed(K_GROWTH=1.0, K_SCALE_MAX=2.0),  # before session 5
    "k growth 3": lambda: changed(K_GROWTH=3.0, K_SCALE_MAX=3.0),
    "tie 0.06": lambda: changed(SILHOUETTE_TIE=0.06),
    "tie 0.02": lambda: changed(SILHOUETTE_TIE=0.02),
    "umap 10 dims": lambda: umap(n_components=10),
    "umap 20 neighbours": lambda: umap(n_neighbors=20),
    "umap 30 neighbours": lambda: umap(n_neighbors=30),
    "umap 120 epochs": lambda: umap(n_epochs=120),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=list(VARIANTS))
    args = parser.parse_args()
    theming.import_engine("Engage (static)")
    from analysis.nlp import EvidenceUnit, ThemeEngine
    from analysis.nlp.embed import StaticEmbedder

    scores: dict[tuple[str, str], list[float]] = {}
    themes: dict[tuple[str, str], list[int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        engine = ThemeEngine(embedder=StaticEmbedder(), cache_dir=Path(tmp), multilingual=None)
        for data, size in SETS.items():
            texts, gold = theming.load(data)
            for sample in range(args.samples):
                pick = sorted(random.Random(sample).sample(range(len(texts)), size))
                units = [EvidenceUnit(str(i), texts[i]) for i in pick]
                for variant in args.variants:
                    for seed in range(args.seeds):
                        with VARIANTS[variant]():
                            result = engine.run(units, seed)
                        first = [r.themes[0] if r.themes else -1 for r in result.rows]
                        found = theming.quality([gold[i] for i in pick], first, None)
                        scores.setdefault((data, variant), []).append(found["nmi"])
                        themes.setdefault((data, variant), []).append(found["themes"])
    runs = args.samples * args.seeds
    print(f"mean NMI over {args.samples} samples x {args.seeds} seeds ({runs} runs) per cell")
    for data in SETS:
        base = statistics.mean(scores[(data, args.variants[0])])
        for variant in args.variants:
            nmi = scores[(data, variant)]
            print(f"  {data:<16} {variant:<20} NMI {statistics.mean(nmi):.4f} "
                  f"({min(nmi):.3f}-{max(nmi):.3f}, {statistics.mean(nmi) - base:+.4f})  "
                  f"themes {statistics.mean(themes[(data, variant)]):.0f}")  # fmt: skip


if __name__ == "__main__":
    main()

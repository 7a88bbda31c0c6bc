"""Engage's theming engine against BERTopic's default, side by side in one process.

Quality on labelled test splits (never tuned on): BANKING77 ``test.csv`` (``category``) and
NHS FFT phase 1 ``split == test`` (``label``). Speed on 10,000 short answers (BANKING77
``train.csv`` texts; labels unused). Re-theming 100,000 units from the embedding cache.

Run from the repository root: ``python benchmarks/theming.py`` (``--quick`` for a smoke run).
Needs ``../shared/data/benchmarks`` beside the repository.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))


@dataclass
class Row:
    """One printed line of the table."""

    engine: str
    data: str
    n: int
    cold: float
    warm: float
    peak_mb: float
    nmi: float | None
    ari: float | None
    themes: int
    unassigned: float


class PeakRSS:
    """Samples the process's resident memory every 50 ms while a block runs."""

    def __enter__(self) -> PeakRSS:
        self.peak, self._stop = _rss_mb(), threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def _watch(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, _rss_mb())

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss_mb())


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        line = next(x for x in status if x.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def load(name: str, limit: int | None) -> tuple[list[str], list[str]]:
    """Texts and gold labels of one labelled set."""
    if name == "banking77-test":
        path, text, label, keep = DATA / "benchmarks/banking77/test.csv", "text", "category", None
    elif name == "banking77-train-10k":
        path, text, label, keep = DATA / "benchmarks/banking77/train.csv", "text", "category", None
    else:
        path, text, label, keep = (
            DATA / "benchmarks/nhs_fft_phase1/responses.csv",
            "text",
            "label",
            "test",
        )
    with path.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if keep is None or r["split"] == keep]
    rows = [r for r in rows if r[text].strip()][: limit or (10_000 if "10k" in name else None)]
    return [r[text] for r in rows], [r[label] for r in rows]


def bertopic_default(texts: list[str]) -> list[int]:
    """``BERTopic()`` with only the embedding model given (the packaged all-MiniLM-L6-v2)."""
    from bertopic import BERTopic

    from analysis.nlp import models

    return list(BERTopic(embedding_model=models.minilm()).fit_transform(texts)[0])


def engage(embedder_name: str, cache_dir: Path) -> Callable[[list[str]], list[int]]:
    """Engage's engine; a row's first theme is its cluster (-1 when unassigned)."""
    from analysis.nlp import EvidenceUnit, ThemeEngine
    from analysis.nlp.embed import MiniLMEmbedder, StaticEmbedder

    # the distilled static model lives in the default cache (built once, before timing);
    # ``cache_dir`` holds only this run's embedding cache, empty at the start
    embedder = MiniLMEmbedder() if embedder_name == "minilm" else StaticEmbedder()
    engine = ThemeEngine(embedder=embedder, cache_dir=cache_dir, multilingual=None)

    def run(texts: list[str]) -> list[int]:
        units = [EvidenceUnit(str(i), t) for i, t in enumerate(texts)]
        return [r.themes[0] if r.themes else -1 for r in engine.run(units, seed=0).rows]

    return run


def measure(name: str, fit: Callable[[list[str]], list[int]], data: str, texts: list[str],
            gold: list[str] | None) -> Row:  # fmt: skip
    """Cold (first) and warm (second) fit; quality from the warm one."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    with PeakRSS() as mem:
        start = time.perf_counter()
        fit(texts)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        labels = fit(texts)
        warm = time.perf_counter() - start
    nmi = normalized_mutual_info_score(gold, labels) if gold else None
    ari = adjusted_rand_score(gold, labels) if gold else None
    themes = len(set(labels) - {-1})
    unassigned = sum(x == -1 for x in labels) / len(labels)
    return Row(name, data, len(texts), cold, warm, mem.peak, nmi, ari, themes, unassigned)


def grown_corpus(n: int, seed: int = 0) -> list[str]:
    """``n`` distinct units made from real texts: each pass over the pool drops one random word
    from every text and appends a pass marker, so units are new strings (new cache keys) but
    still real answers."""
    pool: list[str] = []
    for name in ("banking77-train-10k", "banking77-test", "nhs-test"):
        pool += load(name, None)[0]
    rng, out, k = random.Random(seed), [], 0
    while len(out) < n:
        for text in pool:
            words = text.split()
            if k and len(words) > 3:
                words.pop(rng.randrange(len(words)))
            out.append(" ".join(words) + (f" ({k})" if k else ""))
        k += 1
    return out[:n]


def retheme_100k(n: int, cache_dir: Path) -> tuple[float, float, float]:
    """Seconds to theme ``n`` units with an empty cache, then again from the cache."""
    from analysis.nlp import EvidenceUnit, ThemeEngine
    from analysis.nlp.embed import StaticEmbedder

    units = [EvidenceUnit(str(i), t) for i, t in enumerate(grown_corpus(n))]
    engine = ThemeEngine(embedder=StaticEmbedder(), cache_dir=cache_dir, multilingual=None)
    with PeakRSS() as mem:
        start = time.perf_counter()
        engine.run(units, seed=0)
        first = time.perf_counter() - start
        start = time.perf_counter()
        engine.run(units, seed=0)
    return first, time.perf_counter() - start, mem.peak


def _fmt(x: float | None, spec: str = ".3f") -> str:
    return "-" if x is None else format(x, spec)


def print_table(rows: list[Row]) -> None:
    """Print the results and the Engage/BERTopic ratios per data set."""
    print("| engine | data | n | cold s | warm s | peak RSS MB | NMI | ARI | themes | unassigned |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r.engine} | {r.data} | {r.n} | {r.cold:.1f} | {r.warm:.1f} | {r.peak_mb:.0f} "
              f"| {_fmt(r.nmi)} | {_fmt(r.ari)} | {r.themes} | {r.unassigned:.1%} |")  # fmt: skip
    for data in dict.fromkeys(r.data for r in rows):
        base = next((r for r in rows if r.data == data and r.engine == "BERTopic()"), None)
        for r in (r for r in rows if r.data == data and r.engine != "BERTopic()" and base):
            nmi = f", NMI {r.nmi - base.nmi:+.3f}" if r.nmi is not None else ""
            print(f"{data}: {r.engine} is {base.cold / r.cold:.1f}x faster cold, "
                  f"{base.warm / r.warm:.1f}x warm{nmi} vs BERTopic()")  # fmt: skip


def main() -> None:
    """Parse arguments, run every comparison, print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="small smoke run (300 texts, 5k re-theme)"
    )
    args = parser.parse_args()
    limit = 300 if args.quick else None
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        start = time.perf_counter()
        import bertopic  # noqa: F401 - shared imports timed once, outside both engines
        import umap  # noqa: F401

        print(f"imports (torch, BERTopic, UMAP): {time.perf_counter() - start:.1f} s", flush=True)
        from analysis.nlp import models

        models.static_minilm(models.default_cache_dir())  # distilled once, outside the timings
        print("cold = first fit in this process, embedding included (Engage: empty embedding "
              "cache); warm = second fit (BERTopic re-embeds; Engage reads its cache)")  # fmt: skip
        engines = {
            "Engage (static)": engage("static", cache),
            "Engage (MiniLM)": engage("minilm", cache),
            "BERTopic()": bertopic_default,
        }
        rows = []
        sets = ["banking77-test", "nhs-test"] + ([] if args.quick else ["banking77-train-10k"])
        for data in sets:
            texts, gold = load(data, limit)
            names = ["Engage (static)", "BERTopic()"] if "10k" in data else list(engines)
            for name in names:
                rows.append(
                    measure(name, engines[name], data, texts, None if "10k" in data else gold)
                )
                print(rows[-1], file=sys.stderr, flush=True)
        print_table(rows)
        n = 5_000 if args.quick else 100_000
        first, again, peak = retheme_100k(n, cache / "grown")
        print(f"\nEngage (static), {n} units: {first:.1f} s with an empty embedding cache, "
              f"{again:.1f} s re-theming from the cache (peak RSS {peak:.0f} MB)")  # fmt: skip


if __name__ == "__main__":
    main()

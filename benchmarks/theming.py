"""Engage's theming engine against BERTopic's default, side by side on the same texts.

Quality on labelled test splits (never tuned on): BANKING77 ``test.csv`` (``category``) and
NHS FFT phase 1 ``split == test`` (``label``). Speed on 10,000 short answers (BANKING77
``train.csv`` texts; its labels were used to tune Engage's k range, so its NMI is printed apart
and is not a claim). Re-theming 100,000 units from the embedding cache. Stance against NHS FFT
phase 2 test rows (labeller sentiment).

Every (engine, data set) pair runs in a fresh child process, so "cold" is really cold for both
engines (imports, model loading, JIT) and peak memory is that engine's own; the parent runs
them one after another on the same machine and prints one table.

Run from the repository root: ``python benchmarks/theming.py`` (``--quick`` for a smoke run).
Needs ``../shared/data/benchmarks`` beside the repository.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "benchmarks"
sys.path.insert(0, str(ROOT))

#: NHS FFT labeller sentiment (1 very positive .. 5 very negative, SOURCE.txt) as stance.
SENTIMENT = {"1": "support", "2": "support", "3": "neutral", "4": "concern", "5": "concern"}
ENGINES = ("Engage (static)", "Engage (MiniLM)", "BERTopic()")


def load(name: str, limit: int | None = None) -> tuple[list[str], list[str]]:
    """Texts and gold labels of one labelled set (empty texts dropped): ``banking77-test``,
    ``banking77-train``, ``banking77-train-10k``, ``nhs-test`` or ``nhs-train``."""
    split = "test" if name.endswith("test") else "train"
    if name.startswith("banking77"):
        path, label, keep = DATA / f"banking77/{split}.csv", "category", None
    else:  # NHS FFT phase 1: one file, a split column
        path, label, keep = DATA / "nhs_fft_phase1/responses.csv", "label", split
    with path.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if keep is None or r["split"] == keep]
    rows = [r for r in rows if r["text"].strip()][: limit or (10_000 if "10k" in name else None)]
    return [r["text"] for r in rows], [r[label] for r in rows]


def grown_corpus(n: int, seed: int = 0) -> list[str]:
    """``n`` distinct units made from real texts: each pass over the pool drops one random word
    from every text and appends a pass marker, so units are new strings (new cache keys) but
    still real answers."""
    pool: list[str] = []
    for name in ("banking77-train-10k", "banking77-test", "nhs-test"):
        pool += load(name)[0]
    rng, out, k = random.Random(seed), [], 0
    while len(out) < n:
        for text in pool:
            words = text.split()
            if k and len(words) > 3:
                words.pop(rng.randrange(len(words)))
            out.append(" ".join(words) + (f" ({k})" if k else ""))
        k += 1
    return out[:n]


def import_engine(engine: str) -> None:
    """Import what ``engine`` needs before its first fit (timed as its imports)."""
    from analysis.nlp import models

    if engine == "BERTopic()":
        with models.quiet_umap_import():
            import bertopic  # noqa: F401 - imports torch, sentence-transformers, UMAP, HDBSCAN
        return
    import vaderSentiment.vaderSentiment  # noqa: F401

    models.import_spacy()

    from analysis.nlp.reduce import umap_class

    umap_class(models.default_cache_dir() / "numba")
    if engine == "Engage (MiniLM)":
        import sentence_transformers  # noqa: F401


def fitter(engine: str, cache_dir: Path, seed: int = 0):  # noqa: ANN201 - a callable
    """A function ``texts -> (first theme per row, parent per row or None)``; ``seed`` seeds
    Engage (BERTopic's default is unseeded: each run differs on its own)."""
    from analysis.nlp import EvidenceUnit, ThemeEngine, models

    if engine == "BERTopic()":
        from bertopic import BERTopic

        return lambda texts: (
            list(BERTopic(embedding_model=models.minilm()).fit_transform(texts)[0]),
            None,
        )
    from analysis.nlp.embed import MiniLMEmbedder, StaticEmbedder

    embedder = MiniLMEmbedder() if "MiniLM" in engine else StaticEmbedder()
    theme_engine = ThemeEngine(embedder=embedder, cache_dir=cache_dir, multilingual=None)

    def fit(texts: list[str]) -> tuple[list[int], list[int] | None]:
        result = theme_engine.run([EvidenceUnit(str(i), t) for i, t in enumerate(texts)], seed)
        first = [r.themes[0] if r.themes else -1 for r in result.rows]
        tree = result.manifest.get("hierarchy")
        parents = [tree["theme_parent"][t] if t >= 0 else -1 for t in first] if tree else first
        return first, parents

    return fit


def child(engine: str, data: str, limit: int | None, seed: int = 0) -> dict:
    """Measure one engine on one data set in this (fresh) process."""
    texts, gold = load(data, limit)
    start = time.perf_counter()
    import_engine(engine)
    imports = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:  # an empty embedding cache
        fit = fitter(engine, Path(tmp), seed)
        start = time.perf_counter()
        fit(texts)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        labels, parents = fit(texts)
        warm = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"engine": engine, "data": data, "n": len(texts), "run": seed, "imports": imports,
            "cold": cold, "warm": warm, "peak_mb": peak,
            **quality(gold, labels, parents)}  # fmt: skip


def quality(gold: list[str], labels: list[int], parents: list[int] | None) -> dict:
    """NMI/ARI of the rows' first themes (unassigned = one cluster ``-1``) and of parents."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    out = {"nmi": normalized_mutual_info_score(gold, labels),
           "ari": adjusted_rand_score(gold, labels), "themes": len(set(labels) - {-1}),
           "unassigned": sum(x == -1 for x in labels) / len(labels)}  # fmt: skip
    if parents is not None:
        out["parent_nmi"] = normalized_mutual_info_score(gold, parents)
        out["parents"] = len(set(parents) - {-1})
    return out


def retheme(n: int) -> dict:
    """Theme ``n`` grown units with an empty embedding cache, then again from the cache."""
    from analysis.nlp import EvidenceUnit, ThemeEngine
    from analysis.nlp.embed import StaticEmbedder

    units = [EvidenceUnit(str(i), t) for i, t in enumerate(grown_corpus(n))]
    out: dict = {"n": n}
    with tempfile.TemporaryDirectory() as tmp:
        engine = ThemeEngine(embedder=StaticEmbedder(), cache_dir=Path(tmp), multilingual=None)
        for key in ("empty", "cached"):
            start = time.perf_counter()
            result = engine.run(units, seed=0)
            out[key] = time.perf_counter() - start
            out[f"{key}_stages"] = result.manifest["stage_seconds"]
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def spawn(*args: str) -> dict:
    """Run this script as a child with ``args``; return the JSON it prints last."""
    env = {**os.environ, "TOKENIZERS_PARALLELISM": "false"}
    command = [sys.executable, __file__, *args]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)  # noqa: S603 - this script
    if done.returncode:
        raise RuntimeError(f"child {args} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _fmt(x: float | None, spec: str = ".3f") -> str:
    return "-" if x is None else format(x, spec)


def print_table(rows: list[dict]) -> None:
    """The side-by-side table, then each engine against BERTopic() per data set (means over
    the runs of each)."""
    print("| engine | data | run | n | imports s | cold fit s | warm fit s | cold total s "
          "| peak RSS MB | NMI | ARI | themes | unassigned | parents | parent NMI |")  # fmt: skip
    print("|---" * 15 + "|")
    for r in rows:
        scored = "10k" not in r["data"]  # the 10k train texts tuned k: no claims from them
        print(f"| {r['engine']} | {r['data']} | {r['run']} | {r['n']} | {r['imports']:.1f} "
              f"| {r['cold']:.1f} | {r['warm']:.1f} | {r['imports'] + r['cold']:.1f} "
              f"| {r['peak_mb']:.0f} | {_fmt(r['nmi'] if scored else None)} "
              f"| {_fmt(r['ari'] if scored else None)} | {r['themes']} | {r['unassigned']:.1%} "
              f"| {r.get('parents', '-')} "
              f"| {_fmt(r.get('parent_nmi') if scored else None)} |")  # fmt: skip
    for data in dict.fromkeys(r["data"] for r in rows):
        runs = {e: [r for r in rows if r["data"] == data and r["engine"] == e] for e in ENGINES}
        base = runs.pop("BERTopic()")
        for engine, mine in ((e, m) for e, m in runs.items() if m and base):
            total = _mean(base, "imports", "cold") / _mean(mine, "imports", "cold")
            print(f"{data}: {engine} vs BERTopic() ({len(mine)} and {len(base)} runs): "
                  f"{total:.1f}x faster end to end (cold, imports included), "
                  f"{_mean(base, 'cold') / _mean(mine, 'cold'):.1f}x cold fit, "
                  f"{_mean(base, 'warm') / _mean(mine, 'warm'):.1f}x warm fit; NMI "
                  f"{_spread(mine)} vs {_spread(base)} "
                  f"({'train split, tuned on' if '10k' in data else 'test split'})")  # fmt: skip


def _mean(rows: list[dict], *keys: str) -> float:
    """Mean over ``rows`` of the sum of ``keys``."""
    return statistics.fmean(sum(r[k] for k in keys) for r in rows)


def _spread(rows: list[dict]) -> str:
    """Mean NMI of ``rows`` and, over several runs, its range."""
    values = [r["nmi"] for r in rows]
    span = f" ({min(values):.3f}-{max(values):.3f})" if len(values) > 1 else ""
    return f"{statistics.fmean(values):.3f}{span}"


def stance_report() -> None:
    """Accuracy and confusion matrix of the stance models on NHS FFT phase 2 test rows."""
    from analysis.nlp.stance import LexiconStance
    from analysis.nlp.stance_vader import LexiconVaderStance, VaderStance
    from analysis.nlp.types import STANCES

    with (DATA / "nhs_fft_phase2/responses.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["split"] == "test" and r["sentiment"]]
    gold = [SENTIMENT[r["sentiment"]] for r in rows]
    texts = [r["text"] for r in rows]
    print(f"\nStance on NHS FFT phase 2 test rows (n={len(rows)}; labeller sentiment 1-2 "
          "support, 3 neutral, 4-5 concern; tuned on train rows only):")  # fmt: skip
    for model in (LexiconVaderStance(), LexiconStance(), VaderStance()):
        pred = [s.stance for s in model.predict(texts)]
        pairs = list(zip(gold, pred, strict=True))
        recall = [sum(p == (s, s) for p in pairs) / gold.count(s) for s in STANCES]
        accuracy = sum(g == p for g, p in pairs) / len(pairs)
        print(f"  {model.name}: accuracy {accuracy:.3f}, macro recall {sum(recall) / 3:.3f}")
        if isinstance(model, LexiconVaderStance):  # the engine's default
            print("    gold -> predicted: " + ", ".join(
                f"{g} -> " + " / ".join(f"{p} {pairs.count((g, p))}" for p in STANCES)
                for g in STANCES))  # fmt: skip


def run_all(quick: bool, runs: int, sets: list[str]) -> None:
    """Every engine on every data set, each run in a fresh child process; then the 100k
    re-theme. The shipped engine and BERTopic() run ``runs`` times on each set (BERTopic's
    default is unseeded, so its NMI moves between runs; Engage gets seeds 0, 1, ...); the
    MiniLM variant once. ``sets`` limits the data sets (default: all)."""
    limit = "300" if quick else "0"
    spawn("--warmup")  # builds the static model if missing and fills numba's cache, untimed
    print(
        "cold = first fit in a fresh process after its imports (Engage: empty embedding "
        "cache, numba cache filled by an earlier process); warm = second fit in it (BERTopic "
        "re-embeds; Engage reads its cache); embedding included everywhere",
        flush=True,
    )
    rows = []
    for data in sets or ["banking77-test", "nhs-test"] + ([] if quick else ["banking77-train-10k"]):
        engines = ENGINES if "10k" not in data else ("Engage (static)", "BERTopic()")
        # engines take turns, run by run, so that a slower spell of a shared machine falls on
        # both rather than on one engine's runs
        for seed in range(runs):
            for engine in engines if seed == 0 else [e for e in engines if "MiniLM" not in e]:
                rows.append(spawn("--child", engine, data, limit, "--seed", str(seed)))
                print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    order = list(dict.fromkeys(r["data"] for r in rows))
    rows.sort(key=lambda r: (order.index(r["data"]), ENGINES.index(r["engine"])))  # stable
    print_table(rows)
    tuned = [r for r in rows if "10k" in r["data"]]
    if tuned:
        print("10k (train split; its labels tuned Engage's k range, so not a claim): NMI "
              + ", ".join(f"{r['engine']} run {r['run']} {r['nmi']:.3f}"
                          for r in tuned))  # fmt: skip
    grown = spawn("--retheme", str(5_000 if quick else 100_000))
    print(
        f"\nEngage (static), {grown['n']} units: {grown['empty']:.1f} s with an empty "
        f"embedding cache, {grown['cached']:.1f} s re-theming from the cache (peak RSS "
        f"{grown['peak_mb']:.0f} MB); stages from the cache: {grown['cached_stages']}"
    )
    stance_report()


def main() -> None:
    """Parse arguments; the parent orchestrates, children measure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="300 texts per set, 5k re-theme")
    parser.add_argument("--child", nargs=3, metavar=("ENGINE", "DATA", "LIMIT"))
    parser.add_argument("--retheme", type=int, metavar="N")
    parser.add_argument("--warmup", action="store_true")
    parser.add_argument("--seed", type=int, default=0, help="Engage's seed in a child run")
    parser.add_argument("--runs", type=int, default=3, help="runs per engine and data set")
    parser.add_argument("--sets", nargs="+", default=[], metavar="DATA",
                        choices=["banking77-test", "nhs-test", "banking77-train-10k"],
                        help="only these data sets")  # fmt: skip
    args = parser.parse_args()
    if args.child:
        print(
            json.dumps(child(args.child[0], args.child[1], int(args.child[2]) or None, args.seed))
        )
    elif args.retheme:
        print(json.dumps(retheme(args.retheme)))
    elif args.warmup:
        child("Engage (static)", "banking77-test", 200)
        print("{}")
    else:
        run_all(args.quick, 1 if args.quick else args.runs, args.sets)


if __name__ == "__main__":
    main()

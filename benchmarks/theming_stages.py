"""Seconds of the theming engine's stages on 10,000 short answers, this tree against another.

The corpus is the speed corpus of ``theming.py`` (the first 10,000 texts of BANKING77
``train.csv``). Every run is a fresh process that imports the engine as ``theming.py`` does and
themes the corpus once (static embedder, empty embedding cache), so spaCy and VADER load inside
the stages, as on a server's first run. Runs of the two trees alternate, so both meet the same
load on a shared machine; the median of ``--repeat`` runs is printed per stage, as wall seconds
(what a user waits) and CPU seconds of the process (less sensitive to other processes).

    .venv/bin/python benchmarks/theming_stages.py [--baseline DIR] [--repeat 3]

``DIR`` holds another version's ``analysis`` package, e.g. made with
``mkdir DIR && git archive <commit> analysis | tar -x -C DIR``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def child(root: str, corpus: str) -> dict[str, list[float]]:
    """Theme ``corpus`` once with the ``analysis`` package under ``root``; per stage
    ``[wall, cpu]`` seconds."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import theming

    sys.path.insert(0, root)  # theming put this repository first; the tree measured goes first
    texts, _ = theming.load(corpus)
    theming.import_engine("Engage (static)")
    from analysis.nlp import EvidenceUnit, ThemeEngine
    from analysis.nlp.embed import StaticEmbedder

    assert Path(sys.modules["analysis"].__file__).is_relative_to(root)
    marks: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        engine = ThemeEngine(embedder=StaticEmbedder(), cache_dir=Path(tmp), multilingual=None)
        result = engine.run(
            [EvidenceUnit(str(i), t) for i, t in enumerate(texts)],
            progress=lambda stage: marks.append((stage, time.process_time())),
        )
    ends = [cpu for _, cpu in marks[1:]] + [time.process_time()]
    cpu = {stage: end - start for (stage, start), end in zip(marks, ends, strict=True)}
    wall = result.manifest["stage_seconds"]
    return {stage: [wall[stage], cpu[stage]] for stage in wall}


def spawn(root: Path, corpus: str) -> dict[str, list[float]]:
    command = [sys.executable, __file__, "--child", str(root), "--corpus", corpus]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)  # noqa: S603 - this script
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(name: str, runs: list[dict[str, list[float]]]) -> None:
    """One line per stage: median wall / CPU seconds over the runs."""
    print(f"\n{name} ({len(runs)} runs; median wall / CPU seconds)")
    for stage in runs[0]:
        wall = statistics.median(r[stage][0] for r in runs)
        cpu = statistics.median(r[stage][1] for r in runs)
        print(f"  {stage:<22} {wall:6.2f} / {cpu:6.2f}")
    total = statistics.median(sum(w for w, _ in r.values()) for r in runs)
    print(f"  {'total':<22} {total:6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="a directory holding another `analysis`")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", default="banking77-train-10k")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.corpus)))
        return
    trees = {"this tree": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    runs: dict[str, list] = {name: [] for name in trees}
    print(f"{args.corpus}; load average before: {os.getloadavg()}")
    for _ in range(args.repeat):
        for name, root in trees.items():
            runs[name].append(spawn(root, args.corpus))
    print(f"load average after: {os.getloadavg()}")
    for name, found in runs.items():
        report(f"{name} ({trees[name]})", found)


if __name__ == "__main__":
    main()

"""Write the unlabelled training corpus of Engage's static embedding model.

Reads the shared reference data beside the repository (``../shared/data``) and writes one text
per line to ``analysis/nlp/corpus/``: BANKING77 ``train.csv`` texts, NHS FFT phase 1 rows with
``split == train`` and every Pol.is open-data comment. Labels are never read into the corpus.
Any text that also occurs (case and surrounding space ignored) in a split the benchmarks report
on (BANKING77 ``test.csv``, NHS FFT phase 1 ``test``) or in NHS FFT phase 2 (its stance test
rows, and the trust it shares with phase 1) is left out, so no reported text was trained on.

Run from the repository root: ``.venv/bin/python scripts/make_static_corpus.py``.
"""

from __future__ import annotations

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "analysis" / "nlp" / "corpus"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def key(text: str) -> str:
    return " ".join(text.split()).lower()


def main() -> None:
    bench = DATA / "benchmarks"
    nhs1 = rows(bench / "nhs_fft_phase1" / "responses.csv")
    held_out = {key(r["text"]) for r in rows(bench / "banking77" / "test.csv")}
    held_out |= {key(r["text"]) for r in nhs1 if r["split"] == "test"}
    held_out |= {key(r["text"]) for r in rows(bench / "nhs_fft_phase2" / "responses.csv")}
    sources = {
        "banking77_train.txt": [r["text"] for r in rows(bench / "banking77" / "train.csv")],
        "nhs_fft_phase1_train.txt": [r["text"] for r in nhs1 if r["split"] == "train"],
        "polis_comments.txt": [
            r["comment-body"]
            for path in sorted((DATA / "polis").glob("*/comments.csv"))
            for r in rows(path)
        ],
    }
    seen: set[str] = set()
    OUT.mkdir(parents=True, exist_ok=True)
    for name, texts in sources.items():
        kept = []
        for text in texts:
            k = key(text)
            if k and k not in held_out and k not in seen:
                seen.add(k)
                kept.append(" ".join(text.split()))
        (OUT / name).write_text("\n".join(kept) + "\n", encoding="utf-8")
        print(f"{name}: {len(kept)} of {len(texts)} texts")


if __name__ == "__main__":
    main()

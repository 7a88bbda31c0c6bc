"""Quotes: redaction is asked in batches, and the quotes are those a one-by-one check gives."""

import numpy as np

from analysis.nlp.assemble import pick_quotes, redact_names
from analysis.nlp.redact import SpacyRedactor
from analysis.nlp.summarise import MMRSummariser, by_centrality
from analysis.nlp.types import Segment

TEXTS = [
    "The buses come late every single morning.",
    "Call Maria Lopez at 919-555-0134 about the late buses.",
    "Buses are late and the drivers are rude.",
    "Email me at jo@example.org, the bus never came.",
    "I wait forty minutes for a bus that is late.",
    "Late buses make me miss work.",
    "The parks are dirty and nobody cleans them.",
    "Parks need more bins and cleaning.",
    "Dirty parks keep families away.",
    "Ask John Smith why the park is never cleaned.",
]


def _evidence() -> dict:
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((len(TEXTS), 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    segments = [Segment(i, 0, len(t), t) for i, t in enumerate(TEXTS)]
    return {t: by_centrality([segments[i] for i in idx], vectors[idx])
            for t, idx in {0: list(range(6)), 1: list(range(6, 10))}.items()}  # fmt: skip


def test_batched_redaction_picks_the_quotes_a_one_by_one_check_picks() -> None:
    redactor, calls = SpacyRedactor(), []

    def redact(texts: list[str]) -> list[str]:
        calls.append(len(texts))
        return redactor.redact(texts)

    evidence, summariser = _evidence(), MMRSummariser(n_quotes=3)
    batched = pick_quotes(evidence, summariser, redact)
    one_by_one = {
        t: summariser.quotes(ev, lambda text: redactor.redact([text]) == [text])
        for t, ev in evidence.items()
    }
    assert batched == one_by_one
    quoted = {q.text for quotes in batched.values() for q in quotes}
    assert not quoted & {TEXTS[1], TEXTS[3], TEXTS[9]}  # names, a phone, an e-mail
    assert len(calls) <= 3 < sum(calls)  # a few batches, not one call per candidate


def _reference_mmr(evidence, n_quotes: int = 5, diversity: float = 0.3) -> list[int]:
    """MMR written out one candidate at a time, as the summariser first did it."""
    vecs, segs = evidence.vectors, evidence.segments
    centrality = vecs @ vecs.mean(axis=0)
    chosen: list[int] = []
    candidates = list(range(len(segs)))

    def gain(i: int) -> float:
        redundancy = max((float(vecs[i] @ vecs[j]) for j in chosen), default=0.0)
        return (1 - diversity) * float(centrality[i]) - diversity * redundancy

    while candidates and len(chosen) < n_quotes:
        best = max(candidates, key=gain)
        candidates.remove(best)
        duplicate = any(float(vecs[best] @ vecs[j]) > 0.9 for j in chosen)
        if segs[best].parent not in {segs[j].parent for j in chosen} and not duplicate:
            chosen.append(best)
    return [segs[i].parent for i in chosen]


def test_mmr_picks_what_one_candidate_at_a_time_picks() -> None:
    """Random themes in few dimensions (so some candidates point away from the chosen ones),
    with near-duplicates and rows that give several segments."""
    rng = np.random.default_rng(1)
    for trial in range(300):
        n, dims = int(rng.integers(1, 31)), int(rng.integers(2, 7))
        vectors = rng.standard_normal((n, dims)).astype(np.float32)
        if trial % 3 == 0:
            vectors[1::5] = vectors[0] + 0.01 * rng.standard_normal(dims).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        rows = n if trial % 2 else max(1, n - 3)
        evidence = by_centrality([Segment(i % rows, 0, 1, f"t{i}") for i in range(n)], vectors)
        picked = [q.row for q in MMRSummariser().quotes(evidence, lambda text: True)]
        assert picked == _reference_mmr(evidence)


def test_labels_are_redacted_and_lose_the_keywords_that_named_someone() -> None:
    names = [("Michelle and time mum", ["michelle", "time", "mum"]), ("Cash and atm", ["cash"])]
    assert redact_names(names, SpacyRedactor().redact) == [
        ("[NAME] and time mum", ["time", "mum"]),
        ("Cash and atm", ["cash"]),
    ]

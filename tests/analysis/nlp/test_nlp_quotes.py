"""Quotes: redaction is asked in batches, and the quotes are those a one-by-one check gives."""

import numpy as np

from analysis.nlp.assemble import pick_quotes
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

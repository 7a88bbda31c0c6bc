"""Training the static model on MiniLM's sentence vectors."""

import csv

import numpy as np

from analysis.nlp import models
from analysis.nlp.embed import MiniLMEmbedder, StaticEmbedder
from analysis.nlp.static_training import TrainingPlan, corpus_texts, train_token_vectors
from tests.conftest import shared_data


def _toy(seed: int = 0) -> tuple[list[list[int]], np.ndarray, np.ndarray]:
    """Texts of token ids whose targets depend on word order-free but non-linear token
    interactions, which a mean of fixed vectors cannot fit exactly."""
    rng = np.random.default_rng(seed)
    teacher = rng.normal(size=(40, 6))
    texts = [rng.integers(0, 40, size=rng.integers(2, 7)).tolist() for _ in range(600)]
    targets = np.array([np.tanh(teacher[t].sum(axis=0)) for t in texts], dtype=np.float32)
    return texts, targets, rng.normal(size=(40, 4)).astype(np.float32)


def _fit(texts: list[list[int]], targets: np.ndarray, vectors: np.ndarray) -> float:
    """Mean cosine of the texts' mean vectors to their targets after the best linear map."""
    means = np.array([vectors[t].mean(axis=0) for t in texts])
    if means.shape[1] != targets.shape[1]:
        means = means @ np.linalg.lstsq(means, targets, rcond=None)[0]
    means /= np.linalg.norm(means, axis=1, keepdims=True)
    want = targets / np.linalg.norm(targets, axis=1, keepdims=True)
    return float(np.einsum("ij,ij->i", means, want).mean())


def test_training_brings_sentence_means_closer_to_the_teacher() -> None:
    texts, targets, start = _toy()
    trained = train_token_vectors(texts, targets, start, TrainingPlan(epochs=20))
    assert trained.shape == (40, 6)
    assert _fit(texts, targets, trained) > _fit(texts, targets, start) + 0.05


def test_training_is_deterministic_for_a_seed_and_skips_empty_texts() -> None:
    texts, targets, start = _toy()
    texts[3] = []
    first = train_token_vectors(texts, targets, start, TrainingPlan(epochs=2))
    again = train_token_vectors(texts, targets, start, TrainingPlan(epochs=2))
    np.testing.assert_array_equal(first, again)
    other = train_token_vectors(texts, targets, start, TrainingPlan(epochs=2, seed=1))
    assert not np.array_equal(first, other)


def test_no_reported_benchmark_text_is_in_the_training_corpus() -> None:
    """The benchmarks report NMI on these texts; the model must never have trained on them."""

    def key(text: str) -> str:
        return " ".join(text.split()).lower()

    reported = set()
    for parts, keep in (
        (("benchmarks", "banking77", "test.csv"), None),
        (("benchmarks", "nhs_fft_phase1", "responses.csv"), "test"),
        (("benchmarks", "nhs_fft_phase2", "responses.csv"), None),
    ):
        with shared_data(*parts).open(encoding="utf-8", newline="") as f:
            rows = [r for r in csv.DictReader(f) if keep is None or r["split"] == keep]
        reported |= {key(r["text"]) for r in rows}
    corpus = [key(t) for t in corpus_texts()]
    assert len(corpus) > 15_000
    assert not reported & set(corpus)


def test_trained_model_agrees_with_minilm_on_unseen_civic_text(durham_units) -> None:
    """Durham answers were never trained on: the trained model's nearest neighbours agree
    with MiniLM's more often than the untrained distilled model's do."""
    texts = [u.text for u in durham_units[:200]]
    teacher = MiniLMEmbedder().encode(texts)

    def overlap(vectors: np.ndarray, k: int = 5) -> float:
        def nearest(v: np.ndarray) -> np.ndarray:
            sims = v @ v.T
            np.fill_diagonal(sims, -np.inf)
            return np.argsort(-sims, axis=1)[:, :k]

        mine, theirs = nearest(vectors), nearest(teacher)
        return float(np.mean([len(set(a) & set(b)) / k for a, b in zip(mine, theirs, strict=True)]))

    untrained = models.distilled_minilm(models.default_model_dir()).encode(texts)
    untrained /= np.linalg.norm(untrained, axis=1, keepdims=True)
    assert overlap(StaticEmbedder().encode(texts)) > overlap(untrained) + 0.03

"""Class-based TF-IDF keywords per theme, as BERTopic computes them, without importing BERTopic.

BERTopic's ``ClassTfidfTransformer(reduce_frequent_words=True)`` weighs a term in a class by
``sqrt(tf / class length) * log(1 + mean class length / term frequency over all classes)``.
Importing BERTopic pulls in sentence-transformers, transformers and torch (~6-10 s on a 2-core
machine), which the static-model route never needs; the formula itself is a few sparse
operations. ``tests/analysis/nlp/test_nlp_ctfidf.py`` checks it against BERTopic's own.

Instead of joining each class's texts into one long document (BERTopic's way), the per-text
count matrix is summed per class with one sparse product: the same counts, minus the bigrams
that joining invents across text boundaries, in one pass over the texts.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: Words of two or more letters (no numbers): what c-TF-IDF keywords are made of.
WORD_PATTERN = r"(?u)\b[^\W\d_][^\W\d_']+\b"


def vectorizer(n_docs: int):  # noqa: ANN201 - lazy scikit-learn type
    """Unigrams and bigrams without English stop words; rare terms dropped on large corpora."""
    from sklearn.feature_extraction.text import CountVectorizer

    # two-word phrases make labels readable; terms seen once only add noise on large corpora
    return CountVectorizer(stop_words="english", ngram_range=(1, 2),
                           min_df=1 if n_docs < 500 else 2,
                           token_pattern=WORD_PATTERN)  # fmt: skip


def class_counts(texts: Sequence[str], labels: np.ndarray, weights: np.ndarray | None = None):
    """Term counts per theme (rows ``0..max label``) and the vocabulary.

    Args:
        texts: Distinct texts.
        labels: Theme per text (``-1`` = left out, which still counts towards the idf).
        weights: How many units each text stands for (duplicates counted once as text).
    """
    import scipy.sparse as sp

    counter = vectorizer(len(texts))
    try:
        docs = counter.fit_transform(texts)
    except ValueError:  # only stop words or numbers: no vocabulary at all
        return sp.csr_matrix((int(labels.max()) + 2, 0)), np.array([], dtype=object)
    rows = np.where(labels >= 0, labels, labels.max() + 1)  # outliers form one extra class
    w = np.ones(len(texts)) if weights is None else np.asarray(weights, dtype=float)
    member = sp.csr_matrix((w, (rows, np.arange(len(texts)))))
    return (member @ docs).tocsr(), counter.get_feature_names_out()


def ctfidf(counts) -> np.ndarray:  # noqa: ANN001 - scipy sparse matrix
    """BERTopic's c-TF-IDF (``reduce_frequent_words=True``) of a class-by-term count matrix."""
    from sklearn.preprocessing import normalize

    counts = counts.astype(np.float64)
    df = np.asarray(counts.sum(axis=0)).ravel()
    avg = int(counts.sum(axis=1).mean())
    idf = np.log(avg / np.maximum(df, 1e-12) + 1)
    tf = normalize(counts, axis=1, norm="l1", copy=True)
    tf.data = np.sqrt(tf.data)
    return tf.multiply(idf).tocsr()


def top_keywords(
    texts: Sequence[str], labels: np.ndarray, weights: np.ndarray | None = None, top_n: int = 10
) -> dict[int, list[tuple[str, float]]]:
    """The ``top_n`` c-TF-IDF terms of every theme in ``labels`` (``-1`` excluded)."""
    counts, words = class_counts(texts, labels, weights)
    themes = sorted(set(labels.tolist()) - {-1})
    if not len(words):
        return {t: [] for t in themes}
    scores = ctfidf(counts)
    out = {}
    for t in themes:
        row = scores.getrow(t)
        order = np.argsort(-row.data, kind="stable")[:top_n]
        out[t] = [(str(words[row.indices[i]]), float(row.data[i])) for i in order]
    return out

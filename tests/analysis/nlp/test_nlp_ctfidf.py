"""Engage's own c-TF-IDF and exact kNN agree with the libraries they replace."""

import numpy as np
import scipy.sparse as sp

from analysis.nlp.ctfidf import ctfidf, top_keywords
from analysis.nlp.models import quiet_umap_import
from analysis.nlp.reduce import exact_knn


def test_ctfidf_equals_bertopics_class_tfidf() -> None:
    with quiet_umap_import():
        from bertopic.vectorizers import ClassTfidfTransformer

    counts = sp.csr_matrix(np.array([[3, 0, 1, 2], [0, 4, 1, 0], [1, 1, 0, 5]], dtype=float))
    theirs = ClassTfidfTransformer(reduce_frequent_words=True).fit_transform(counts.copy())
    np.testing.assert_allclose(ctfidf(counts).toarray(), theirs.toarray(), rtol=1e-12)


def test_keywords_name_each_theme() -> None:
    texts = ["bus late again", "the bus never comes", "late bus", "parks are dirty",
             "clean the parks", "dirty parks and trash"]  # fmt: skip
    found = top_keywords(texts, np.array([0, 0, 0, 1, 1, -1]))
    words = {t: {w for w, _ in kw} for t, kw in found.items()}
    assert "bus" in words[0] and "parks" not in words[0]
    assert "parks" in words[1] and "bus" not in words[1]
    assert set(found) == {0, 1}


def test_exact_knn_matches_brute_force() -> None:
    from sklearn.neighbors import NearestNeighbors

    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((700, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    idx, dist = exact_knn(vectors, 10)
    nn = NearestNeighbors(n_neighbors=10, metric="cosine", algorithm="brute").fit(vectors)
    want_dist, want_idx = nn.kneighbors(vectors)
    np.testing.assert_array_equal(idx, want_idx)
    np.testing.assert_allclose(dist, want_dist, atol=1e-5)


def test_exact_knn_puts_each_text_first_even_beside_a_twin() -> None:
    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((50, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors[7] = vectors[3]  # two texts with one vector
    idx, dist = exact_knn(vectors, 5)
    assert (idx[:, 0] == np.arange(50)).all() and (dist[:, 0] == 0).all()
    assert idx[3, 1] == 7 and idx[7, 1] == 3
    assert all(len(set(row)) == 5 for row in idx.tolist())

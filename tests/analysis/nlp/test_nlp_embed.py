"""The embedding cache: re-theming the same or a grown corpus embeds only unseen texts."""

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from analysis.nlp.embed import EmbeddingCache, StaticEmbedder, embed_cached


class CountingEmbedder:
    name = "counting/1"
    languages = frozenset({"en"})

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.seen += texts
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)


def test_cache_embeds_only_new_texts(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "e.sqlite")
    model = CountingEmbedder()
    texts = [f"answer number {i}" for i in range(100)]
    first = embed_cached(model, texts, cache)
    assert len(model.seen) == 100
    grown = texts + [f"new answer {i}" for i in range(5)]
    again = embed_cached(model, grown, cache)
    assert len(model.seen) == 105
    np.testing.assert_array_equal(again[:100], first)


def test_static_model_is_offline_and_normalised(durham_units) -> None:
    vectors = StaticEmbedder().encode([u.text for u in durham_units[:20]])
    assert vectors.shape == (20, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1, rtol=1e-5)


def test_sklearn_loads_without_pandas_and_pandas_still_imports_afterwards() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from analysis.nlp import models; models.import_sklearn(); "
        "from sklearn.cluster import KMeans; import numpy as np; "
        "KMeans(2, n_init=1).fit(np.eye(4)); assert 'pandas' not in sys.modules; "
        "import pandas; print(pandas.DataFrame({'a': [1]}).shape[0])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "1"


def test_spacy_loads_without_torch_and_torch_still_imports_afterwards() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from analysis.nlp import models; models.spacy_pipeline(); "
        "assert 'torch' not in sys.modules; import torch; print(torch.tensor([1]).item())"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "1"


def test_a_cache_in_the_old_layout_is_replaced(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "e.sqlite"
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE vectors (model TEXT, key BLOB, dim INTEGER, vec BLOB, "
            "PRIMARY KEY (model, key)) WITHOUT ROWID"
        )
    cache = EmbeddingCache(path)
    model = CountingEmbedder()
    embed_cached(model, ["one answer", "another answer"], cache)
    embed_cached(model, ["one answer"], cache)
    assert model.seen == ["one answer", "another answer"]
    with sqlite3.connect(path) as db:
        tables = {
            name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    assert "vectors" not in tables

"""The optional reading level: parents group the fine themes of large corpora."""

import numpy as np

from analysis.nlp.hierarchy import MAX_PARENTS, build_hierarchy, parent_count
from analysis.nlp.types import Segment, Theme


def test_parent_count_stays_readable() -> None:
    assert parent_count(30) == 4
    assert parent_count(100_000) == MAX_PARENTS


def _theme(i: int, rows: int) -> Theme:
    return Theme(i, f"theme {i}", ["a", "b", "c"], "", rows, rows, {}, [])


def test_parents_cover_every_theme_once() -> None:
    rng = np.random.default_rng(0)
    n_themes, per = 40, 25  # 1,000 units: 22 parents for 40 themes
    labels = np.repeat(np.arange(n_themes), per)
    centres = rng.standard_normal((n_themes, 8))
    vectors = centres[labels] + 0.1 * rng.standard_normal((len(labels), 8))
    segments = [Segment(i, 0, 1, "x") for i in range(len(labels))]
    themes = [_theme(i, per) for i in range(n_themes)]
    hierarchy = build_hierarchy(themes, segments, labels, vectors)
    parents = hierarchy["parents"]
    assert len(parents) == parent_count(len(segments)) < n_themes
    assert sorted(t for p in parents for t in p["themes"]) == list(range(n_themes))
    assert [p["rows"] for p in parents] == sorted((p["rows"] for p in parents), reverse=True)
    for p in parents:
        assert all(hierarchy["theme_parent"][t] == p["id"] for t in p["themes"])
        assert p["label"] == f"theme {p['themes'][0]}"
    assert build_hierarchy(themes[:5], segments, labels, vectors) is None

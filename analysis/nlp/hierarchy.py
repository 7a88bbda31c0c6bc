"""An optional reading level above the themes: similar themes merged into a few dozen parents.

Large corpora get up to ~150 fine themes: silhouette picks them, and on BANKING77's 77 narrow
intents they score far better than a few dozen would, but they are more than a person reads in
one report. The
parents group them by the similarity of their centres (average-linkage, cosine); each parent is
named after its largest theme. Nothing below the parent level changes, so rows keep their fine
themes and the parent of a row's theme is one lookup away.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from analysis.nlp.types import Segment, Theme

#: Most parents a reader is shown, whatever the corpus size.
MAX_PARENTS = 30


def parent_count(n_units: int) -> int:
    """How many parents a corpus of ``n_units`` gets: ``sqrt(n/2)``, at most ``MAX_PARENTS``."""
    return max(2, min(MAX_PARENTS, round(math.sqrt(n_units / 2))))


def build_hierarchy(
    themes: Sequence[Theme], segments: Sequence[Segment], labels: np.ndarray, vectors: np.ndarray
) -> dict | None:
    """Parents of ``themes`` (ids already renumbered), or ``None`` when few enough to read.

    Returns:
        ``{"parents": [{"id", "label", "themes", "rows"}], "theme_parent": [parent per theme]}``
    """
    n_parents = parent_count(len(segments))
    if len(themes) <= n_parents:
        return None
    from sklearn.cluster import AgglomerativeClustering

    centres = np.vstack([vectors[labels == t.id].mean(axis=0) for t in themes])
    centres /= np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-12)
    merge = AgglomerativeClustering(n_clusters=n_parents, metric="cosine", linkage="average")
    parent_of = dict(zip((t.id for t in themes), merge.fit_predict(centres).tolist(), strict=True))
    rows: dict[int, set[int]] = {}
    for seg, label in zip(segments, labels.tolist(), strict=True):
        if label >= 0:
            rows.setdefault(parent_of[label], set()).add(seg.parent)
    order = sorted(rows, key=lambda p: (-len(rows[p]), p))  # largest parent first, as themes
    new_id = {p: i for i, p in enumerate(order)}
    parents = []
    for p in order:
        members = [t.id for t in themes if parent_of[t.id] == p]  # themes are largest first
        label = next(t.label for t in themes if t.id == members[0])
        parents.append({"id": new_id[p], "label": label, "themes": members, "rows": len(rows[p])})
    return {"parents": parents, "theme_parent": [new_id[parent_of[t.id]] for t in themes]}

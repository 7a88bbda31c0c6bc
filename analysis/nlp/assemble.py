"""Turn per-segment labels and stances into themes, rows and rankings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np

from analysis.nlp.represent import Representer
from analysis.nlp.stance import StanceScore, row_stance
from analysis.nlp.summarise import Summariser, by_centrality, clip
from analysis.nlp.types import RowAssignment, Segment, Theme

#: Central segments per theme checked for redaction in the first batch (5 quotes + spares).
LIKELY_QUOTES = 8


def build_themes(
    segments: Sequence[Segment],
    labels: np.ndarray,
    vectors: np.ndarray,
    keywords: Mapping[int, list[tuple[str, float]]],
    stances: Sequence[StanceScore],
    languages: Mapping[int, str],
    stages: tuple[Representer, Summariser, Callable[[list[str]], list[str]]],
) -> list[Theme]:
    """One :class:`Theme` per label, ordered by rows covered (ids renumbered 0..n-1)."""
    representer, summariser, redact = stages
    members: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels.tolist()):
        if label >= 0:
            members[label].append(i)
    evidence = {
        t: by_centrality([segments[i] for i in idx], vectors[idx]) for t, idx in members.items()
    }
    likely = [s.text for ev in evidence.values() for s in ev.segments[:LIKELY_QUOTES]]
    clean = CleanCheck(redact, likely)
    themes = []
    for label, idx in members.items():
        texts = [s.text for s in evidence[label].segments]
        name, words = representer.represent(keywords.get(label, []), texts)
        quotes = summariser.quotes(evidence[label], clean)
        counts = {
            s: sum(stances[i].stance == s for i in idx) for s in ("support", "concern", "neutral")
        }
        rows = {segments[i].parent for i in idx}
        themes.append(
            Theme(
                id=label,
                label=name,
                keywords=words,
                summary=summariser.summary(quotes),  # joined clean quotes: nothing to redact
                units=len(idx),
                rows=len(rows),
                stance=counts,
                quotes=quotes,
                language=languages[label],
            )  # fmt: skip
        )
    themes.sort(key=lambda t: (-t.rows, -t.units, t.label))
    return themes


class CleanCheck:
    """Whether a quote candidate needs no redaction, asking the redactor only when needed.

    The likely quotes (each theme's most central segments) are checked in one batched call up
    front; any other candidate the summariser reaches is checked on its own and remembered.
    """

    def __init__(self, redact: Callable[[list[str]], list[str]], likely: Iterable[str]) -> None:
        self.redact = redact
        texts = sorted({clip(t) for t in likely})
        self.known = {t: t == r for t, r in zip(texts, redact(texts), strict=True)}

    def __call__(self, text: str) -> bool:
        if text not in self.known:
            self.known[text] = self.redact([text]) == [text]
        return self.known[text]


def renumber(themes: list[Theme], labels: np.ndarray) -> np.ndarray:
    """Give themes ids in display order and map segment labels to them."""
    mapping = {t.id: new for new, t in enumerate(themes)}
    for new, theme in enumerate(themes):
        theme.id = new
    return np.array([mapping.get(label, -1) for label in labels.tolist()], dtype=int)


def build_rows(
    n_rows: int,
    ids: Sequence[str],
    segments: Sequence[Segment],
    labels: np.ndarray,
    stances: Sequence[StanceScore],
) -> list[RowAssignment]:
    """One assignment per input row: themes by share of the row's text, and its stance."""
    cover: list[dict[int, int]] = [defaultdict(int) for _ in range(n_rows)]
    row_scores: list[list[StanceScore]] = [[] for _ in range(n_rows)]
    for seg, label, stance in zip(segments, labels.tolist(), stances, strict=True):
        row_scores[seg.parent].append(stance)
        if label >= 0:
            cover[seg.parent][label] += seg.end - seg.start
    return [
        RowAssignment(
            row=r,
            id=ids[r],
            themes=sorted(cover[r], key=lambda t, c=cover[r]: (-c[t], t)),
            stance=row_stance(row_scores[r]),
        )  # fmt: skip
        for r in range(n_rows)
    ]


def theme_row_stances(
    segments: Sequence[Segment], labels: np.ndarray, stances: Sequence[StanceScore]
) -> dict[int, dict[int, str]]:
    """theme -> {row -> the row's stance within that theme}, for group statistics."""
    per: dict[int, dict[int, list[StanceScore]]] = defaultdict(lambda: defaultdict(list))
    for seg, label, stance in zip(segments, labels.tolist(), stances, strict=True):
        if label >= 0:
            per[label][seg.parent].append(stance)
    return {t: {row: row_stance(s) for row, s in rows.items()} for t, rows in per.items()}


def rank(themes: Sequence[Theme], key: str, limit: int = 5) -> list[int]:
    """Theme ids ordered by ``key`` ("consensus" or "concern"), highest first."""
    return [t.id for t in sorted(themes, key=lambda t: (-getattr(t, key), t.id))][:limit]

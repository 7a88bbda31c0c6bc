"""Turn per-segment labels and stances into themes, rows and rankings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from analysis.nlp.represent import Representer
from analysis.nlp.stance import StanceScore, row_stance
from analysis.nlp.summarise import Summariser, ThemeEvidence, by_centrality
from analysis.nlp.types import STANCES, Quote, RowAssignment, Segment, Theme


def build_themes(
    segments: Sequence[Segment],
    labels: np.ndarray,
    vectors: np.ndarray,
    keywords: Mapping[int, list[tuple[str, float]]],
    stances: Sequence[StanceScore],
    languages: Mapping[int, str],
    stages: tuple[Representer, Summariser, Callable[[list[str]], list[str]]],
) -> list[Theme]:
    """One :class:`Theme` per label, ordered by rows covered (ids not yet renumbered).

    Args:
        segments: Every segment of the run.
        labels: Theme per segment (``-1`` = left out).
        vectors: Embedding per segment (for centrality and quote diversity).
        keywords: c-TF-IDF keywords per theme.
        stances: Stance per segment.
        languages: Language per theme.
        stages: The representer, the summariser and the redaction function.
    """
    representer, summariser, redact = stages
    members = theme_members(labels)
    evidence = {
        t: by_centrality([segments[i] for i in idx], vectors[idx]) for t, idx in members.items()
    }
    # Labels (spaCy's tagger and parser) are found on a second thread while quotes are picked
    # and checked for names (spaCy's NER) on this one: their matrix products release the GIL,
    # so on two cores the two mostly overlap. Neither reads the other's output.
    with ThreadPoolExecutor(max_workers=1) as side:
        represented = side.submit(
            representer.represent,
            [(keywords.get(t, []), [s.text for s in evidence[t].segments]) for t in members],
        )
        quotes = pick_quotes(evidence, summariser, redact)
        names = redact_names(represented.result(), redact)
    themes = [
        _theme(label, idx, segments, stances, quotes[label], named)
        for (label, idx), named in zip(members.items(), names, strict=True)
    ]
    for theme in themes:
        theme.summary = summariser.summary(theme.quotes)  # joined clean quotes: no redaction
        theme.language = languages[theme.id]
    themes.sort(key=lambda t: (-t.rows, -t.units, t.label))
    return themes


def redact_names(
    names: list[tuple[str, list[str]]], redact: Callable[[list[str]], list[str]]
) -> list[tuple[str, list[str]]]:
    """Labels go wherever the report goes, so they are redacted like quotes (one batch); a
    keyword that was a word redacted from its label goes too ("Michelle and time mum" becomes
    "[NAME] and time mum" and loses the keyword "michelle")."""
    redacted = redact([label for label, _ in names])
    out = []
    for (label, words), clean in zip(names, redacted, strict=True):
        removed = set(label.lower().split()) - set(clean.lower().split())
        out.append((clean, [w for w in words if not set(w.split()) & removed]))
    return out


def theme_members(labels: np.ndarray) -> dict[int, list[int]]:
    """Segment indices per theme, themes in order of first appearance."""
    members: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels.tolist()):
        if label >= 0:
            members[label].append(i)
    return dict(members)


def _theme(
    label: int,
    idx: list[int],
    segments: Sequence[Segment],
    stances: Sequence[StanceScore],
    quotes: list[Quote],
    named: tuple[str, list[str]],
) -> Theme:
    """A theme's counts, label, keywords and quotes (summary and language come after)."""
    counts = {s: sum(stances[i].stance == s for i in idx) for s in STANCES}
    return Theme(
        id=label, label=named[0], keywords=named[1], summary="", units=len(idx),
        rows=len({segments[i].parent for i in idx}), stance=counts, quotes=quotes,
    )  # fmt: skip


def pick_quotes(
    evidence: Mapping[int, ThemeEvidence],
    summariser: Summariser,
    redact: Callable[[list[str]], list[str]],
) -> dict[int, list[Quote]]:
    """Every theme's quotes, with redaction (spaCy NER) run in a few batches, not per text.

    The summariser asks whether each candidate it is about to pick needs redaction. A pass
    that answers "clean" for every text not yet checked records which texts it would ask
    about; those are checked in one batch, and the pass is repeated, for the themes that met
    an unchecked text, until it asks about no new text. A theme's last pass knows the true
    answer for every text it asks about, so the quotes are the ones a one-by-one check gives.
    """
    check = CleanCheck(redact)
    quotes: dict[int, list[Quote]] = {}
    pending = dict(evidence)
    while pending:
        guess = _AssumeClean(check.known)
        unsettled = {}
        for theme, ev in pending.items():
            asked = len(guess.unknown)
            found = summariser.quotes(ev, guess)
            # a pass that asked only about known texts is final: later passes know no more
            # about them, so only the themes that met an unknown text are picked again
            if len(guess.unknown) == asked:
                quotes[theme] = found
            else:
                unsettled[theme] = ev
        check.learn(guess.unknown)
        pending = unsettled
    return {theme: quotes[theme] for theme in evidence}


class CleanCheck:
    """Which quote candidates need no redaction, learnt in batches."""

    def __init__(self, redact: Callable[[list[str]], list[str]]) -> None:
        self.redact = redact
        self.known: dict[str, bool] = {}

    def learn(self, texts: Iterable[str]) -> None:
        """Redact ``texts`` in one call and remember which came back unchanged."""
        new = sorted(set(texts) - set(self.known))
        if new:
            self.known.update((t, t == r) for t, r in zip(new, self.redact(new), strict=True))


class _AssumeClean:
    """Answers from what is known; unknown texts count as clean and are noted."""

    def __init__(self, known: Mapping[str, bool]) -> None:
        self.known = known
        self.unknown: list[str] = []

    def __call__(self, text: str) -> bool:
        if text in self.known:
            return self.known[text]
        self.unknown.append(text)
        return True


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

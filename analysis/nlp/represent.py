"""Readable theme labels from c-TF-IDF keywords and spaCy noun phrases.

BERTopic's default name (``3_the_and_of``) means nothing to a reader. A label here is the noun
phrase that the theme's own answers use most, among those containing one of its top c-TF-IDF
keywords ("Public transportation", "After school programs and mentoring").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from analysis.nlp import models

_STOP_HEADS = {
    "thing",
    "things",
    "lot",
    "way",
    "ways",
    "people",
    "something",
    "anything",
    "nothing",
}
_WORD = re.compile(r"[^\W\d_][^\W\d_']+", re.UNICODE)


class Representer(Protocol):
    """Turns a theme's keywords and texts into a label and 3-8 keywords."""

    def represent(
        self, keywords: list[tuple[str, float]], texts: Sequence[str]
    ) -> tuple[str, list[str]]: ...


def count_keywords(texts: Sequence[str], n: int = 8) -> list[tuple[str, float]]:
    """Most frequent content words, for themes too small for c-TF-IDF."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words = Counter(
        w
        for t in texts
        for w in {w.lower() for w in _WORD.findall(t)}
        if w.lower() not in ENGLISH_STOP_WORDS
    )
    total = max(len(texts), 1)
    return [(w, c / total) for w, c in words.most_common(n)]


class NounPhraseRepresenter:
    """Label = the most used keyword-bearing noun phrase (two when they differ).

    Args:
        max_texts: Only this many of the theme's texts are parsed, which bounds the cost on
            large themes; the engine passes the most central ones first, and their phrases
            are the ones that name the theme.
    """

    def __init__(self, max_texts: int = 20) -> None:
        self.max_texts = max_texts

    def represent(
        self, keywords: list[tuple[str, float]], texts: Sequence[str]
    ) -> tuple[str, list[str]]:
        """Return ``(label, keywords)`` for one theme."""
        words = _pick_keywords(keywords, texts)
        phrases = self._phrases(texts, words)
        if not phrases:
            return " and ".join(words[:2]).capitalize() or "Other answers", words
        best = [p for p, _ in phrases.most_common(4)]
        label = best[0]
        second = next((p for p in best[1:] if not _overlaps(p, label)), None)
        if second and phrases[second] * 2 >= phrases[label]:
            label = f"{label} and {second}"
        return label[:1].upper() + label[1:], words

    def _phrases(self, texts: Sequence[str], keywords: list[str]) -> Counter[str]:
        """Keyword-bearing noun phrases of the first ``max_texts`` distinct texts, each counted
        as often as its text occurs (a theme of 300 "No queues" parses it once)."""
        nlp = models.spacy_pipeline()
        keyset = {w for k in keywords[:5] for w in k.split()}
        times = Counter(texts)
        distinct = list(times)[: self.max_texts]
        found: Counter[str] = Counter()
        with nlp.select_pipes(enable=models.NOUN_PHRASE_PIPES):
            docs = list(nlp.pipe(distinct, batch_size=64))
        for text, doc in zip(distinct, docs, strict=True):
            for chunk in doc.noun_chunks:
                phrase = _clean(chunk)
                if phrase and keyset & set(phrase.split()):
                    found[phrase] += times[text]
        return found


def _clean(chunk) -> str:  # noqa: ANN001 - spaCy Span
    """Lower-case lemma-free noun phrase without determiners, pronouns or numbers."""
    toks = [t for t in chunk if t.pos_ not in {"DET", "PRON", "NUM", "PUNCT"} and not t.is_stop]
    if not toks or toks[-1].lower_ in _STOP_HEADS or len(toks) > 4:
        return ""
    return " ".join(t.lower_ for t in toks)


def _overlaps(a: str, b: str) -> bool:
    return bool(set(a.split()) & set(b.split()))


def _pick_keywords(keywords: list[tuple[str, float]], texts: Sequence[str]) -> list[str]:
    """3-8 keywords; a word already inside a chosen phrase is not repeated alone."""
    ranked = [w for w, s in keywords if w and s > 0] or [w for w, _ in count_keywords(texts)]
    chosen: list[str] = []
    for word in ranked:
        if any(word in c.split() or c in word.split() for c in chosen):
            continue
        chosen.append(word)
        if len(chosen) == 8:
            break
    for word, _ in count_keywords(texts):
        if len(chosen) >= 3:
            break
        if word not in chosen:
            chosen.append(word)
    return chosen

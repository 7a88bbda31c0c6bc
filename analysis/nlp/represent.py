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


#: One theme as the representer sees it: its c-TF-IDF keywords and its texts, most central first.
ThemeTexts = tuple[list[tuple[str, float]], Sequence[str]]


class Representer(Protocol):
    """Turns each theme's keywords and texts into a label and 3-8 keywords.

    All themes come in one call, so a model-based representer can batch its work.
    """

    def represent(self, themes: Sequence[ThemeTexts]) -> list[tuple[str, list[str]]]: ...


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
        max_texts: Only this many of a theme's texts are parsed, which bounds the cost on
            large themes; the engine passes the most central ones first, and their phrases
            are the ones that name the theme.
        budget: Texts parsed in all, shared by the themes: a corpus with many themes parses
            fewer per theme (never fewer than ``min_texts``), since parsing is most of the cost
            of labels. On the 143 themes of BANKING77 train's first 10,000 texts, 8 texts per
            theme instead of 20 parsed 11,600 words instead of 29,100 and changed 29 labels:
            14 to the same two phrases in the other order ("Cash and atm"), most others by a
            word or a second phrase ("Card" / "New card", "Pin" / "Pin and bank"); 110 labels
            share a word with their theme's majority intent name (107 with 20 texts). Corpora
            of up to 50 themes (Durham's 9, NHS FFT test's 44) are unchanged.
        min_texts: The fewest texts parsed per theme.
    """

    def __init__(self, max_texts: int = 20, budget: int = 1000, min_texts: int = 8) -> None:
        self.max_texts = max_texts
        self.budget = budget
        self.min_texts = min_texts

    def represent(self, themes: Sequence[ThemeTexts]) -> list[tuple[str, list[str]]]:
        """Return ``(label, keywords)`` for every theme, parsing all themes' texts at once."""
        words = [_pick_keywords(keywords, texts) for keywords, texts in themes]
        limit = self.texts_per_theme(len(themes))
        wanted = [
            _texts_to_parse(texts, kws, limit)
            for (_, texts), kws in zip(themes, words, strict=True)
        ]
        phrases = self._noun_phrases(sorted({t for texts in wanted for t in texts}))
        return [
            (_label(_count_phrases(texts, wanted_texts, kws, phrases), kws), kws)
            for (_, texts), wanted_texts, kws in zip(themes, wanted, words, strict=True)
        ]

    def texts_per_theme(self, n_themes: int) -> int:
        """How many of each theme's texts are parsed when there are ``n_themes``."""
        return max(self.min_texts, min(self.max_texts, self.budget // max(n_themes, 1)))

    @staticmethod
    def _noun_phrases(texts: list[str]) -> dict[str, list[str]]:
        """Each text's cleaned noun phrases: one spaCy pass (tagger and parser) for all."""
        if not texts:
            return {}
        docs = models.run_pipes(texts, models.NOUN_PHRASE_PIPES)
        pairs = zip(texts, map(models.set_pos_from_tags, docs), strict=True)
        return {t: [_clean(c) for c in doc.noun_chunks] for t, doc in pairs}


def _texts_to_parse(texts: Sequence[str], keywords: list[str], limit: int) -> list[str]:
    """The first ``limit`` distinct texts; of those, only the ones containing a keyword can
    yield a keyword-bearing phrase, so only they are parsed."""
    keyset = _keyset(keywords)
    distinct = list(dict.fromkeys(texts))[:limit]
    return [t for t in distinct if any(k in t.lower() for k in keyset)]


def _keyset(keywords: list[str]) -> set[str]:
    return {w for k in keywords[:5] for w in k.split()}


def _count_phrases(
    texts: Sequence[str], parsed: list[str], keywords: list[str], phrases: dict[str, list[str]]
) -> Counter[str]:
    """Keyword-bearing noun phrases of the parsed texts, each counted as often as its text
    occurs in the theme (a theme of 300 "No queues" parses it once)."""
    keyset, times = _keyset(keywords), Counter(texts)
    found: Counter[str] = Counter()
    for text in parsed:
        for phrase in phrases[text]:
            if phrase and keyset & set(phrase.split()):
                found[phrase] += times[text]
    return found


def _label(phrases: Counter[str], words: list[str]) -> str:
    """The most used phrase, joined by a second one used at least half as often."""
    if not phrases:
        return " and ".join(words[:2]).capitalize() or "Other answers"
    best = [p for p, _ in phrases.most_common(4)]
    label = best[0]
    second = next((p for p in best[1:] if not _overlaps(p, label)), None)
    if second and phrases[second] * 2 >= phrases[label]:
        label = f"{label} and {second}"
    return label[:1].upper() + label[1:]


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

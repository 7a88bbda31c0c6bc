"""Guess the language of short answers from function words.

Good enough to route answers to an embedding model (English, Spanish, Hmong and a few other
languages a county survey meets); a text with no function word at all ("Parks!") is ``und``
and joins the corpus's main language.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from analysis.nlp.text import word_set

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
#: White Hmong function words (RPA spelling); spaCy has no Hmong stop-word list.
_HMONG = word_set(
    "thiab kuv koj peb lawv yog tsis muaj rau nyob hauv cov los ntawm tau ua txog xav nws "
    "ib tus yuav mus tuaj zoo kom no ntau"
)
UNDETERMINED = "und"


def _stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop-word list for ``lang``, read without importing ``spacy.lang.<lang>``.

    Importing the language package builds its tokenizer exceptions (~6 s for French on a
    2-core machine); the word list is a plain module beside it.
    """
    import importlib.util

    spec = importlib.util.find_spec("spacy")
    path = Path(spec.origin).parent / "lang" / lang / "stop_words.py"
    loader = importlib.util.spec_from_file_location(f"_engage_stop_words_{lang}", path)
    module = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


@cache
def _weights() -> dict[str, dict[str, float]]:
    """Per language, each function word's weight: 1 / the number of languages sharing it."""
    lists = {lang: _stop_words(lang) for lang in ("en", "es", "fr", "pt", "de", "vi")}
    lists["hmn"] = _HMONG
    # a word shared by several lists ("a", "no", "para") counts only partly for each
    counts = Counter(w for words in lists.values() for w in words)
    return {lang: {w: 1 / counts[w] for w in words} for lang, words in lists.items()}


@cache
def _by_word() -> dict[str, tuple[tuple[str, float], ...]]:
    """Each function word's ``(language, weight)`` pairs: one dict lookup per word of a text
    instead of one per word and language (detection of 100k answers went from ~5 s to ~1 s)."""
    out: dict[str, list[tuple[str, float]]] = {}
    for lang, weights in _weights().items():
        for word, weight in weights.items():
            out.setdefault(word, []).append((lang, weight))
    return {w: tuple(pairs) for w, pairs in out.items()}


def detect(text: str) -> str:
    """ISO 639 code of ``text``'s language, or ``"und"`` when nothing gives it away."""
    hits = dict.fromkeys(_weights(), 0.0)
    by_word = _by_word()
    for word in _WORD.findall(text.lower()):
        for lang, weight in by_word.get(word, ()):
            hits[lang] += weight
    best = max(hits, key=lambda lang: (hits[lang], lang == "en"))
    if best != "en" and hits[best] < 1.5:
        # one stray function word ("de", "la" in a name) is not enough to call it non-English
        return "en" if hits["en"] else UNDETERMINED
    return best if hits[best] else UNDETERMINED


def detect_all(texts: Sequence[str]) -> list[str]:
    """Languages of ``texts``; undetermined ones take the most common detected language."""
    seen: dict[str, str] = {}
    found = [seen[t] if t in seen else seen.setdefault(t, detect(t)) for t in texts]
    known = Counter(lang for lang in found if lang != UNDETERMINED)
    main = known.most_common(1)[0][0] if known else "en"
    return [main if lang == UNDETERMINED else lang for lang in found]

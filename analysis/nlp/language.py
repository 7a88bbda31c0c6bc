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

from analysis.nlp.text import word_set

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
#: White Hmong function words (RPA spelling); spaCy has no Hmong stop-word list.
_HMONG = word_set(
    "thiab kuv koj peb lawv yog tsis muaj rau nyob hauv cov los ntawm tau ua txog xav nws "
    "ib tus yuav mus tuaj zoo kom no ntau"
)
UNDETERMINED = "und"


@cache
def _weights() -> dict[str, dict[str, float]]:
    """Per language, each function word's weight: 1 / the number of languages sharing it."""
    from spacy.lang.de.stop_words import STOP_WORDS as DE
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.es.stop_words import STOP_WORDS as ES
    from spacy.lang.fr.stop_words import STOP_WORDS as FR
    from spacy.lang.pt.stop_words import STOP_WORDS as PT
    from spacy.lang.vi.stop_words import STOP_WORDS as VI

    lists = {"en": EN, "es": ES, "fr": FR, "pt": PT, "de": DE, "vi": VI, "hmn": _HMONG}
    # a word shared by several lists ("a", "no", "para") counts only partly for each
    counts = Counter(w for words in lists.values() for w in words)
    return {lang: {w: 1 / counts[w] for w in words} for lang, words in lists.items()}


def detect(text: str) -> str:
    """ISO 639 code of ``text``'s language, or ``"und"`` when nothing gives it away."""
    words = [w.lower() for w in _WORD.findall(text)]
    hits = {lang: sum(weights.get(w, 0) for w in words) for lang, weights in _weights().items()}
    best = max(hits, key=lambda lang: (hits[lang], lang == "en"))
    if best != "en" and hits[best] < 1.5:
        # one stray function word ("de", "la" in a name) is not enough to call it non-English
        return "en" if hits["en"] else UNDETERMINED
    return best if hits[best] else UNDETERMINED


def detect_all(texts: Sequence[str]) -> list[str]:
    """Languages of ``texts``; undetermined ones take the most common detected language."""
    found = [detect(t) for t in texts]
    known = Counter(lang for lang in found if lang != UNDETERMINED)
    main = known.most_common(1)[0][0] if known else "en"
    return [main if lang == UNDETERMINED else lang for lang in found]

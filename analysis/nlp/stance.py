"""Stance of a unit: support, concern or neutral, with a score.

A transparent lexicon with negation handling rather than a sentiment model: no offline
stance model for civic text installs from PyPI, and an analyst can read why a unit was called
a concern. The guideline the lexicon and the hand-labelled check follow:

* support: approval, praise, thanks, agreement with something that exists or is proposed;
* concern: worry, complaint, a problem, opposition, fear, dissatisfaction;
* neutral: a suggestion or request without a clear evaluation, a description, a non-answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from analysis.nlp.text import word_set
from analysis.nlp.types import Stance

SUPPORT = word_set(
    "love loved loves great good excellent wonderful support supports supported agree agreed "
    "appreciate appreciated helpful happy thank thanks thankful best amazing enjoy enjoyed nice "
    "friendly kind caring efficient professional pleased fantastic brilliant lovely satisfied "
    "beneficial valuable perfect polite welcoming reassuring impressed grateful awesome superb "
    "outstanding favorite favourite glad proud benefit benefits"
)
CONCERN = word_set(
    "worry worried worries concern concerned concerns problem problems issue issues afraid fear "
    "fears unsafe dangerous danger crime violence terrible bad poor awful horrible rude dirty "
    "slow delay delays delayed expensive unaffordable lack lacking unfair racist racism "
    "discrimination corrupt corruption waste wasted broken fail failed failing failure struggle "
    "struggling stress stressful oppose opposed against worse worst disappointed disappointing "
    "frustrating frustrated confusing neglect neglected ignored crisis abuse shortage overcrowded "
    "hurt harm harmful risk threat scared angry upset unhappy complain complaint insufficient "
    "inadequate unacceptable difficult ridiculous sad lost losing rid "
    "gangs gang shootings theft unprofessional uncomfortable painful"
)
#: multi-word cues that single words miss
CONCERN_PHRASES = (
    "too long", "too much", "too many", "too high", "not enough", "no one", "nobody", "long wait",
    "waiting time", "waited", "should not", "shouldn't", "don't want", "do not want", "stop ",
)  # fmt: skip
NEGATORS = word_set("not no never n't nothing without hardly")
_TOKEN = re.compile(r"n't|[a-z]+(?:'[a-z]+)?")


@dataclass(frozen=True)
class StanceScore:
    """The stance of one unit and how strongly the text carries it (0..1)."""

    stance: Stance
    score: float


class StanceModel(Protocol):
    """Assigns a stance to each text."""

    name: str

    def predict(self, texts: Sequence[str]) -> list[StanceScore]: ...


class LexiconStance:
    """Counts support and concern cues, flipping a cue preceded by a negator within 3 words."""

    name = "lexicon-stance/1"

    def predict(self, texts: Sequence[str]) -> list[StanceScore]:
        """Return one :class:`StanceScore` per text."""
        return [self.score(t) for t in texts]

    def score(self, text: str) -> StanceScore:
        """Stance of one text."""
        return band(lexicon_polarity(text), -0.2, 0.2)


def lexicon_polarity(text: str) -> float:
    """(support cues - concern cues) / (cues + 1), in -1..1; a negated cue within 3 words
    flips praise to concern ("not good") and cancels a concern ("no problem" is mild)."""
    lower = text.lower()
    tokens = _TOKEN.findall(lower)
    support = concern = 0
    for i, tok in enumerate(tokens):
        polarity = 1 if tok in SUPPORT else -1 if tok in CONCERN else 0
        if polarity and NEGATORS & set(tokens[max(0, i - 3) : i]):
            polarity = -polarity if polarity > 0 else 0
        support += polarity > 0
        concern += polarity < 0
    concern += sum(lower.count(p) for p in CONCERN_PHRASES)
    return (support - concern) / (support + concern + 1)


def band(value: float, concern_at: float, support_at: float) -> StanceScore:
    """Concern at or below ``concern_at``, support at or above ``support_at``, else neutral;
    the score says how clearly (0..1)."""
    if value >= support_at:
        return StanceScore("support", round(min(1.0, value), 3))
    if value <= concern_at:
        return StanceScore("concern", round(min(1.0, -value), 3))
    return StanceScore("neutral", round(max(0.0, 1 - abs(value)), 3))


def row_stance(scores: Sequence[StanceScore]) -> Stance:
    """A row's stance from its units: the side with the larger summed score, else neutral."""
    support = sum(s.score for s in scores if s.stance == "support")
    concern = sum(s.score for s in scores if s.stance == "concern")
    if support == concern:
        return "neutral"
    return "support" if support > concern else "concern"

"""The question-type registry: the one place that knows every type."""

from __future__ import annotations

from surveys.qtypes.base import AnswerError, Column, Localised, QuestionType, Raw, parse_options
from surveys.qtypes.choice import MultipleChoice, Ranking, SingleChoice
from surveys.qtypes.demographics import Demographics
from surveys.qtypes.scales import Likert, Matrix, Number, Rating
from surveys.qtypes.text import Consent, DateAnswer, Email, LongText, ShortText

REGISTRY: dict[str, QuestionType] = {
    qtype.name: qtype
    for qtype in (
        SingleChoice(),
        MultipleChoice(),
        Likert(),
        Matrix(),
        Rating(),
        Ranking(),
        ShortText(),
        LongText(),
        Number(),
        DateAnswer(),
        Email(),
        Consent(),
        Demographics(),
    )
}


def get(name: str) -> QuestionType:
    """The type called ``name``; KeyError for an unknown name (a definition bug)."""
    return REGISTRY[name]


__all__ = [
    "REGISTRY",
    "AnswerError",
    "Column",
    "Localised",
    "QuestionType",
    "Raw",
    "get",
    "parse_options",
]

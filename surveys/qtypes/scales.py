"""Scales and numbers: Likert, a matrix of Likert rows, rating 0-10, number with bounds."""

from __future__ import annotations

import math
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from engage.errors import DomainError
from engage.wholenumber import whole_number
from surveys.qtypes.base import AnswerError, Column, Localised, QuestionType, Raw, field_name, first

LIKERT_LABELS = {
    5: (
        _l("Strongly disagree"),
        _l("Disagree"),
        _l("Neither agree nor disagree"),
        _l("Agree"),
        _l("Strongly agree"),
    ),
    7: (
        _l("Strongly disagree"),
        _l("Disagree"),
        _l("Somewhat disagree"),
        _l("Neither agree nor disagree"),
        _l("Somewhat agree"),
        _l("Agree"),
        _l("Strongly agree"),
    ),
}


def points_of(question: Any) -> int:
    return 7 if question.settings.get("points") == 7 else 5


def likert_scale(question: Any) -> list[tuple[int, Any]]:
    """(code, label) pairs; custom option labels replace the standard agreement labels."""
    points = points_of(question)
    custom = [o["label"] for o in question.options][:points]
    labels = custom if len(custom) == points else LIKERT_LABELS[points]
    return list(enumerate(labels, start=1))


def _point(text: str, points: int) -> int | None:
    if not text:
        return None
    point = whole_number(text)
    if point is None or not 1 <= point <= points:
        raise AnswerError(_("Please choose one of the options shown."))
    return point


def _points_setting(settings: dict[str, Any]) -> dict[str, Any]:
    points = int(settings.get("points") or 5)
    if points not in (5, 7):
        raise DomainError("A Likert scale has 5 or 7 points.")
    return {"points": points}


class Likert(QuestionType):
    name, label, stats_kind, macro = "likert", _l("Likert scale"), "ordinal", "likert"

    def parse(self, question: Any, raw: Raw) -> Any:
        return _point(first(raw, field_name(question.code)), points_of(question))

    def export_columns(self, question: Any) -> list[Column]:
        labels = {code: str(label) for code, label in likert_scale(question)}
        return [Column(question.code, question.text, lambda v: v, labels, numeric=True)]

    def display(self, question: Any, value: Any, local: Localised) -> str:
        labels = dict(likert_scale(question))
        if len(local.options) == points_of(question):
            labels = {n: o["label"] for n, o in enumerate(local.options, start=1)}
        return str(labels.get(value, ""))

    def validate_settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        return _points_setting(settings)


class Matrix(QuestionType):
    """Rows are statements (``settings["rows"]``), columns the Likert points.

    Value: ``{row_value: point}`` for the rows answered. Required means every row.
    """

    name, label, stats_kind, macro = "matrix", _l("Matrix of Likert rows"), "matrix", "matrix"

    def parse(self, question: Any, raw: Raw) -> Any:
        points, answers = points_of(question), {}
        for row in question.settings.get("rows", []):
            point = _point(first(raw, field_name(question.code, row["value"])), points)
            if point is not None:
                answers[row["value"]] = point
        if not answers:
            return None
        if question.required and len(answers) < len(question.settings.get("rows", [])):
            raise AnswerError(_("Please answer every row."))
        return answers

    def export_columns(self, question: Any) -> list[Column]:
        labels = {code: str(label) for code, label in likert_scale(question)}
        return [
            Column(
                f"{question.code}.{row['value']}",
                f"{question.text}: {row['label']}",
                lambda v, key=row["value"]: (v or {}).get(key),
                labels,
                numeric=True,
            )
            for row in question.settings.get("rows", [])
        ]

    def display(self, question: Any, value: Any, local: Localised) -> str:
        scale = dict(likert_scale(question))
        rows = {r["value"]: r["label"] for r in local.rows}
        return "; ".join(f"{rows.get(k, k)}: {scale.get(p, '')}" for k, p in (value or {}).items())

    def check_definition(self, question: Any) -> list[str]:
        if not question.settings.get("rows"):
            return [f"{question.code} has no rows; add at least one statement."]
        return []

    def validate_settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        return {**_points_setting(settings), "rows": settings.get("rows") or []}


class Rating(QuestionType):
    name, label, stats_kind, macro = "rating", _l("Rating 0–10"), "numeric", "rating"

    def parse(self, question: Any, raw: Raw) -> Any:
        text = first(raw, field_name(question.code))
        if not text:
            return None
        rating = whole_number(text)
        if rating is None or not 0 <= rating <= 10:
            raise AnswerError(_("Please choose a number from 0 to 10."))
        return rating

    def export_columns(self, question: Any) -> list[Column]:
        return [Column(question.code, question.text, lambda v: v, numeric=True)]


class Number(QuestionType):
    name, label, stats_kind, macro = "number", _l("Number"), "numeric", "number"

    def parse(self, question: Any, raw: Raw) -> Any:
        text = first(raw, field_name(question.code)).replace(",", "")
        if not text:
            return None
        try:
            value = float(text)
        except ValueError as exc:
            raise AnswerError(_("Please enter a number, for example 12 or 3.5.")) from exc
        if not math.isfinite(value):
            raise AnswerError(_("Please enter a number, for example 12 or 3.5."))
        low, high = question.settings.get("min"), question.settings.get("max")
        if (low is not None and value < low) or (high is not None and value > high):
            raise AnswerError(
                _("Please enter a number from %(low)s to %(high)s.", low=low, high=high)
            )
        return int(value) if value.is_integer() else value

    def export_columns(self, question: Any) -> list[Column]:
        return [Column(question.code, question.text, lambda v: v, numeric=True)]

    def validate_settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        low, high = settings.get("min"), settings.get("max")
        if low is not None and high is not None and low > high:
            raise DomainError("The smallest allowed number is larger than the largest.")
        return {"min": low, "max": high}

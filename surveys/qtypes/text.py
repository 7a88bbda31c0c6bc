"""Free input: short and long text, date, email, consent checkbox."""

from __future__ import annotations

from datetime import date
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from surveys.qtypes.base import (
    AnswerError,
    Column,
    Localised,
    QuestionType,
    Raw,
    check_text_length,
    field_name,
    first,
)

SHORT_LIMIT = 500
LONG_LIMIT = 10_000


class ShortText(QuestionType):
    name, label, stats_kind, macro = "short_text", _l("Short text"), "text", "short_text"
    limit = SHORT_LIMIT

    def parse(self, question: Any, raw: Raw) -> Any:
        # Keep the respondent's own line breaks and spacing inside the answer.
        text = (raw.get(field_name(question.code)) or [""])[0].strip()
        return check_text_length(text, self.limit) or None


class LongText(ShortText):
    name, label, macro = "long_text", _l("Long text"), "long_text"
    limit = LONG_LIMIT


class DateAnswer(QuestionType):
    name, label, stats_kind, macro = "date", _l("Date"), "date", "date"

    def parse(self, question: Any, raw: Raw) -> Any:
        text = first(raw, field_name(question.code))
        if not text:
            return None
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError as exc:
            raise AnswerError(_("Please enter a date as year-month-day, e.g. 2025-03-31.")) from exc


class Email(QuestionType):
    name, label, stats_kind, macro = "email", _l("Email address"), "text", "email"

    def parse(self, question: Any, raw: Raw) -> Any:
        text = first(raw, field_name(question.code))
        if not text:
            return None
        try:
            return validate_email(text, check_deliverability=False).normalized
        except EmailNotValidError as exc:
            raise AnswerError(_("Please enter an email address like name@example.org.")) from exc


class Consent(QuestionType):
    """A single checkbox; a required consent must be ticked. Value: True, or None."""

    name, label, stats_kind, macro = "consent", _l("Consent checkbox"), "binary", "consent"

    def required_message(self) -> str:
        return _("Please tick the box to give your consent.")

    def parse(self, question: Any, raw: Raw) -> Any:
        value = first(raw, field_name(question.code))
        if value not in ("", "yes"):
            raise AnswerError(_("Please choose one of the options shown."))
        return True if value == "yes" else None

    def export_columns(self, question: Any) -> list[Column]:
        return [
            Column(
                question.code,
                question.text,
                lambda v: 1 if v else 0,
                {0: "not given", 1: "given"},
                numeric=True,
            )
        ]

    def display(self, question: Any, value: Any, local: Localised) -> str:
        return _("Yes") if value else ""

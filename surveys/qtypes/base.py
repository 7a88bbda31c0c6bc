"""The interface every question type implements, and the helpers they share.

A type turns what the respondent's page posted (``Raw``: field name -> list of strings) into a
JSON value, or raises ``AnswerError`` with a message in the respondent's language. It also says
how a value is exported (``Column``), shown on the review page and counted in statistics.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from flask_babel import gettext as _

from engage.errors import DomainError

Raw = Mapping[str, list[str]]
OPTION_VALUE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


class AnswerError(ValueError):
    """The respondent's input for one question is not acceptable; ``str()`` says why."""


@dataclass(frozen=True)
class Column:
    """One export column: ``get`` maps an answer value (or None) to a cell."""

    name: str
    label: str
    get: Callable[[Any], Any]
    #: code -> label, for SPSS value labels and label columns
    value_labels: dict[Any, str] | None = None
    numeric: bool = False


@dataclass
class Localised:
    """A question's wording in one language, falling back to English piece by piece."""

    text: str
    help: str
    options: list[dict[str, str]] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)


def field_name(code: str, *parts: str) -> str:
    return ".".join(("q", code, *parts))


def first(raw: Raw, name: str) -> str:
    values = raw.get(name) or [""]
    return values[0].strip()


def option_values(options: list[dict[str, str]]) -> list[str]:
    return [o["value"] for o in options]


def labels_of(options: list[dict[str, str]]) -> dict[str, str]:
    return {o["value"]: o["label"] for o in options}


def check_text_length(text: str, limit: int) -> str:
    if len(text) > limit:
        raise AnswerError(
            _(
                "Please shorten your answer to %(limit)s characters (it has %(n)s).",
                limit=limit,
                n=len(text),
            )
        )
    return text


class QuestionType:
    """Base class; subclasses set the class attributes and override what differs."""

    name: ClassVar[str]
    label: ClassVar[Any]
    #: how analysis treats the values: categorical, multi, ordinal, numeric, text, date, binary,
    #: ranking, matrix, demographic
    stats_kind: ClassVar[str]
    #: the Jinja macro in templates/respond/_questions.html that renders the inputs
    macro: ClassVar[str]
    needs_options: ClassVar[bool] = False

    def required_message(self) -> str:
        return _("Please answer this question.")

    def parse(self, question: Any, raw: Raw) -> Any:
        """The JSON value for what was posted, or None when the question was left blank.

        Raises:
            AnswerError: the input is malformed (wrong type, unknown option, too long).
        """
        raise NotImplementedError

    def export_columns(self, question: Any) -> list[Column]:
        return [Column(question.code, question.text, lambda value: value)]

    def display(self, question: Any, value: Any, local: Localised) -> str:
        """A short human reading of ``value`` for review pages and the response browser."""
        return "" if value is None else str(value)

    def check_definition(self, question: Any) -> list[str]:
        """Problems that must be fixed before the survey can open (English, for staff)."""
        if self.needs_options and not question.options:
            return [f"{question.code} has no choices; add at least one."]
        return []

    def validate_settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        """Clean builder settings for this type; raise DomainError on nonsense."""
        return {}


def parse_options(text: str) -> list[dict[str, str]]:
    """Builder input, one option per line: ``label`` or ``value | label``."""
    options, seen = [], set()
    for n, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        value, _sep, label = line.partition("|") if "|" in line else ("", "", line)
        value = value.strip() or _slug(label, n)
        if not OPTION_VALUE.match(value):
            raise DomainError(f"Choice code '{value}' may only use letters, digits, _ and -.")
        if value in seen:
            raise DomainError(f"Two choices have the code '{value}'.")
        seen.add(value)
        options.append({"value": value, "label": label.strip()})
    return options


def _slug(label: str, n: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:30]
    return slug or f"opt{n}"

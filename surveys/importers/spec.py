"""A neutral survey definition between a source file and Engage, and how it is built.

Importers fill a :class:`SurveySpec`; :func:`build` creates the survey through
``surveys.services`` (so every rule the builder enforces holds for imports too). It flushes
and never commits: the caller commits once, so a failed import leaves nothing behind.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from engage.errors import DomainError
from engage.extensions import db
from surveys import services
from surveys.importers.report import BadImport, MappingReport
from surveys.models import Anonymity, Survey, SurveyKind

CODE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
#: settings any type may carry (see surveys.services.save_question)
EXTRA_SETTINGS = ("allow_other", "integer", "maps_to", "random_order")


@dataclass
class QuestionSpec:
    code: str
    type: str
    text: str
    #: where it came from, for the report ("row 7", "question Q01")
    where: str
    help: str = ""
    required: bool = False
    options: list[dict[str, str]] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    condition: dict[str, Any] | None = None
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class SectionSpec:
    title: str = ""
    intro: str = ""
    condition: dict[str, Any] | None = None
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)
    questions: list[QuestionSpec] = field(default_factory=list)


@dataclass
class SurveySpec:
    title: str
    languages: list[str] = field(default_factory=lambda: ["en"])
    intro: str = ""
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)
    sections: list[SectionSpec] = field(default_factory=list)

    @property
    def questions(self) -> list[QuestionSpec]:
        return [q for s in self.sections for q in s.questions]


def safe_value(raw: Any, used: set[str]) -> str:
    """A code Engage accepts (letters, digits, _ and -, at most 40), unique within ``used``."""
    text = unicodedata.normalize("NFKD", str(raw)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_")[:36] or "item"
    candidate, n = text, 1
    while candidate in used:
        n += 1
        candidate = f"{text}_{n}"
    used.add(candidate)
    return candidate


def build(spec: SurveySpec, actor: Any, report: MappingReport) -> Survey:
    """Create a draft survey from ``spec`` (flushes; the caller commits once).

    Raises:
        BadImport: nothing importable was found, or Engage refused a question (named).
    """
    if not spec.questions:
        raise BadImport(f"{report.source}: no question could be imported ({report.summary()}).")
    survey = services.create_survey(
        title=(spec.title or "Imported survey")[:300],
        kind=SurveyKind.CUSTOM,
        anonymity=Anonymity.ANONYMOUS,
        actor=actor,
        languages=spec.languages,
    )
    survey.intro, survey.translations = spec.intro, spec.translations
    sections = [s for s in spec.sections if s.questions or s.intro]
    for index, section_spec in enumerate(sections):
        section = survey.sections[0] if index == 0 else None
        values = {
            "title": section_spec.title[:300],
            "intro": section_spec.intro,
            "condition": section_spec.condition,
            "translations": section_spec.translations,
        }
        section = services.save_section(survey, section, values)
        for q in section_spec.questions:
            _add_question(section, q, actor)
    return survey


def _add_question(section: Any, q: QuestionSpec, actor: Any) -> None:
    values = {
        "type": q.type,
        "code": q.code,
        "text": q.text or q.code,
        "help": q.help,
        "required": q.required,
        "options": q.options,
        "settings": q.settings,
        "extra": {k: v for k, v in q.settings.items() if k in EXTRA_SETTINGS},
        "condition": q.condition,
        "translations": q.translations,
    }
    try:
        # save_question appends before filling the text; an autoflush in between would
        # insert a question without text.
        with db.session.no_autoflush:
            services.save_question(section, None, values, actor)
    except DomainError as exc:
        raise BadImport(f"{q.where} ({q.code}): {exc}") from None

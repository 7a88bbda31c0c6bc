"""Building surveys: definitions, ordering, duplication, checks and the open/close lifecycle."""

from __future__ import annotations

import copy
import secrets
from typing import Any

from sqlalchemy import select

from engage.audit.services import record
from engage.errors import DomainError
from engage.extensions import db
from surveys import conditions, qtypes
from surveys.models import Anonymity, Question, Section, Survey, SurveyKind, SurveyStatus
from surveys.wording import missing_translations

LANGUAGES = ("en", "es", "hmn")
#: wording fields that may still be corrected after opening (typos), with an audit record
WORDING_FIELDS = ("text", "help", "translations")


def new_slug() -> str:
    """An unguessable public link slug (96 bits)."""
    return secrets.token_urlsafe(12)


def create_survey(
    *, title: str, kind: SurveyKind, anonymity: Anonymity, actor: Any, languages: list[str]
) -> Survey:
    """Create a draft survey with one empty section.

    Args:
        title: the English title.
        kind: buy-in, feedback, census or custom.
        anonymity: the promise made to respondents.
        actor: the staff user creating it.
        languages: codes offered to respondents; English is always included.
    """
    survey = Survey(
        title=title.strip(),
        kind=kind,
        anonymity=anonymity,
        slug=new_slug(),
        languages=_languages(languages),
        created_by_id=getattr(actor, "id", None),
        translations={},
    )
    survey.sections.append(Section(position=0, title="", translations={}))
    db.session.add(survey)
    db.session.flush()
    record(actor, "survey.created", "survey", survey.id, anonymity=str(anonymity))
    return survey


def _languages(languages: list[str]) -> list[str]:
    return ["en", *[code for code in LANGUAGES[1:] if code in languages]]


def update_survey(survey: Survey, values: dict[str, Any], actor: Any) -> None:
    """Change title, texts, dates, languages and anonymity, within the lifecycle rules."""
    mode = Anonymity(values["anonymity"])
    if mode != survey.anonymity:
        before = survey.anonymity
        survey.set_anonymity(mode)
        record(actor, "survey.anonymity_changed", "survey", survey.id, before=before, after=mode)
    for key in ("title", "intro", "thanks", "opens_at", "closes_at", "review_step", "public"):
        if key in values:
            setattr(survey, key, values[key])
    survey.kind = SurveyKind(values.get("kind", survey.kind))
    survey.languages = _languages(values.get("languages", survey.languages))
    if survey.opens_at and survey.closes_at and survey.closes_at <= survey.opens_at:
        raise DomainError("The closing date must be after the opening date.")
    db.session.flush()


def save_section(survey: Survey, section: Section | None, values: dict[str, Any]) -> Section:
    """Add or edit a section; its skip rule may read only questions in earlier sections."""
    if section is None:
        survey.check_editable()
        section = Section(position=len(survey.sections), translations={})
        survey.sections.append(section)
    elif survey.status != SurveyStatus.DRAFT and values.get("condition") != section.condition:
        survey.check_editable()
    section.title, section.intro = values.get("title", ""), values.get("intro", "")
    section.condition = values.get("condition")
    section.translations = values.get("translations", section.translations) or {}
    db.session.flush()
    return section


def next_code(survey: Survey) -> str:
    used = {q.code for q in survey.questions}
    n = len(used) + 1
    while f"q{n}" in used:
        n += 1
    return f"q{n}"


def save_question(
    section: Section, question: Question | None, values: dict[str, Any], actor: Any
) -> Question:
    """Add or edit a question.

    After opening only wording (text, help, translations) may change; each such fix is
    audited so analysts can see what respondents were shown.
    """
    survey = section.survey
    qtype = qtypes.get(values["type"])
    settings = qtype.validate_settings(values.get("settings") or {})
    # Settings every type may carry: random order, "other", attribute mapping.
    settings.update({k: v for k, v in (values.get("extra") or {}).items() if v})
    adding = question is None
    if question is None:
        survey.check_editable()
        question = Question(survey_id=survey.id, code=values.get("code") or next_code(survey))
    elif survey.status != SurveyStatus.DRAFT:
        return _fix_wording(question, values, actor)
    # Checking the code reads every section's questions, which may autoflush: a new question
    # joins its section (and so the session) only once it is complete.
    _check_code(survey, question, values.get("code") or question.code)
    question.code, question.type = values.get("code") or question.code, qtype.name
    question.text, question.help = values["text"].strip(), values.get("help", "")
    question.required = bool(values.get("required"))
    question.options, question.settings = values.get("options", []), settings
    question.condition = values.get("condition")
    question.translations = values.get("translations") or {}
    if adding:
        question.position = len(section.questions)
        section.questions.append(question)
    db.session.flush()
    return question


def _check_code(survey: Survey, question: Question, code: str) -> None:
    if not qtypes.base.OPTION_VALUE.match(code):
        raise DomainError("A question code may only use letters, digits, _ and -.")
    clash = [q for q in survey.questions if q.code == code and q is not question]
    if clash:
        raise DomainError(f"Another question already has the code {code}.")


def _fix_wording(question: Question, values: dict[str, Any], actor: Any) -> Question:
    structure = ("type", "required", "options", "settings", "condition", "code")
    if any(key in values and values[key] != getattr(question, key) for key in structure):
        question.section.survey.check_editable()
    before = {key: copy.deepcopy(getattr(question, key)) for key in WORDING_FIELDS}
    question.text, question.help = values["text"].strip(), values.get("help", "")
    question.translations = values.get("translations") or {}
    db.session.flush()
    record(actor, "question.wording_fixed", "question", question.id, before=before)
    return question


def move(item: Section | Question, delta: int) -> None:
    """Swap an item with its neighbour (delta -1 up, +1 down); ends stay put."""
    parent = item.survey if isinstance(item, Section) else item.section.survey
    parent.check_editable()
    siblings = parent.sections if isinstance(item, Section) else item.section.questions
    index = siblings.index(item)
    other = index + delta
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        sibling.position = position
    db.session.flush()


def duplicate_question(question: Question) -> Question:
    """A copy placed right after the original, with a fresh code and no skip rule change."""
    section = question.section
    section.survey.check_editable()
    clone = Question(
        survey_id=question.survey_id,
        code=next_code(section.survey),
        **{k: copy.deepcopy(getattr(question, k)) for k in _COPIED},
    )
    section.questions.insert(section.questions.index(question) + 1, clone)
    for position, sibling in enumerate(section.questions):
        sibling.position = position
    db.session.flush()
    return clone


_COPIED = ("type", "text", "help", "required", "options", "settings", "condition", "translations")


def delete_item(item: Section | Question) -> None:
    survey = item.survey if isinstance(item, Section) else item.section.survey
    survey.check_editable()
    if isinstance(item, Section) and len(survey.sections) == 1:
        raise DomainError("A survey needs at least one section.")
    db.session.delete(item)
    db.session.flush()


def duplicate_survey(survey: Survey, actor: Any, *, as_template: bool = False) -> Survey:
    """A new draft with the same sections and questions (used for templates too)."""
    prefix = "" if as_template or survey.is_template else "Copy of "
    clone = Survey(
        title=f"{prefix}{survey.title}",
        slug=new_slug(),
        created_by_id=getattr(actor, "id", None),
        is_template=as_template,
        **{
            k: copy.deepcopy(getattr(survey, k))
            for k in ("intro", "thanks", "kind", "anonymity", "public", "languages", "translations")
        },
    )
    for section in survey.sections:
        copy_section = Section(
            position=section.position,
            **{
                k: copy.deepcopy(getattr(section, k))
                for k in ("title", "intro", "condition", "translations")
            },
        )
        clone.sections.append(copy_section)
        for q in section.questions:
            copy_section.questions.append(
                Question(
                    survey=clone,
                    code=q.code,
                    position=q.position,
                    **{k: copy.deepcopy(getattr(q, k)) for k in _COPIED},
                )
            )
    db.session.add(clone)
    db.session.flush()
    record(actor, "survey.duplicated", "survey", clone.id, source=survey.id)
    return clone


def problems(survey: Survey) -> list[str]:
    """Everything that must be fixed before opening, each naming the question at fault."""
    found: list[str] = []
    seen: set[str] = set()
    for section in survey.sections:
        found += _condition_problems(
            section.condition, seen, f"Section '{section.title or section.position + 1}'"
        )
        for question in section.questions:
            found += qtypes.get(question.type).check_definition(question)
            found += _condition_problems(question.condition, seen, question.code)
            found += [
                f"{question.code} is missing a {lang} translation of its {part}."
                for lang in survey.languages
                if lang != "en"
                for part in missing_translations(question, lang)
            ]
            seen.add(question.code)
    if not survey.questions:
        found.append("The survey has no questions.")
    return found


def _condition_problems(condition: dict | None, earlier: set[str], owner: str) -> list[str]:
    return [
        f"{owner} has a skip rule on {code}, which is not an earlier question."
        for code in sorted(conditions.referenced(condition) - earlier)
    ]


def open_survey(survey: Survey, actor: Any) -> None:
    """Open (or reopen) after checking the definition; raises DomainError listing problems."""
    found = problems(survey)
    if found:
        raise DomainError("The survey cannot open yet: " + " ".join(found))
    reopening = survey.status == SurveyStatus.CLOSED
    survey.open()
    db.session.flush()
    record(actor, "survey.reopened" if reopening else "survey.opened", "survey", survey.id)


def close_survey(survey: Survey, actor: Any) -> None:
    survey.close()
    db.session.flush()
    record(actor, "survey.closed", "survey", survey.id)


def surveys_for(user: Any, include_templates: bool = False) -> list[Survey]:
    query = select(Survey).where(Survey.is_template.is_(include_templates))
    return list(db.session.scalars(query.order_by(Survey.created_at.desc())))

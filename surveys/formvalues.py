"""Builder form data -> the plain values the services take (and back, for editing)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select

from engage.directory.models import OrgUnit, OrgUnitKind
from engage.extensions import db
from surveys import conditions
from surveys.forms import OTHER_LANGUAGES, QuestionForm, SectionForm, SurveyForm
from surveys.models import Question, Section, Survey
from surveys.qtypes import parse_options


def _day(value: date | None) -> datetime | None:
    return datetime.combine(value, time.min, tzinfo=UTC) if value else None


def survey_values(form: SurveyForm) -> dict[str, Any]:
    translations = {
        lang: {k: getattr(form, f"{k}_{lang}").data or "" for k in ("title", "intro", "thanks")}
        for lang, _name in OTHER_LANGUAGES
    }
    return {
        "title": form.title.data.strip(),
        "kind": form.kind.data,
        "anonymity": form.anonymity.data,
        "public": form.public.data,
        "languages": ["en", *(form.languages.data or [])],
        "intro": form.intro.data or "",
        "thanks": form.thanks.data or "",
        "opens_at": _day(form.opens_on.data),
        "closes_at": _day(form.closes_on.data),
        "review_step": form.review_step.data,
        "translations": translations,
    }


def fill_survey_form(form: SurveyForm, survey: Survey) -> None:
    form.kind.data, form.anonymity.data = survey.kind.value, survey.anonymity.value
    form.languages.data = [code for code in survey.languages if code != "en"]
    form.opens_on.data = survey.opens_at.date() if survey.opens_at else None
    form.closes_on.data = survey.closes_at.date() if survey.closes_at else None
    for lang, _name in OTHER_LANGUAGES:
        for key in ("title", "intro", "thanks"):
            getattr(form, f"{key}_{lang}").data = survey.translations.get(lang, {}).get(key, "")


def section_values(form: SectionForm) -> dict[str, Any]:
    """Raises DomainError for a skip rule that cannot be read."""
    return {
        "title": form.title.data or "",
        "intro": form.intro.data or "",
        "condition": conditions.parse(form.condition.data or ""),
        "translations": {
            lang: {k: getattr(form, f"{k}_{lang}").data or "" for k in ("title", "intro")}
            for lang, _name in OTHER_LANGUAGES
        },
    }


def fill_section_form(form: SectionForm, section: Section) -> None:
    form.condition.data = conditions.describe(section.condition)
    for lang, _name in OTHER_LANGUAGES:
        for key in ("title", "intro"):
            getattr(form, f"{key}_{lang}").data = section.translations.get(lang, {}).get(key, "")


def _directory_options(kind: str) -> list[dict[str, str]]:
    units = db.session.scalars(
        select(OrgUnit).where(OrgUnit.kind == OrgUnitKind(kind)).order_by(OrgUnit.name)
    )
    return [{"value": f"u{unit.id}", "label": unit.name} for unit in units]


def _labels_by_line(options: list[dict[str, str]], text: str) -> dict[str, str]:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return {o["value"]: label for o, label in zip(options, lines, strict=False)}


def question_values(form: QuestionForm) -> dict[str, Any]:
    """Raises DomainError for bad choices or an unreadable skip rule."""
    options = (
        _directory_options(form.fill_from.data)
        if form.fill_from.data
        else parse_options(form.options.data or "")
    )
    rows = parse_options(form.rows.data or "")
    settings = {
        "points": int(form.points.data or 5),
        "rows": rows,
        "min": form.minimum.data,
        "max": form.maximum.data,
    }
    translations = {
        lang: {
            "text": getattr(form, f"text_{lang}").data or "",
            "help": getattr(form, f"help_{lang}").data or "",
            "options": _labels_by_line(options, getattr(form, f"options_{lang}").data),
            "rows": _labels_by_line(rows, getattr(form, f"rows_{lang}").data),
        }
        for lang, _name in OTHER_LANGUAGES
    }
    return {
        "type": form.type.data,
        "code": (form.code.data or "").strip(),
        "text": form.text.data,
        "help": form.help.data or "",
        "required": form.required.data,
        "options": options,
        "settings": settings,
        "extra": {k: getattr(form, k).data for k in ("allow_other", "random_order", "maps_to")},
        "condition": conditions.parse(form.condition.data or ""),
        "translations": translations,
    }


def _lines(items: list[dict[str, str]], labels: dict[str, str] | None = None) -> str:
    if labels is None:
        return "\n".join(f"{i['value']} | {i['label']}" for i in items)
    return "\n".join(labels.get(i["value"], "") for i in items)


def fill_question_form(form: QuestionForm, question: Question) -> None:
    settings = question.settings or {}
    form.type.data, form.points.data = question.type, str(settings.get("points", 5))
    form.options.data = _lines(question.options)
    form.rows.data = _lines(settings.get("rows") or [])
    form.minimum.data, form.maximum.data = settings.get("min"), settings.get("max")
    for key in ("allow_other", "random_order", "maps_to"):
        getattr(form, key).data = settings.get(key) or ("" if key == "maps_to" else False)
    form.condition.data = conditions.describe(question.condition)
    for lang, _name in OTHER_LANGUAGES:
        tr = question.translations.get(lang, {})
        getattr(form, f"text_{lang}").data = tr.get("text", "")
        getattr(form, f"help_{lang}").data = tr.get("help", "")
        getattr(form, f"options_{lang}").data = _lines(question.options, tr.get("options") or {})
        getattr(form, f"rows_{lang}").data = _lines(
            settings.get("rows") or [], tr.get("rows") or {}
        )

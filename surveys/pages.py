"""Rendering respondent pages (the live form and the staff preview share these)."""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

from flask import render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from engage.i18n import LANGUAGE_NAMES
from surveys import form_guard, page_cache, qtypes, responding
from surveys.conditions import referenced
from surveys.models import Anonymity, Question, Section, Survey
from surveys.qtypes.demographics import AGE_BANDS, GENDER, RACE_ETHNICITY
from surveys.qtypes.scales import likert_scale, points_of
from surveys.responding import REVIEW, FormState
from surveys.wording import localise, text_of


def _scale(question: Question, local: qtypes.Localised) -> list[tuple[int, Any]]:
    if len(local.options) == points_of(question):
        return [(n, o["label"]) for n, o in enumerate(local.options, start=1)]
    return likert_scale(question)


def _rating(question: Question) -> list[tuple[int, str]]:
    low = question.settings.get("low_label") or _("not at all")
    high = question.settings.get("high_label") or _("completely")
    return [
        (n, f"{n} ({low})" if n == 0 else f"{n} ({high})" if n == 10 else str(n)) for n in range(11)
    ]


HELPERS = SimpleNamespace(
    scale=_scale,
    rating=_rating,
    pairs=lambda options: [(o["value"], o["label"]) for o in options],
    race=RACE_ETHNICITY,
    gender=GENDER,
    age=AGE_BANDS,
)


def anonymity_text(mode: Anonymity) -> str:
    """The promise to respondents, in plain words, shown before the first question."""
    if mode == Anonymity.ANONYMOUS:
        return _(
            "This survey is anonymous. We do not record your name, email, internet address or "
            "the time you answer (only the date). Nobody, including the county staff who run "
            "the survey, can link your answers to you. If you want to stay anonymous, do not "
            "write your name in your answers."
        )
    if mode == Anonymity.CONFIDENTIAL:
        return _(
            "This survey is confidential. Your answers are linked to your invitation so we know "
            "who has answered, but only a few administrators can see that link. Reports never "
            "show your name."
        )
    return _("This survey is not anonymous: staff running it will see your name with your answers.")


def notice(survey: Survey, status: int, title: str, text: str) -> ResponseReturnValue:
    """A polite full page for every refusal; ``status`` is always 4xx."""
    return render_template(
        "respond/notice.html", survey=survey, title=title, text=text, status=status
    ), status


def render_page(
    survey: Survey,
    state: FormState,
    ev: responding.Evaluation | None = None,
    *,
    errors: bool = False,
    status: int = 200,
    preview: bool = False,
    message: str = "",
) -> ResponseReturnValue:
    """Render the state's current page (a section, or the review step)."""
    if not (errors or preview or message) and page_cache.is_blank(survey, state):
        # The same for everyone: nothing below is built unless the page is not cached yet.
        def render(marks: dict[str, Any]) -> str:
            shown = ev or responding.evaluate(survey, state.raw)
            return _render_section(survey, state, shown, False, False, "", marks)

        return page_cache.blank_page(survey, state, render), status
    ev = ev or responding.evaluate(survey, state.raw)
    if state.page == REVIEW:
        context = _context(survey, state, ev, preview, message)
        context["summary"] = responding.answered_summary(survey, ev, state.lang)
        context["state_token"] = responding.dump_state(state)
        return render_template("respond/review.html", **context), status
    token = {"state_token": responding.dump_state(state)}
    return _render_section(survey, state, ev, errors, preview, message, token), status


def _context(
    survey: Survey, state: FormState, ev: responding.Evaluation, preview: bool, message: str
) -> dict[str, Any]:
    context = {
        "survey": survey,
        "state": state,
        "ev": ev,
        "lang": state.lang,
        "preview": preview,
        "message": message,
        "title": text_of(survey, "title", state.lang),
        "languages": {code: LANGUAGE_NAMES[code] for code in survey.languages},
        "action_url": url_for("surveys.preview", survey_id=survey.id)
        if preview
        else url_for("respond.answer", slug=survey.slug),
    }
    if not preview:  # the preview posts to a staff page, which checks Flask-WTF's token
        context["csrf_token"] = form_guard.token
    return context


def _render_section(
    survey: Survey,
    state: FormState,
    ev: responding.Evaluation,
    errors: bool,
    preview: bool,
    message: str,
    extra: dict[str, Any],
) -> str:
    context = _context(survey, state, ev, preview, message)
    context |= _section_context(survey, state, ev, errors, preview)
    return render_template("respond/page.html", **(context | extra))


def _section_context(
    survey: Survey, state: FormState, ev: responding.Evaluation, errors: bool, preview: bool
) -> dict[str, Any]:
    section = survey.sections[state.page]
    shown = [survey.sections.index(s) for s in ev.sections]
    return {
        "section": section,
        "section_title": text_of(section, "title", state.lang),
        "section_intro": text_of(section, "intro", state.lang),
        "survey_intro": text_of(survey, "intro", state.lang),
        "anonymity_text": anonymity_text(survey.anonymity),
        "questions": [(q, _localised(q, state)) for q in section.questions],
        "errors": ev.errors_in(section) if errors else {},
        "number": shown.index(state.page) + 1 if state.page in shown else 1,
        "total": max(len(shown), 1),
        "last": responding.neighbour(survey, ev, state.page, 1) is None,
        "first": responding.neighbour(survey, ev, state.page, -1) is None,
        "prior": _prior(section, ev),
        "question_html": page_cache.QuestionRenderer(survey, state, preview, HELPERS),
    }


def _localised(question: Question, state: FormState) -> qtypes.Localised:
    local = localise(question, state.lang)
    if question.settings.get("random_order"):
        # Seeded by the respondent's form key: stable while they answer, different per person.
        random.Random(f"{state.key}:{question.code}").shuffle(local.options)  # noqa: S311
    return local


def _prior(section: Section, ev: responding.Evaluation) -> dict[str, list[str]]:
    """Answers from earlier pages that this page's skip rules read (for survey.js)."""
    codes: set[str] = set()
    for question in section.questions:
        codes |= referenced(question.condition)
    on_page = {q.code for q in section.questions}
    return {code: ev.atoms.get(code, []) for code in sorted(codes - on_page)}

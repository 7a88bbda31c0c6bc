"""Respondent page markup that is the same for every respondent, kept per worker process.

A page nobody has answered yet (the first page every respondent is sent) differs between
respondents only in two hidden fields: the signed form state and the CSRF token. Such pages
are rendered once per survey revision, page and language with placeholders in those two
fields, and each request fills in its own freshly signed values. Questions on other pages are
cached one by one while unanswered and error-free. Keys start with the survey's ``revision``,
which changes with every edit of the survey, a section or a question (surveys.definitions), so
an edit is never served stale. Options shown in random order are never cached.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from flask import current_app
from markupsafe import Markup, escape

from engage.i18n import current_language
from surveys import form_guard, qtypes, responding
from surveys.models import Question, Survey
from surveys.responding import REVIEW, FormState

#: (survey revision, page, language) -> page markup with the two placeholders below
_PAGES: dict[tuple[str, int, str], str] = {}
#: (survey revision, question id, language) -> the question's inputs as first shown
_QUESTIONS: dict[tuple[str, int, str], Markup] = {}
#: survey revision -> the page a new respondent starts on (skip rules may hide the first)
_FIRST_PAGES: dict[str, int] = {}
#: past this many entries a cache starts over (many open surveys, or many edits)
_LIMIT = 4096
# Random per process, so no survey text can contain them by accident; only [a-z0-9-].
_STATE_MARK = f"engage-state-{secrets.token_hex(16)}"
_CSRF_MARK = f"engage-csrf-{secrets.token_hex(16)}"


def first_page(survey: Survey) -> int:
    """The page a new respondent starts on, evaluated once per survey revision."""
    page = _FIRST_PAGES.get(survey.revision)
    if page is None:
        page = responding.first_page(survey, responding.evaluate(survey, {}))
        _store(_FIRST_PAGES, survey.revision, page)
    return page


def is_blank(survey: Survey, state: FormState) -> bool:
    """Whether the state's page looks the same for every respondent in its language."""
    if state.raw or state.page == REVIEW or state.lang != current_language():
        return False
    questions = survey.sections[state.page].questions
    return not any(q.settings.get("random_order") for q in questions)


def blank_page(survey: Survey, state: FormState, render: Callable[[dict[str, Any]], str]) -> str:
    """The page for ``state`` (see ``is_blank``); ``render(overrides)`` renders the template."""
    key = (survey.revision, state.page, state.lang)
    html = _PAGES.get(key)
    if html is None:
        html = render({"state_token": _STATE_MARK, "csrf_token": lambda: _CSRF_MARK})
        _store(_PAGES, key, html)
    state_token = str(escape(responding.dump_state(state)))
    csrf_token = str(escape(form_guard.token()))
    return html.replace(_STATE_MARK, state_token).replace(_CSRF_MARK, csrf_token)


class QuestionRenderer:
    """Renders one question's inputs with its type's macro (``respond/_questions.html``)."""

    def __init__(self, survey: Survey, state: FormState, preview: bool, helpers: Any) -> None:
        self.macros = current_app.jinja_env.get_template("respond/_questions.html").module
        self.revision, self.raw, self.helpers = survey.revision, state.raw, helpers
        self.lang, self.cache = state.lang, not preview and state.lang == current_language()

    def __call__(self, question: Question, local: qtypes.Localised, error: str | None) -> Markup:
        key = (self.revision, question.id, self.lang)
        blank = self.cache and not error and not self._answered(question.code)
        blank = blank and not question.settings.get("random_order")
        if blank and key in _QUESTIONS:
            return _QUESTIONS[key]
        macro = getattr(self.macros, qtypes.REGISTRY[question.type].macro)
        html: Markup = macro(question, local, self.raw, error, self.helpers)  # autoescaped
        if blank:
            _store(_QUESTIONS, key, html)
        return html

    def _answered(self, code: str) -> bool:
        prefix = f"q.{code}"
        return any(name == prefix or name.startswith(prefix + ".") for name in self.raw)


def _store(cache: dict, key: Any, value: Any) -> None:
    if len(cache) >= _LIMIT:
        cache.clear()
    cache[key] = value

"""Respondent pages at ``/s/<slug>``: one page per section, no account needed.

Every outcome a respondent can cause is a page in their language with a 4xx status where
something is wrong: closed or not-yet-open surveys, forged or used invitation links, tampered
forms, invalid answers (with every other answer kept).
"""

from __future__ import annotations

from flask import Blueprint, abort, g, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from engage.access import public
from engage.extensions import csrf, db
from engage.timeutil import utcnow
from surveys import definitions, form_guard, page_cache, responding
from surveys.definitions import SurveyChanged, survey_by_slug
from surveys.distribution import find_invitation
from surveys.models import Invitation, Survey, SurveyStatus
from surveys.navigation import handle
from surveys.pages import notice, render_page
from surveys.responding import FormState
from surveys.wording import text_of

bp = Blueprint("respond", __name__, url_prefix="/s")
# Respondent forms carry their own CSRF token, bound to a cookie rather than the session.
csrf.exempt(bp)
bp.before_request(form_guard.protect)
bp.after_request(form_guard.issue_cookie)


def _survey(slug: str) -> Survey:
    # Every respondent request walks all sections and questions: a per-process cached copy,
    # checked against the survey's current revision on each request.
    survey = survey_by_slug(slug)
    if survey is None or survey.is_template:
        abort(404)
    return survey


def _language(survey: Survey, wanted: str | None) -> str:
    lang = wanted if wanted in survey.languages else None
    if lang is None:
        lang = request.accept_languages.best_match(survey.languages, default="en")
    g.engage_lang = lang  # the interface strings follow the survey language
    return lang


def _gate(
    survey: Survey, token: str | None
) -> tuple[Invitation | None, ResponseReturnValue | None]:
    """Refuse closed, not-yet-open, invitation-only and bad-token requests."""
    now = utcnow()
    if survey.status == SurveyStatus.DRAFT or (survey.opens_at and now < survey.opens_at):
        return None, notice(
            survey,
            403,
            _("Not open yet"),
            _("This survey is not open yet. Please come back later."),
        )
    if not survey.accepting_at(now):
        return None, notice(
            survey,
            410,
            _("Survey closed"),
            _("This survey has closed. Thank you for your interest."),
        )
    if not token:
        if survey.public:
            return None, None
        return None, notice(
            survey,
            403,
            _("Invitation needed"),
            _("This survey is by invitation only. Please use the personal link you were sent."),
        )
    invitation = find_invitation(survey, token)
    if invitation is None:
        return None, notice(
            survey,
            403,
            _("Link not valid"),
            _("This invitation link is not valid. Please check that you copied all of it."),
        )
    if invitation.used:
        return None, notice(
            survey,
            409,
            _("Already answered"),
            _("This invitation has already been used to answer the survey. Thank you!"),
        )
    return invitation, None


@bp.get("/<slug>")
@public
def page(slug: str) -> ResponseReturnValue:
    survey = _survey(slug)
    lang = _language(survey, request.args.get("lang"))
    token = request.args.get("t")
    _invitation, refusal = _gate(survey, token)
    if refusal is not None:
        return refusal
    state = FormState(survey_id=survey.id, lang=lang, token=token)
    state.page = page_cache.first_page(survey)
    return render_page(survey, state)


@bp.post("/<slug>")
@public
def answer(slug: str) -> ResponseReturnValue:
    """Answer with this process's copy of the survey, then make sure it was current.

    A submission checks the revision in the statement that stores it (one round trip for the
    whole POST on PostgreSQL); any other outcome reads it afterwards. Either way a changed
    survey gets the request answered again against its current definition; nothing was
    written with the old one (every write checks the revision).
    """
    copy = definitions.copy_of(slug)
    if copy is not None and not copy.is_template:
        g.engage_revision_checked = False
        try:
            response = _answer(copy)
        except SurveyChanged:
            response = None
        if response is not None and g.engage_revision_checked:
            return response
        _give_connection_back()
        if response is not None and definitions.is_current(copy):
            return response
    for _attempt in range(3):
        try:
            return _answer(_survey(slug))
        except SurveyChanged:  # edited or closed again since its revision was read
            _give_connection_back()
    abort(503)


def _give_connection_back() -> None:
    """End the session's transaction (reads, a start refused) before reading the revision.

    A request holding one connection while waiting for a second would exhaust the pool under
    load (fifty concurrent submissions of one invitation).
    """
    if db.session.registry.has():
        db.session.rollback()


def _answer(survey: Survey) -> ResponseReturnValue:
    try:
        state = responding.load_state(request.form.get("state", ""), survey)
    except responding.TamperedState:
        _language(survey, request.args.get("lang"))
        return notice(
            survey,
            400,
            _("Your answers could not be read"),
            _("The form was changed on the way. Please start again from the survey link."),
        )
    _language(survey, state.lang)
    invitation, refusal = _gate(survey, state.token)
    if refusal is not None:
        return refusal
    return handle(survey, state, invitation, preview=False)


@bp.get("/<slug>/thanks")
@public
def thanks(slug: str) -> ResponseReturnValue:
    survey = _survey(slug)
    lang = _language(survey, request.args.get("lang"))
    return render_template(
        "respond/thanks.html",
        survey=survey,
        lang=lang,
        title=text_of(survey, "title", lang),
        thanks=text_of(survey, "thanks", lang),
        again=request.args.get("again") == "1",
    )


@bp.post("/<slug>/resume")
@public
def resume(slug: str) -> ResponseReturnValue:
    """Continue from a resume code the respondent kept."""
    survey = _survey(slug)
    try:
        state = responding.load_state(request.form.get("code", ""), survey)
    except responding.TamperedState:
        _language(survey, request.args.get("lang"))
        return notice(
            survey,
            400,
            _("Resume code not recognised"),
            _("That resume code is not valid for this survey. Check that you copied all of it."),
        )
    _language(survey, state.lang)
    _invitation, refusal = _gate(survey, state.token)
    if refusal is not None:
        return refusal
    return render_page(survey, state)

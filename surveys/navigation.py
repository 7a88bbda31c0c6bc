"""What each button on a respondent page does. Shared by the live form and the preview."""

from __future__ import annotations

from flask import g, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from engage.extensions import db
from engage.wholenumber import whole_number
from surveys import form_guard, responding, submitting
from surveys.models import Invitation, Survey
from surveys.pages import render_page
from surveys.responding import REVIEW, FormState


def handle(
    survey: Survey, state: FormState, invitation: Invitation | None, preview: bool
) -> ResponseReturnValue:
    action = request.form.get("action", "next")
    if state.page != REVIEW and 0 <= state.page < len(survey.sections):
        responding.capture(state, survey.sections[state.page], request.form)
    ev = responding.evaluate(survey, state.raw)
    if action.startswith("lang:") and action[5:] in survey.languages:
        state.lang = action[5:]
        return _again(survey, state, preview)
    goto = whole_number(action[5:]) if action.startswith("goto:") else None
    if goto is not None:
        state.page = min(goto, len(survey.sections) - 1)
        return render_page(survey, state, ev, preview=preview)
    if action == "back":
        previous = responding.neighbour(survey, ev, state.page, -1)
        state.page = state.page if previous is None else previous
        return render_page(survey, state, ev, preview=preview)
    if action == "save":
        return render_page_saved(survey, state, preview)
    if action == "submit" or state.page == REVIEW:
        return _submit(survey, state, ev, invitation, preview)
    return _next(survey, state, ev, invitation, preview)


def _again(survey: Survey, state: FormState, preview: bool) -> ResponseReturnValue:
    from flask import g

    g.engage_lang = state.lang
    return render_page(survey, state, preview=preview)


def render_page_saved(survey: Survey, state: FormState, preview: bool) -> ResponseReturnValue:
    from flask import render_template

    from surveys.wording import text_of

    # A respondent's page carries their form cookie's token; in the staff preview, Flask-WTF's.
    guard = {} if preview else {"csrf_token": form_guard.token}
    return render_template(
        "respond/saved.html",
        survey=survey,
        lang=state.lang,
        title=text_of(survey, "title", state.lang),
        code=responding.dump_state(state),
        **guard,
    )


def _next(
    survey: Survey,
    state: FormState,
    ev: responding.Evaluation,
    invitation: Invitation | None,
    preview: bool,
) -> ResponseReturnValue:
    section = survey.sections[state.page]
    if ev.errors_in(section):
        return render_page(survey, state, ev, errors=True, status=400, preview=preview)
    shown_before = set(request.form.get("shown", "").split())
    appeared = [
        q.code
        for q in section.questions
        if q.code in ev.visible and q.code not in shown_before and q.code not in ev.values
    ]
    if appeared and "shown" in request.form:
        message = _("Your answers opened more questions on this page. Please look at them.")
        return render_page(survey, state, ev, preview=preview, message=message)
    starting = not state.started and not preview
    state.started = state.started or starting
    following = responding.neighbour(survey, ev, state.page, 1)
    if following is None and not survey.review_step:
        # A one-page survey: the start is committed with the response, in one transaction
        # (a double-click's second start is then rolled back with its refused response).
        return _submit(survey, state, ev, invitation, preview, starting=starting)
    if starting:
        responding.count_start(survey)
        db.session.commit()
    state.page = REVIEW if following is None else following
    return render_page(survey, state, ev, preview=preview)


def _submit(
    survey: Survey,
    state: FormState,
    ev: responding.Evaluation,
    invitation: Invitation | None,
    preview: bool,
    *,
    starting: bool = False,
) -> ResponseReturnValue:
    broken = responding.first_error_page(survey, ev)
    if broken is not None:
        if starting:
            responding.count_start(survey)
            db.session.commit()
        state.page = broken
        return render_page(survey, state, ev, errors=True, status=400, preview=preview)
    if preview:
        message = _("Preview: the answers are valid and would be submitted now (nothing saved).")
        return render_page(survey, state, ev, preview=True, message=message)
    thanks = url_for("respond.thanks", slug=survey.slug, lang=state.lang)  # before expiry
    try:
        submitting.submit(survey, state, ev, invitation, starting)
    except responding.AlreadySubmitted:
        thanks = f"{thanks}&again=1"
    # Stored or refused as a used key, the statement found the survey at this revision.
    g.engage_revision_checked = True
    return redirect(thanks, 303)

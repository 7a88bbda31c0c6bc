"""Survey pages for staff: list, create, settings, lifecycle, duplicate, templates, preview."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from engage.access import roles
from engage.errors import DomainError
from engage.extensions import db
from surveys import (  # noqa: F401 (routes, panel)
    conditions,
    panels,
    qtypes,
    services,
    views_export_jobs,
    views_invitations,
    views_items,
    views_qr,
    views_reminders,
    views_results,
    views_sharing,
    views_translations,
)
from surveys.blueprint import STAFF, bp, get_survey, managed_survey
from surveys.forms import ANONYMITY_LABELS, KIND_LABELS, SurveyForm
from surveys.formvalues import fill_survey_form, survey_values
from surveys.models import Anonymity, SurveyKind
from surveys.navigation import handle
from surveys.pages import render_page
from surveys.responding import FormState, TamperedState, evaluate, first_page, load_state

__all__ = ["bp"]


@bp.get("/")
@roles(*STAFF)
def index() -> ResponseReturnValue:
    return render_template(
        "surveys/index.html",
        surveys=services.surveys_for(current_user),
        templates=services.surveys_for(current_user, include_templates=True),
        kinds=KIND_LABELS,
    )


@bp.route("/new", methods=["GET", "POST"])
@roles(*STAFF)
def new() -> ResponseReturnValue:
    form = SurveyForm(public=True, review_step=False)
    if form.validate_on_submit():
        values = survey_values(form)
        survey = services.create_survey(
            title=values["title"],
            kind=SurveyKind(values["kind"]),
            anonymity=Anonymity(values["anonymity"]),
            languages=values["languages"],
            actor=current_user,
        )
        services.update_survey(survey, values, current_user)
        survey.translations = values["translations"]
        db.session.commit()
        flash(_("Survey created. Add questions to its first section."), "success")
        return redirect(url_for("surveys.detail", survey_id=survey.id))
    return render_template(
        "surveys/survey_form.html", form=form, survey=None
    ), 400 if form.errors else 200


@bp.get("/<int:survey_id>")
@roles(*STAFF)
def detail(survey_id: int) -> ResponseReturnValue:
    survey = get_survey(survey_id)
    return render_template(
        "surveys/detail.html",
        survey=survey,
        problems=services.problems(survey),
        anonymity=ANONYMITY_LABELS,
        kinds=KIND_LABELS,
        public_url=url_for("respond.page", slug=survey.slug, _external=False),
        describe=conditions.describe,
        registry=qtypes.REGISTRY,
    )


@bp.route("/<int:survey_id>/edit", methods=["GET", "POST"])
@roles(*STAFF)
def edit(survey_id: int) -> ResponseReturnValue:
    survey = managed_survey(survey_id)
    form = SurveyForm(obj=survey)
    if request.method == "GET":
        fill_survey_form(form, survey)
    if form.validate_on_submit():
        values = survey_values(form)
        try:
            services.update_survey(survey, values, current_user)
        except DomainError as exc:
            form.form_errors.append(str(exc))
        else:
            survey.translations = values["translations"]
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("surveys.detail", survey_id=survey.id))
    db.session.rollback()
    status = 400 if form.errors or form.form_errors else 200
    return render_template("surveys/survey_form.html", form=form, survey=survey), status


@bp.post("/<int:survey_id>/status")
@roles(*STAFF)
def change_status(survey_id: int) -> ResponseReturnValue:
    survey = managed_survey(survey_id)
    try:
        if request.form.get("to") == "open":
            services.open_survey(survey, current_user)
        else:
            services.close_survey(survey, current_user)
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("The survey is now %(status)s.", status=survey.status.value), "success")
    return redirect(url_for("surveys.detail", survey_id=survey.id))


@bp.post("/<int:survey_id>/duplicate")
@roles(*STAFF)
def duplicate(survey_id: int) -> ResponseReturnValue:
    as_template = request.form.get("as_template") == "1"
    clone = services.duplicate_survey(get_survey(survey_id), current_user, as_template=as_template)
    db.session.commit()
    flash(_("Saved as a template.") if as_template else _("Copied as a new draft."), "success")
    return redirect(url_for("surveys.detail", survey_id=clone.id))


@bp.route("/<int:survey_id>/preview", methods=["GET", "POST"])
@roles(*STAFF)
def preview(survey_id: int) -> ResponseReturnValue:
    """The respondent pages with every rule applied, in any language; nothing is stored."""
    from flask import g

    survey = get_survey(survey_id)
    if request.method == "GET":
        lang = request.args.get("lang") if request.args.get("lang") in survey.languages else "en"
        g.engage_lang = lang
        state = FormState(survey_id=survey.id, lang=lang)
        state.page = first_page(survey, evaluate(survey, {}))
        return render_page(survey, state, preview=True)
    try:
        state = load_state(request.form.get("state", ""), survey)
    except TamperedState:
        flash(_("The preview form was changed; start again."), "error")
        return redirect(url_for("surveys.detail", survey_id=survey.id))
    g.engage_lang = state.lang
    return handle(survey, state, None, preview=True)

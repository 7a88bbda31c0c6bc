"""Sections and questions: add, edit, reorder with buttons, duplicate, delete."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from engage.access import roles
from engage.errors import DomainError
from engage.extensions import db
from surveys import services
from surveys.blueprint import STAFF, bp, get_question, get_section, managed_survey
from surveys.forms import QuestionForm, SectionForm
from surveys.formvalues import (
    fill_question_form,
    fill_section_form,
    question_values,
    section_values,
)
from surveys.models import SurveyStatus


def _back(survey_id: int, anchor: str = "") -> ResponseReturnValue:
    return redirect(url_for("surveys.detail", survey_id=survey_id) + anchor)


@bp.route("/<int:survey_id>/sections/new", methods=["GET", "POST"], defaults={"section_id": None})
@bp.route("/<int:survey_id>/sections/<int:section_id>", methods=["GET", "POST"])
@roles(*STAFF)
def edit_section(survey_id: int, section_id: int | None) -> ResponseReturnValue:
    survey = managed_survey(survey_id)
    section = get_section(survey, section_id) if section_id else None
    form = SectionForm(obj=section)
    if request.method == "GET" and section is not None:
        fill_section_form(form, section)
    if form.validate_on_submit():
        try:
            section = services.save_section(survey, section, section_values(form))
        except DomainError as exc:
            db.session.rollback()
            form.condition.errors = [*form.condition.errors, str(exc)]
        else:
            db.session.commit()
            flash(_("Section saved."), "success")
            return _back(survey.id, f"#section-{section.id}")
    status = 400 if form.errors else 200
    return render_template(
        "surveys/section_form.html", form=form, survey=survey, section=section
    ), status


@bp.route("/<int:survey_id>/questions/new", methods=["GET", "POST"], defaults={"question_id": None})
@bp.route("/<int:survey_id>/questions/<int:question_id>", methods=["GET", "POST"])
@roles(*STAFF)
def edit_question(survey_id: int, question_id: int | None) -> ResponseReturnValue:
    survey = managed_survey(survey_id)
    question = get_question(survey, question_id) if question_id else None
    section = (
        question.section
        if question
        else get_section(survey, request.args.get("section", type=int) or 0)
    )
    # A POST takes every field from the request: a field left out must not fall back to the
    # stored value, whose type (options are a list, a condition a dict) the text fields cannot hold.
    form = QuestionForm(obj=question) if request.method == "GET" else QuestionForm()
    if request.method == "GET" and question is not None:
        fill_question_form(form, question)
    if form.validate_on_submit():
        try:
            values = question_values(form)
            if survey.status != SurveyStatus.DRAFT and question is not None:
                wording = {k: values[k] for k in ("text", "help", "translations")}
                values = {**wording, "type": question.type}  # the service reads the type first
            question = services.save_question(section, question, values, current_user)
        except DomainError as exc:
            db.session.rollback()
            form.form_errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Question %(code)s saved.", code=question.code), "success")
            return _back(survey.id, f"#question-{question.id}")
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "surveys/question_form.html", form=form, survey=survey, section=section, question=question
    ), status


@bp.post("/<int:survey_id>/items/<kind>/<int:item_id>/<verb>")
@roles(*STAFF)
def item_action(survey_id: int, kind: str, item_id: int, verb: str) -> ResponseReturnValue:
    """Move up/down, duplicate or delete a section or question (plain buttons, no dragging)."""
    survey = managed_survey(survey_id)
    item = get_section(survey, item_id) if kind == "section" else get_question(survey, item_id)
    try:
        if verb in ("up", "down"):
            services.move(item, -1 if verb == "up" else 1)
        elif verb == "duplicate" and kind == "question":
            item = services.duplicate_question(item)
        elif verb == "delete":
            services.delete_item(item)
        else:
            return _back(survey.id)
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _back(survey.id)
    db.session.commit()
    anchor = "" if verb == "delete" else f"#{kind}-{item.id}"
    return _back(survey.id, anchor)

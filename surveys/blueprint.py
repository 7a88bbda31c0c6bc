"""The staff blueprint for building, distributing and monitoring surveys."""

from collections.abc import Callable
from typing import TypeVar

from flask import Blueprint, abort, flash
from flask_login import current_user

from engage.auth.roles import Role
from engage.errors import DomainError
from engage.extensions import db
from surveys.models import Question, Section, Survey
from surveys.sharing import may_manage

bp = Blueprint("surveys", __name__, url_prefix="/surveys")
STAFF = (Role.FELLOW, Role.ANALYST, Role.ADMIN)
T = TypeVar("T")


def get_survey(survey_id: int) -> Survey:
    return db.session.get(Survey, survey_id) or abort(404)


@bp.app_template_global()
def may_manage_survey(survey: Survey) -> bool:
    """For templates: show edit, distribute and export controls only to those who may use them."""
    return may_manage(current_user, survey)


def managed_survey(survey_id: int) -> Survey:
    """The survey, if the signed-in user may edit, distribute and export it; else 403."""
    survey = get_survey(survey_id)
    if not may_manage(current_user, survey):
        abort(403)
    return survey


def get_section(survey: Survey, section_id: int) -> Section:
    section = db.session.get(Section, section_id)
    if section is None or section.survey_id != survey.id:
        abort(404)
    return section


def get_question(survey: Survey, question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None or question.survey_id != survey.id:
        abort(404)
    return question


def attempt(use_case: Callable[[], T]) -> T | None:
    """Run a service call and commit; on a domain error roll back, flash it, return None."""
    try:
        result = use_case()
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return None
    db.session.commit()
    return result

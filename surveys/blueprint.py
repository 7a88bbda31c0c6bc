"""The staff blueprint for building, distributing and monitoring surveys."""

from flask import Blueprint, abort

from engage.auth.roles import Role
from engage.extensions import db
from surveys.models import Question, Section, Survey

bp = Blueprint("surveys", __name__, url_prefix="/surveys")
STAFF = (Role.FELLOW, Role.ANALYST, Role.ADMIN)


def get_survey(survey_id: int) -> Survey:
    return db.session.get(Survey, survey_id) or abort(404)


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

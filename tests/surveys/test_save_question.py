"""save_question builds the whole question before it joins the session."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engage.errors import DomainError
from engage.extensions import db
from surveys import services
from surveys.models import Question, Survey


def test_adding_a_question_never_flushes_a_half_built_row(app, make_survey):
    ref = make_survey(open_it=False)
    with app.app_context():
        survey = db.session.get(Survey, ref.id)  # a fresh session: no section's questions loaded
        first = survey.sections[0]
        values = {"code": "extra", "type": "short_text", "text": " Anything else? "}
        # Checking the code reads every section's questions; that lazy load autoflushes, and
        # must not meet a question without its (required) text.
        question = services.save_question(first, None, values, "test")
        db.session.commit()
        stored = db.session.scalar(select(Question).where(Question.code == "extra"))
        assert stored.id == question.id and stored.text == "Anything else?"
        assert stored.position == len(first.questions) - 1 and stored.type == "short_text"


def test_a_clashing_code_adds_nothing(app, make_survey):
    ref = make_survey(open_it=False)
    with app.app_context():
        survey = db.session.get(Survey, ref.id)
        before = len(survey.questions)
        values = {"code": "q1", "type": "short_text", "text": "Duplicate code"}
        with pytest.raises(DomainError, match="already has the code q1"):
            services.save_question(survey.sections[-1], None, values, "test")
        db.session.rollback()
        assert len(db.session.get(Survey, ref.id).questions) == before

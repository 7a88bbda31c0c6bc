"""The demo surveys: complete in three languages, real answer text, idempotent seeding."""

from __future__ import annotations

from sqlalchemy import func, select

from engage.demo.seed import seed_demo
from engage.extensions import db
from surveys import services
from surveys.demo import _open_answers
from surveys.models import Answer, Question, Response, Survey


def test_demo_surveys_are_open_translated_answered_and_idempotent(app):
    with app.test_request_context():
        seed_demo("demo-password")
        seed_demo("demo-password")
        surveys = {s.slug: s for s in db.session.scalars(select(Survey))}
        assert set(surveys) == {"demo-buy-in", "demo-feedback"}
        for survey in surveys.values():
            assert survey.status.value == "open" and survey.languages == ["en", "es", "hmn"]
            assert services.problems(survey) == []
        counts = dict(
            db.session.execute(
                select(Response.survey_id, func.count()).group_by(Response.survey_id)
            ).all()
        )
        assert (
            counts[surveys["demo-buy-in"].id] == 300 and counts[surveys["demo-feedback"].id] == 80
        )
        texts = db.session.scalars(
            select(Answer.value).join(Question).where(Question.type == "long_text")
        ).all()
        assert len(texts) > 200
        assert set(texts) <= set(_open_answers())  # every open answer is verbatim source text
        assert surveys["demo-buy-in"].public and not surveys["demo-feedback"].public
        units = db.session.scalar(select(func.count(func.distinct(Response.org_unit_id))))
        assert units > 10

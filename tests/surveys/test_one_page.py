"""A one-page survey stores its start with the response, in one transaction."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from engage.extensions import db
from surveys import services
from surveys.models import Anonymity, Response, Survey, SurveyKind, SurveyStart
from tests.surveys.conftest import state_of


def one_page_survey(app: Flask) -> str:
    with app.app_context():
        survey = services.create_survey(
            title="Quick poll",
            kind=SurveyKind.FEEDBACK,
            anonymity=Anonymity.ANONYMOUS,
            actor="t",
            languages=[],
        )
        values = {"code": "q1", "type": "short_text", "text": "One word for the parks?"}
        services.save_question(survey.sections[0], None, values, "t")
        services.open_survey(survey, "t")
        db.session.commit()
        return survey.slug


def test_a_resubmitted_one_page_form_counts_one_start_and_one_response(app, client):
    slug = one_page_survey(app)
    html = client.get(f"/s/{slug}").get_data(as_text=True)
    form = {"state": state_of(html), "action": "next", "q.q1": "Green"}
    first = client.post_form(f"/s/{slug}", form)
    again = client.post_form(f"/s/{slug}", form)  # double click / back button
    assert first.status_code == again.status_code == 303
    assert first.location.endswith("?lang=en") and again.location.endswith("?lang=en&again=1")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)) == 1
        assert db.session.scalar(select(SurveyStart.count)) == 1


def counts(app: Flask) -> tuple[int, int]:
    """(responses, starts) stored."""
    with app.app_context():
        responses = db.session.scalar(select(func.count()).select_from(Response))
        starts = db.session.scalar(select(func.coalesce(func.sum(SurveyStart.count), 0)))
        return responses, starts


def test_a_survey_closed_after_its_page_was_served_stores_nothing(app, client):
    slug = one_page_survey(app)
    html = client.get(f"/s/{slug}").get_data(as_text=True)  # this process keeps the definition
    with app.app_context():
        services.close_survey(db.session.scalar(select(Survey).filter_by(slug=slug)), "t")
        db.session.commit()
    form = {"state": state_of(html), "action": "next", "q.q1": "Green"}
    assert client.post_form(f"/s/{slug}", form).status_code == 410
    assert counts(app) == (0, 0)


def test_a_submission_after_a_wording_fix_is_stored_once(app, client):
    slug = one_page_survey(app)
    html = client.get(f"/s/{slug}").get_data(as_text=True)  # this process keeps the definition
    fix_wording(app, slug, "q1", "One word for the county parks?")
    form = {"state": state_of(html), "action": "next", "q.q1": "Green"}
    assert client.post_form(f"/s/{slug}", form).status_code == 303
    assert counts(app) == (1, 1)


def fix_wording(app: Flask, slug: str, code: str, text: str) -> None:
    """Change a question's text as staff may after opening (a new revision)."""
    with app.app_context():
        survey = db.session.scalar(select(Survey).filter_by(slug=slug))
        question = next(q for q in survey.questions if q.code == code)
        values = {"code": code, "type": question.type, "text": text}
        services.save_question(question.section, question, values, "t")
        db.session.commit()

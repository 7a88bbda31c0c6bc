"""A one-page survey stores its start with the response, in one transaction."""

from __future__ import annotations

from sqlalchemy import func, select

from engage.extensions import db
from surveys import services
from surveys.models import Anonymity, Response, SurveyKind, SurveyStart
from tests.surveys.conftest import state_of


def test_a_resubmitted_one_page_form_counts_one_start_and_one_response(app, client):
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
        slug = survey.slug
    html = client.get(f"/s/{slug}").get_data(as_text=True)
    form = {"state": state_of(html), "action": "next", "q.q1": "Green"}
    first = client.post_form(f"/s/{slug}", form)
    again = client.post_form(f"/s/{slug}", form)  # double click / back button
    assert first.status_code == again.status_code == 303
    assert first.location.endswith("?lang=en") and again.location.endswith("?lang=en&again=1")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)) == 1
        assert db.session.scalar(select(SurveyStart.count)) == 1

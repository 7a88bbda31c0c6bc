"""Building surveys: lifecycle rules, pre-open checks, builder pages and who may use them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engage.audit.models import AuditEvent
from engage.auth.roles import Role
from engage.errors import DomainError
from engage.extensions import db
from surveys import services
from surveys.models import Anonymity, Question, Survey, SurveyStatus
from tests.surveys.conftest import build_survey


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield
        db.session.rollback()


def test_lifecycle_draft_open_closed_reopened(ctx):
    survey = build_survey(open_it=False)
    with pytest.raises(DomainError, match="Only an open survey"):
        survey.close()
    services.open_survey(survey, "test")
    with pytest.raises(DomainError, match="already open"):
        survey.open()
    services.close_survey(survey, "test")
    services.open_survey(survey, "test")
    assert survey.status == SurveyStatus.OPEN
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions.count("survey.opened") == 1 and "survey.reopened" in actions


def test_anonymity_can_only_get_stronger_once_opened(ctx):
    survey = build_survey(Anonymity.CONFIDENTIAL)
    with pytest.raises(DomainError, match="cannot be lowered"):
        survey.set_anonymity(Anonymity.IDENTIFIED)
    survey.set_anonymity(Anonymity.ANONYMOUS)
    with pytest.raises(DomainError):
        survey.set_anonymity(Anonymity.CONFIDENTIAL)


def test_opening_freezes_structure_but_wording_fixes_are_audited(ctx):
    survey = build_survey()
    section = survey.sections[0]
    with pytest.raises(DomainError, match="frozen"):
        services.save_question(section, None, {"type": "short_text", "text": "New"}, "test")
    question = section.questions[0]
    with pytest.raises(DomainError, match="frozen"):
        services.save_question(section, question, {"type": "short_text", "text": "x"}, "test")
    services.save_question(
        section,
        question,
        {"type": question.type, "text": "Do you work for Milwaukee County?"},
        "test",
    )
    assert question.text == "Do you work for Milwaukee County?"
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "question.wording_fixed")
    ).one()
    assert event.detail["before"]["text"] == "Do you work for the county?"
    with pytest.raises(DomainError):
        services.move(question, 1)


def test_problems_name_later_references_empty_choices_and_missing_translations(ctx):
    survey = build_survey(open_it=False, languages=("en", "es"))
    first, second = survey.sections[0].questions[0], survey.sections[1].questions[0]
    first.condition = {"q": "q9", "op": "answered"}
    second.options = []
    second.translations = {}
    found = services.problems(survey)
    assert "q1 has a skip rule on q9, which is not an earlier question." in found
    assert "q4 has no choices; add at least one." in found
    assert "q4 is missing a es translation of its text." in found
    with pytest.raises(DomainError, match="cannot open yet"):
        services.open_survey(survey, "test")


def test_reorder_and_duplicate(ctx):
    survey = build_survey(open_it=False)
    section = survey.sections[0]
    services.move(section.questions[2], -1)
    assert [q.code for q in section.questions] == ["q1", "q3", "q2"]
    services.move(section.questions[0], -1)  # already first: stays
    clone = services.duplicate_question(section.questions[0])
    assert [q.code for q in section.questions] == ["q1", "q14", "q3", "q2"]
    assert (
        clone.options == section.questions[0].options
        and clone.options is not section.questions[0].options
    )
    copy = services.duplicate_survey(survey, "test")
    assert copy.status == SurveyStatus.DRAFT and copy.slug != survey.slug
    assert [q.code for q in copy.questions] == [q.code for q in survey.questions]


def test_builder_pages_create_a_survey_and_add_a_question(app, client, login_as):
    login_as(Role.FELLOW)
    response = client.post_form(
        "/surveys/new",
        {
            "title": "Parks feedback",
            "kind": "feedback",
            "anonymity": "anonymous",
            "public": "y",
            "languages": ["es"],
        },
    )
    assert response.status_code == 302
    with app.app_context():
        survey = db.session.scalars(select(Survey)).one()
        section_id, survey_id = survey.sections[0].id, survey.id
        assert survey.languages == ["en", "es"] and len(survey.slug) >= 16
    form = {
        "type": "single_choice",
        "text": "Did you visit a park?",
        "options": "yes | Yes\nno | No",
        "points": "5",
        "text_es": "¿Visitó un parque?",
        "options_es": "Sí\nNo",
        "condition": "",
    }
    response = client.post_form(f"/surveys/{survey_id}/questions/new?section={section_id}", form)
    assert response.status_code == 302
    bad = client.post_form(
        f"/surveys/{survey_id}/questions/new?section={section_id}", {**form, "condition": "q1 ~ 2"}
    )
    assert bad.status_code == 400 and "Unknown comparison" in bad.get_data(as_text=True)
    page = client.get(f"/surveys/{survey_id}").get_data(as_text=True)
    assert "Did you visit a park?" in page and "Move up" in page
    assert client.post_form(f"/surveys/{survey_id}/status", {"to": "open"}).status_code == 302
    with app.app_context():
        assert db.session.get(Survey, survey_id).status == SurveyStatus.OPEN
        assert db.session.scalars(select(Question)).one().translations["es"]["options"] == {
            "yes": "Sí",
            "no": "No",
        }
    preview = client.get(f"/surveys/{survey_id}/preview?lang=es")
    assert preview.status_code == 200 and "¿Visitó un parque?" in preview.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.COMMUNICATIONS, Role.VIEWER])
def test_other_roles_are_denied_every_survey_page(app, client, login_as, make_survey, role):
    survey = make_survey()
    login_as(role)
    paths = [r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("surveys.")]
    assert len(paths) >= 15
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("surveys."):
            continue
        url = rule.build(
            {
                "survey_id": survey.id,
                "section_id": 1,
                "question_id": 1,
                "kind": "question",
                "item_id": 1,
                "verb": "up",
                "response_id": "x",
                "fmt": "csv",
                "job_id": 1,
            },
            append_unknown=False,
        )[1]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, data={"csrf_token": client.csrf_token()})
            assert response.status_code == 403, (role, method, url)
    assert client.get(f"/s/{survey.slug}").status_code == 200  # respondent pages stay public


def test_responses_browser_monitor_and_deletion(app, client, login_as, make_survey):
    from tests.surveys.test_respond import complete

    survey = make_survey()
    for _ in range(3):
        complete(client, survey.slug)
    user = login_as(Role.ANALYST)
    page = client.get(f"/surveys/{survey.id}/responses?language=en").get_data(as_text=True)
    assert page.count("/responses/") == 3
    monitor = client.get(f"/surveys/{survey.id}/monitor").get_data(as_text=True)
    assert (
        "3 responses" in monitor and "hidden (too few to show)" in monitor and ">3<" not in monitor
    )
    with app.app_context():
        from surveys.models import Response

        response_id = db.session.scalars(select(Response.id)).first()
    refused = client.post_form(f"/surveys/{survey.id}/responses/{response_id}", {"reason": ""})
    assert refused.status_code == 400
    done = client.post_form(
        f"/surveys/{survey.id}/responses/{response_id}", {"reason": "Duplicate paper entry"}
    )
    assert done.status_code == 302
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "response.deleted")
        ).one()
        assert event.actor_id == user.id and event.detail["reason"] == "Duplicate paper entry"

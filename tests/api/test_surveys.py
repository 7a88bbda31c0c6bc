"""Survey endpoints: listing with pages, definitions, responses with anonymity, summaries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Flask

from engage.auth.roles import Role
from engage.extensions import db
from surveys import exports
from surveys.models import Anonymity, Answer, Invitation, Response, Survey, SurveyStatus
from tests.surveys.conftest import build_survey

Api = Callable[..., Any]


def _survey(app: Flask, anonymity: Anonymity = Anonymity.ANONYMOUS, answers: int = 0) -> int:
    with app.app_context():
        survey = build_survey(anonymity)
        q1 = next(q for q in survey.questions if q.code == "q1")
        for n in range(answers):
            invitation = Invitation(survey_id=survey.id, token_hash=f"{survey.id:08d}{n:056d}")
            db.session.add(invitation)
            db.session.flush()
            response = Response(survey_id=survey.id, submitted_on=date(2026, 5, 1))
            if anonymity != Anonymity.ANONYMOUS:
                response.invitation_id = invitation.id
            response.answers.append(Answer(question_id=q1.id, value="yes"))
            db.session.add(response)
        db.session.commit()
        return survey.id


def test_surveys_are_paged_with_next_links(app: Flask, api: Api) -> None:
    for _ in range(3):
        _survey(app)
    first = api("get", "/api/v1/surveys?per_page=2", role=Role.FELLOW)
    body = first.get_json()
    assert body["total"] == 3 and len(body["items"]) == 2 and body["prev"] is None
    assert 'rel="next"' in first.headers["Link"] and "page=2" in body["next"]
    second = api("get", body["next"], role=Role.FELLOW).get_json()
    assert len(second["items"]) == 1 and second["next"] is None and second["prev"]
    for bad in ("per_page=101", "per_page=0", "page=abc", "page=-1"):
        response = api("get", f"/api/v1/surveys?{bad}", role=Role.FELLOW)
        assert response.status_code == 400 and response.get_json()["error"]["message"]


def test_definition_is_the_export_schema(app: Flask, api: Api) -> None:
    survey_id = _survey(app)
    body = api("get", f"/api/v1/surveys/{survey_id}/definition", role=Role.ADMIN).get_json()
    with app.app_context():
        assert body == exports.definition(db.session.get(Survey, survey_id))
    detail = api("get", f"/api/v1/surveys/{survey_id}", role=Role.ADMIN).get_json()
    assert detail["questions"] == 13 and detail["responses"] == 0
    assert api("get", "/api/v1/surveys/999999", role=Role.ADMIN).status_code == 404


def test_anonymous_responses_name_no_invitation_and_only_the_day(app: Flask, api: Api) -> None:
    survey_id = _survey(app, answers=2)
    body = api("get", f"/api/v1/surveys/{survey_id}/responses").get_json()
    assert body["total"] == 2
    for item in body["items"]:
        assert set(item) == {
            "id", "submitted_on", "language", "org_unit", "respondent_role", "demographics",
            "answers",
        }  # fmt: skip
        assert item["submitted_on"] == "2026-05-01" and item["answers"] == {"q1": "yes"}


def test_identified_responses_show_their_invitation(app: Flask, api: Api) -> None:
    survey_id = _survey(app, Anonymity.IDENTIFIED, answers=1)
    item = api("get", f"/api/v1/surveys/{survey_id}/responses").get_json()["items"][0]
    assert item["invitation_id"] is not None


def test_fellows_may_not_read_responses(app: Flask, api: Api) -> None:
    survey_id = _survey(app, answers=1)
    response = api("get", f"/api/v1/surveys/{survey_id}/responses", role=Role.FELLOW)
    assert response.status_code == 403 and response.is_json


def test_summary_suppresses_small_cells(app: Flask, api: Api) -> None:
    survey_id = _survey(app, answers=3)
    body = api("get", f"/api/v1/surveys/{survey_id}/summary", role=Role.FELLOW).get_json()
    assert body["responses"] == 3 and body["questions"]["q1"] == {"yes": None}
    assert body["languages"] == {"en": None}
    survey_id = _survey(app, answers=12)
    body = api("get", f"/api/v1/surveys/{survey_id}/summary", role=Role.FELLOW).get_json()
    assert body["questions"]["q1"] == {"yes": 12}


GOOD = {"q1": "no", "q3": 4, "q4": ["parks"], "q5": {"speed": "2"}, "q13": True}


def test_a_write_token_records_a_response(app: Flask, api: Api) -> None:
    survey_id = _survey(app)
    url = f"/api/v1/surveys/{survey_id}/responses"
    read_only = api("post", url, role=Role.FELLOW, json={"answers": GOOD})
    assert (
        read_only.status_code == 403 and "write scope" in read_only.get_json()["error"]["message"]
    )
    created = api("post", url, role=Role.FELLOW, write=True, json={"answers": GOOD})
    assert created.status_code == 201 and "id" not in created.get_json()  # anonymous
    with app.app_context():
        stored = db.session.query(Response).one()
        values = {a.question_id: a.value for a in stored.answers}
        assert sorted(map(str, values.values())).count("no") == 1 and len(values) == 5


def test_bad_bodies_get_4xx_json(app: Flask, api: Api) -> None:
    survey_id = _survey(app)
    url = f"/api/v1/surveys/{survey_id}/responses"
    cases = [
        ({"data": "{not json", "content_type": "application/json"}, 400),
        ({"json": ["a list"]}, 400),
        ({"json": {"answers": GOOD, "extra": 1}}, 400),
        ({"json": {"answers": "q1=yes"}}, 400),
        ({"json": {"answers": {"q1": {"a": {"b": 1}}}}}, 400),
        ({"json": {"answers": {"nope": "x"}}}, 422),
        ({"json": {"answers": {**GOOD, "q1": "maybe"}}}, 422),
        ({"json": {"answers": GOOD, "language": "fr"}}, 422),
    ]
    for kwargs, status in cases:
        response = api("post", url, role=Role.ANALYST, write=True, **kwargs)
        assert response.status_code == status, (kwargs, response.get_json())
        assert response.get_json()["error"]["status"] == status
    invalid = api("post", url, role=Role.ANALYST, write=True, json={"answers": {"q1": "maybe"}})
    assert set(invalid.get_json()["error"]["fields"]) >= {"q1", "q3"}


def test_closed_surveys_refuse_answers(app: Flask, api: Api) -> None:
    survey_id = _survey(app)
    with app.app_context():
        db.session.get(Survey, survey_id).status = SurveyStatus.CLOSED
        db.session.commit()
    response = api("post", f"/api/v1/surveys/{survey_id}/responses", write=True,
                   json={"answers": GOOD})  # fmt: skip
    assert response.status_code == 422


def test_oversized_bodies_get_413_json(app: Flask, api: Api) -> None:
    survey_id = _survey(app)
    app.config["MAX_CONTENT_LENGTH"] = 1000
    try:
        response = api("post", f"/api/v1/surveys/{survey_id}/responses", write=True,
                       json={"answers": {"q8": "x" * 5000}})  # fmt: skip
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 20 * 1024 * 1024
    assert response.status_code == 413 and response.get_json()["error"]["status"] == 413

"""Respondent pages: navigation, validation that keeps answers, skip logic, single submission."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import func, select

from engage.extensions import db
from surveys.models import Answer, Question, Response, Survey, SurveyStatus
from tests.conftest import EngageClient
from tests.surveys.conftest import state_of

PAGE1 = {"q.q1": "yes", "q.q2": "Parks", "q.q3": "5"}
PAGE2 = {
    "q.q4": ["parks", "_other"],
    "q.q4.other": "Libraries",
    "q.q5.speed": "4",
    "q.q6": "9",
    "q.q7.housing": "1",
    "q.q7.jobs": "2",
    "q.q8": "More bus routes on the south side.",
    "q.q9": "12",
    "q.q10": "2025-03-01",
    "q.q12.race": ["asian"],
    "q.q12.race_detail": ["hmong"],
    "q.q12.age": "25_34",
}


def post(
    client: EngageClient, slug: str, html: str, data: dict[str, Any], action: str = "next"
) -> Any:
    return client.post_form(f"/s/{slug}", {"state": state_of(html), "action": action, **data})


def complete(client: EngageClient, slug: str, query: str = "") -> Any:
    html = client.get(f"/s/{slug}{query}").get_data(as_text=True)
    html = post(client, slug, html, PAGE1).get_data(as_text=True)
    html = post(client, slug, html, PAGE2).get_data(as_text=True)
    return post(client, slug, html, {"q.q13": "yes"}), html


def count(app: Flask, model: Any = Response) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_full_journey_stores_one_answer_row_per_answered_question(app, client, make_survey):
    survey = make_survey()
    response, _html = complete(client, survey.slug)
    assert response.status_code == 303 and response.location.endswith(
        f"/s/{survey.slug}/thanks?lang=en"
    )
    assert "Your answers have been received" in client.get(response.location).get_data(as_text=True)
    with app.app_context():
        stored = db.session.scalars(select(Response)).one()
        values = {
            code: value
            for code, value in db.session.execute(
                select(Question.code, Answer.value).join(Answer, Answer.question_id == Question.id)
            )
        }
        assert stored.submitted_on.isoformat() == str(stored.submitted_on)
        assert stored.demographics["race_detail"] == ["hmong"]
    assert values["q4"] == {"selected": ["parks", "_other"], "other": "Libraries"}
    assert values["q7"] == ["housing", "jobs"] and values["q5"] == {"speed": 4}
    assert values["q12"]["race"] == ["asian"] and values["q13"] is True
    assert "q11" not in values  # unanswered optional questions get no row


def test_anonymity_is_stated_before_the_first_question(client, make_survey):
    html = client.get(f"/s/{make_survey().slug}").get_data(as_text=True)
    assert html.index("This survey is anonymous") < html.index("Do you work for the county?")


def test_validation_errors_are_listed_and_keep_every_other_answer(client, make_survey):
    survey = make_survey()
    html = client.get(f"/s/{survey.slug}").get_data(as_text=True)
    html = post(client, survey.slug, html, PAGE1).get_data(as_text=True)
    bad = {**PAGE2, "q.q9": "200", "q.q11": "not-an-email", "q.q8": "x" * 10_001}
    response = post(client, survey.slug, html, bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="error-summary"' in page
    assert page.count('class="error-message"') == 3
    assert 'href="#input-q9"' in page and 'id="q-q9-error"' in page
    assert 'aria-describedby="q-q11-error" aria-invalid="true"' in page
    assert 'value="Libraries"' in page and "More bus routes" not in page  # q8 was replaced
    assert 'value="25_34" checked' in page and 'value="hmong" checked' in page


def test_skip_rule_hides_and_drops_answers_to_hidden_questions(app, client, make_survey):
    survey = make_survey()
    html = client.get(f"/s/{survey.slug}").get_data(as_text=True)
    assert "data-condition" in html
    # q1 = no hides q2: its (required) answer is neither validated nor kept; q3 < 4 skips page 3.
    html = post(client, survey.slug, html, {"q.q1": "no", "q.q2": "", "q.q3": "2"}).get_data(
        as_text=True
    )
    assert "How likely are you to recommend us?" in html
    response = post(client, survey.slug, html, {})
    assert response.status_code == 303
    with app.app_context():
        codes = set(
            db.session.scalars(
                select(Question.code).join(Answer, Answer.question_id == Question.id)
            )
        )
    assert codes == {"q1", "q3"}


def test_a_hidden_question_posted_anyway_is_dropped(app, client, make_survey):
    survey = make_survey()
    html = client.get(f"/s/{survey.slug}").get_data(as_text=True)
    html = post(client, survey.slug, html, {"q.q1": "no", "q.q2": "forged", "q.q3": "2"}).get_data(
        as_text=True
    )
    assert post(client, survey.slug, html, {}).status_code == 303
    with app.app_context():
        assert "forged" not in str(db.session.scalars(select(Answer.value)).all())


def test_required_question_revealed_on_the_same_page_is_asked_for(client, make_survey):
    survey = make_survey()
    html = client.get(f"/s/{survey.slug}").get_data(as_text=True)
    response = post(client, survey.slug, html, {"q.q1": "yes", "q.q3": "3"})
    assert response.status_code == 400
    assert "Which department?" in response.get_data(as_text=True)


def test_back_keeps_answers_and_review_lists_them(app, client, make_survey):
    survey = make_survey()
    with app.app_context():
        db.session.get(Survey, survey.id).review_step = True
        db.session.commit()
    html = client.get(f"/s/{survey.slug}").get_data(as_text=True)
    html = post(client, survey.slug, html, PAGE1).get_data(as_text=True)
    back = post(client, survey.slug, html, {"q.q6": "7"}, action="back").get_data(as_text=True)
    assert 'value="Parks"' in back
    html = post(client, survey.slug, back, PAGE1).get_data(as_text=True)
    assert 'value="7" checked' in html
    html = post(client, survey.slug, html, PAGE2).get_data(as_text=True)
    review = post(client, survey.slug, html, {"q.q13": "yes"}).get_data(as_text=True)
    assert "Check your answers" in review and "Libraries" in review
    assert post(client, survey.slug, review, {}, action="submit").status_code == 303


def test_language_switch_keeps_answers_and_translates(app, client, make_survey):
    survey = make_survey(languages=("en", "es", "hmn"))
    html = client.get(f"/s/{survey.slug}?lang=es").get_data(as_text=True)
    assert '<html lang="es">' in html and "[es] Do you work for the county?" in html
    switched = post(
        client, survey.slug, html, {"q.q1": "yes", "q.q2": "Parques"}, action="lang:hmn"
    )
    page = switched.get_data(as_text=True)
    assert switched.status_code == 200 and "[hmn] Do you work for the county?" in page
    assert 'value="Parques"' in page and 'value="yes" checked' in page


def test_double_submit_and_replayed_final_page_store_one_response(app, client, make_survey):
    survey = make_survey()
    first, last_page = complete(client, survey.slug)
    again = post(client, survey.slug, last_page, {"q.q13": "yes"})
    assert first.status_code == again.status_code == 303
    assert again.location.endswith("again=1")
    assert count(app) == 1


def test_closed_and_unopened_surveys_answer_politely_with_4xx(app, client, make_survey):
    survey = make_survey(open_it=False)
    assert client.get(f"/s/{survey.slug}").status_code == 403
    with app.app_context():
        db.session.get(Survey, survey.id).status = SurveyStatus.CLOSED
        db.session.commit()
    response = client.get(f"/s/{survey.slug}")
    assert response.status_code == 410 and "This survey has closed" in response.get_data(
        as_text=True
    )
    assert client.get("/s/no-such-survey").status_code == 404


def test_closing_while_answering_refuses_the_submit_with_4xx(app, client, make_survey):
    survey = make_survey()
    html = client.get(f"/s/{survey.slug}").get_data(as_text=True)
    with app.app_context():
        db.session.get(Survey, survey.id).status = SurveyStatus.CLOSED
        db.session.commit()
    assert post(client, survey.slug, html, PAGE1).status_code == 410


def test_a_page_after_a_wording_fix_shows_the_new_wording(app, client, make_survey):
    from tests.surveys.test_one_page import fix_wording

    survey = make_survey()
    html = client.get(f"/s/{survey.slug}").get_data(as_text=True)
    fix_wording(app, survey.slug, "q2", "Which park do you visit most?")
    wrong = post(client, survey.slug, html, {"q.q1": "maybe"})
    assert wrong.status_code == 400
    assert "Which park do you visit most?" in wrong.get_data(as_text=True)


def test_tampered_state_and_unknown_option_get_4xx(client, make_survey):
    survey = make_survey()
    html = client.get(f"/s/{survey.slug}").get_data(as_text=True)
    forged = client.post_form(
        f"/s/{survey.slug}", {"state": state_of(html) + "x", "action": "next"}
    )
    assert forged.status_code == 400 and "changed on the way" in forged.get_data(as_text=True)
    wrong = post(client, survey.slug, html, {"q.q1": "maybe", "q.q3": "9"})
    assert wrong.status_code == 400
    assert wrong.get_data(as_text=True).count('class="error-message"') == 2


def test_save_and_resume_code_restores_answers(client, make_survey):
    survey = make_survey()
    html = client.get(f"/s/{survey.slug}").get_data(as_text=True)
    saved = post(client, survey.slug, html, {"q.q1": "yes", "q.q2": "Transit"}, action="save")
    code = saved.get_data(as_text=True).split('class="resume-code">')[1].split("</textarea>")[0]
    resumed = client.post_form(f"/s/{survey.slug}/resume", {"code": code})
    assert resumed.status_code == 200 and 'value="Transit"' in resumed.get_data(as_text=True)
    bad = client.post_form(f"/s/{survey.slug}/resume", {"code": "garbage"})
    assert bad.status_code == 400


def test_started_count_feeds_completion(app, client, make_survey):
    from surveys.models import SurveyStart

    survey = make_survey()
    complete(client, survey.slug)
    with app.app_context():
        assert db.session.scalar(select(SurveyStart.count)) == 1


def test_concurrent_starts_spread_over_slots_and_add_up(app, client, make_survey):
    from surveys import responding, results
    from surveys.models import SurveyStart

    survey = make_survey()
    with app.test_request_context():
        stored = db.session.get(Survey, survey.id)
        for _ in range(60):
            responding.count_start(stored)
        db.session.commit()
        slots = db.session.scalars(select(SurveyStart.slot)).all()
        assert results.monitoring(stored)["started"] == 60
    assert 1 < len(slots) <= responding.START_SLOTS  # 60 starts on one slot: 1 in 16**59

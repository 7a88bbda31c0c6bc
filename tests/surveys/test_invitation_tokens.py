"""Every token issued for an invitation opens it until it is answered; one response, whichever.

A reminder renews an invitation's token (only hashes are stored, so its mail needs a new one);
someone halfway through the survey with the first link must still be able to finish.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask
from sqlalchemy import select

from engage.extensions import db
from surveys import reminders
from surveys.models import Anonymity, Invitation, InvitationToken, Survey
from tests.surveys.test_invitations import invite_one
from tests.surveys.test_respond import PAGE1, PAGE2, count, post


def remind(app: Flask, survey_id: int) -> str:
    """Renew the survey's one invitation as a reminder does; returns the new token."""
    with app.test_request_context():
        invitation = db.session.scalars(select(Invitation)).one()
        link = reminders._renew(db.session.get(Survey, survey_id), invitation)
        db.session.commit()
    return link.split("t=")[1].split("&")[0]


def last_page(client: Any, slug: str, token: str) -> str:
    html = client.get(f"/s/{slug}?t={token}").get_data(as_text=True)
    html = post(client, slug, html, PAGE1).get_data(as_text=True)
    return post(client, slug, html, PAGE2).get_data(as_text=True)


def test_a_respondent_who_saved_with_the_first_link_finishes_after_a_reminder(
    app, client, make_survey
):
    survey = make_survey(Anonymity.ANONYMOUS, public=False)
    first, _i, _p = invite_one(app, survey.id)
    html = client.get(f"/s/{survey.slug}?t={first}").get_data(as_text=True)
    saved = post(client, survey.slug, html, PAGE1, action="save").get_data(as_text=True)
    code = saved.split('class="resume-code">')[1].split("</textarea>")[0]
    second = remind(app, survey.id)
    assert client.get(f"/s/{survey.slug}?t={first}").status_code == 200
    assert client.get(f"/s/{survey.slug}?t={second}").status_code == 200

    resumed = client.post_form(f"/s/{survey.slug}/resume", {"code": code})
    assert resumed.status_code == 200
    html = post(client, survey.slug, resumed.get_data(as_text=True), PAGE1).get_data(as_text=True)
    html = post(client, survey.slug, html, PAGE2).get_data(as_text=True)
    assert post(client, survey.slug, html, {"q.q13": "yes"}).status_code == 303
    assert count(app) == 1


def test_every_token_is_refused_once_the_invitation_is_answered(app, client, make_survey):
    survey = make_survey(public=False)
    first, _i, _p = invite_one(app, survey.id)
    second = remind(app, survey.id)
    third = remind(app, survey.id)
    final = last_page(client, survey.slug, second)
    assert post(client, survey.slug, final, {"q.q13": "yes"}).status_code == 303
    for token in (first, second, third):
        used = client.get(f"/s/{survey.slug}?t={token}")
        assert used.status_code == 409 and "already been used" in used.get_data(as_text=True)
    assert count(app, InvitationToken) == 2


def test_a_replaced_token_opens_nothing_on_another_survey(app, client, make_survey):
    survey, other = make_survey(public=False), make_survey(public=False)
    first, _i, _p = invite_one(app, survey.id)
    remind(app, survey.id)
    assert client.get(f"/s/{other.slug}?t={first}").status_code == 403


def test_fifty_concurrent_submissions_mixing_old_and_new_tokens_store_one_response(
    app, make_survey
):
    survey = make_survey(public=False)
    first, _i, _p = invite_one(app, survey.id)
    old_final = last_page(app.test_client(), survey.slug, first)
    second = remind(app, survey.id)
    new_final = last_page(app.test_client(), survey.slug, second)
    clients = [app.test_client() for _ in range(50)]
    csrf = [c.csrf_token() for c in clients]
    barrier, statuses = threading.Barrier(50), []

    def submit(index: int) -> None:
        final = (old_final, new_final)[index % 2]
        barrier.wait()
        result = post(
            clients[index], survey.slug, final, {"q.q13": "yes", "csrf_token": csrf[index]}
        )
        statuses.append((result.status_code, "again=1" in (result.location or "")))

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    # One stored; the rest are told so ("already used", or thanks again): never a 5xx.
    assert len(statuses) == 50 and {status for status, _again in statuses} <= {303, 409}
    assert statuses.count((303, False)) == 1
    assert count(app) == 1

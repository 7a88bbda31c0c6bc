"""Invitation tokens: single use by database constraint; linked only when not anonymous.

Unlinkability of anonymous responses is proven over every table and log line in
tests/privacy/test_anonymity.py.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask
from sqlalchemy import select

from engage.directory.models import OrgUnit, OrgUnitKind, Stakeholder, StakeholderRole
from engage.extensions import db
from surveys import distribution
from surveys.models import Anonymity, Invitation, Response, Survey
from tests.surveys.test_respond import complete, count, post


def invite_one(app: Flask, survey_id: int) -> tuple[str, int, int]:
    """Invite one stakeholder; returns (token, invitation id, stakeholder id)."""
    with app.test_request_context():
        unit = OrgUnit(kind=OrgUnitKind.DEPARTMENT, name="Parks")
        person = Stakeholder(name="Pat", role=StakeholderRole.EMPLOYEE, org_units=[unit])
        db.session.add(person)
        survey = db.session.get(Survey, survey_id)
        [(_p, link)] = distribution.invite(survey, [person], "test")
        db.session.commit()
        token = link.split("t=")[1]
        invitation = db.session.scalars(select(Invitation)).one()
        return token, invitation.id, person.id


def test_confidential_response_is_linked_to_the_invitation(app, client, make_survey):
    survey = make_survey(Anonymity.CONFIDENTIAL, public=False)
    token, invitation_id, person_id = invite_one(app, survey.id)
    assert complete(client, survey.slug, f"?t={token}")[0].status_code == 303
    with app.app_context():
        stored = db.session.scalars(select(Response)).one()
        assert (stored.invitation_id, stored.stakeholder_id) == (invitation_id, person_id)
        assert stored.org_unit.name == "Parks" and stored.respondent_role == "employee"


def test_bad_used_and_missing_tokens_are_refused_with_4xx(app, client, make_survey):
    survey = make_survey(public=False)
    token, _i, _p = invite_one(app, survey.id)
    assert client.get(f"/s/{survey.slug}").status_code == 403
    forged = client.get(f"/s/{survey.slug}?t=forged-token")
    assert forged.status_code == 403 and "not valid" in forged.get_data(as_text=True)
    complete(client, survey.slug, f"?t={token}")
    used = client.get(f"/s/{survey.slug}?t={token}")
    assert used.status_code == 409 and "already been used" in used.get_data(as_text=True)


def test_fifty_concurrent_submissions_with_one_token_store_one_response(app, make_survey):
    survey = make_survey(public=False)
    token, _i, _p = invite_one(app, survey.id)
    first = app.test_client()
    html = first.get(f"/s/{survey.slug}?t={token}").get_data(as_text=True)
    from tests.surveys.test_respond import PAGE1, PAGE2

    html = post(first, survey.slug, html, PAGE1).get_data(as_text=True)
    final = post(first, survey.slug, html, PAGE2).get_data(as_text=True)
    clients = [app.test_client() for _ in range(50)]
    tokens = [c.csrf_token() for c in clients]
    barrier, statuses = threading.Barrier(50), []

    def submit(index: int) -> None:
        barrier.wait()
        result: Any = post(
            clients[index], survey.slug, final, {"q.q13": "yes", "csrf_token": tokens[index]}
        )
        statuses.append(result.status_code)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    # Winners redirect to the thank-you page; the rest see "already used" (409) — never a 5xx.
    assert len(statuses) == 50 and set(statuses) <= {303, 409} and 303 in statuses
    assert count(app) == 1

"""Invitation tokens: single use by database constraint, unlinkable when anonymous."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime
from typing import Any

from flask import Flask
from sqlalchemy import inspect, select, text

from engage.directory.models import OrgUnit, OrgUnitKind, Stakeholder, StakeholderRole
from engage.extensions import db
from surveys import distribution
from surveys.models import Anonymity, Invitation, Response, Survey
from tests.surveys.test_respond import complete, count, post

USER_AGENT = "SurveyTestAgent/1.0"


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


def _hashable(row: Any) -> tuple:
    return tuple(json.dumps(v) if isinstance(v, dict | list) else v for v in row)


def snapshot(app: Flask) -> dict[str, set[tuple]]:
    with app.app_context():
        tables = inspect(db.engine).get_table_names()
        with db.engine.connect() as conn:
            return {
                t: {_hashable(r) for r in conn.execute(text(f'SELECT * FROM "{t}"'))}  # noqa: S608
                for t in tables
            }


def test_anonymous_submission_writes_nothing_that_links_it(app, client, make_survey):
    survey = make_survey(Anonymity.ANONYMOUS, public=False)
    token, invitation_id, person_id = invite_one(app, survey.id)
    token_hash = distribution.token_hash(token)
    before = snapshot(app)
    client.environ_base.update({"HTTP_USER_AGENT": USER_AGENT, "REMOTE_ADDR": "198.51.100.7"})
    response, _html = complete(client, survey.slug, f"?t={token}")
    assert response.status_code == 303
    after = snapshot(app)
    with app.app_context():
        columns = {t: [c["name"] for c in inspect(db.engine).get_columns(t)] for t in after}
        foreign = {
            t: {
                fk["constrained_columns"][0]: fk["referred_table"]
                for fk in inspect(db.engine).get_foreign_keys(t)
            }
            for t in after
        }
    written = {t: after[t] - before.get(t, set()) for t in after}
    assert written["response"] and written["answer"] and not written["audit_event"]
    assert set(columns["submission_receipt"]) == {
        "key_hash",
        "survey_id",
    }  # no response id, no time
    for table, rows in written.items():
        for row in rows:
            for name, value in zip(columns[table], row, strict=True):
                where = f"{table}.{name}={value!r}"
                if table != "submission_receipt":
                    assert token_hash not in str(value), where
                assert token not in str(value) and "198.51.100.7" not in str(value), where
                assert USER_AGENT not in str(value), where
                if foreign[table].get(name) in ("invitation", "stakeholder", "user"):
                    assert value is None, where
                if isinstance(value, datetime) or (
                    isinstance(value, str)
                    and len(value) > 10
                    and value[:4].isdigit()
                    and value[4] == "-"
                    and ":" in value
                ):
                    raise AssertionError(f"time finer than a day: {where}")
                assert not (
                    isinstance(value, int)
                    and table == "response"
                    and value in (invitation_id, person_id)
                    and name != "survey_id"
                ), where
    with app.app_context():
        stored = db.session.scalars(select(Response)).one()
        assert isinstance(stored.submitted_on, date) and len(stored.id) == 32
        assert (
            stored.org_unit_id is None
        )  # the directory's unit is not copied for anonymous surveys
        assert db.session.get(Invitation, invitation_id).used


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

"""Anonymous submissions, by public link and by invitation, leave nothing that links them.

Every table in the metadata and every log line written while a respondent answers (app logs
at DEBUG, werkzeug's and gunicorn's access logs, audit events and job rows, which are tables)
is scanned for the token, its hash, the stakeholder's id and email, the invitation id, the
address, the user agent and any time finer than the day. Supersedes the single-table check
that used to live in tests/surveys/test_invitations.py.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

import pytest
from flask import Flask
from sqlalchemy import select

from engage.directory.models import OrgUnit, OrgUnitKind, Stakeholder, StakeholderRole
from engage.extensions import db
from surveys import distribution
from surveys.models import Anonymity, Invitation, Response, Survey
from tests.privacy import scan
from tests.privacy.journey import complete, served

USER_AGENT = "PrivacyProbe/2.0 (respondent device)"
ADDRESS = "127.0.0.1"
EMAIL = "pat.respondent@example.org"
#: distinctive ids, so a copied id is found wherever it lands
STAKEHOLDER_ID, INVITATION_ID = 7_654_321, 8_765_432
#: loggers of the test's own HTTP client, not of the app
CLIENT_LOGGERS = ("urllib3", "requests")


def invite(app: Flask, survey_id: int, count: int = 1, first_id: int = STAKEHOLDER_ID) -> list[str]:
    """Invite ``count`` stakeholders (the first with the distinctive ids); returns tokens."""
    with app.test_request_context():
        unit = db.session.scalar(select(OrgUnit).where(OrgUnit.name == "Parks")) or OrgUnit(
            kind=OrgUnitKind.DEPARTMENT, name="Parks"
        )
        people = [
            Stakeholder(id=first_id + i, name=f"Pat {i}", email=_email(first_id + i),
                        role=StakeholderRole.EMPLOYEE, org_units=[unit])
            for i in range(count)
        ]  # fmt: skip
        db.session.add_all(people)
        db.session.flush()
        links = distribution.invite(db.session.get(Survey, survey_id), people, "test")
        tokens = [link.split("t=")[1] for _person, link in links]
        if first_id == STAKEHOLDER_ID:
            first = select(Invitation).where(Invitation.stakeholder_id == first_id)
            db.session.scalar(first).id = INVITATION_ID
        db.session.commit()
        return tokens


def _email(stakeholder_id: int) -> str:
    return EMAIL if stakeholder_id == STAKEHOLDER_ID else f"{stakeholder_id}.{EMAIL}"


def secrets_for(token: str | None) -> scan.Secrets:
    secrets = scan.Secrets(texts={ADDRESS, USER_AGENT, EMAIL}, numbers={STAKEHOLDER_ID})
    if token:
        hashed = distribution.token_hash(token)
        secrets.texts |= {token, hashed}
        secrets.numbers.add(INVITATION_ID)
        secrets.allowed.add(("submission_receipt", hashed))  # the token-use table, by design
    return secrets


def app_lines(records: list[logging.LogRecord]) -> list[str]:
    return [r.getMessage() for r in records if r.name.split(".")[0] not in CLIENT_LOGGERS]


def answer_over_http(app: Flask, caplog: pytest.LogCaptureFixture, slug: str, query: str):
    """Snapshot, answer through the served app, snapshot; returns (new rows, log records)."""
    before = scan.snapshot(app)
    with caplog.at_level(logging.DEBUG), served(app, caplog.handler) as base:
        reply = complete(base, slug, query, USER_AGENT)
    assert reply.status_code == 303, reply.text[:300]
    return scan.written(before, scan.snapshot(app)), list(caplog.records)


@pytest.mark.parametrize("by_invitation", [True, False], ids=["invitation", "public-link"])
def test_anonymous_submission_leaves_nothing_linking_it(
    app, make_survey, caplog, figures, by_invitation
):
    survey = make_survey(Anonymity.ANONYMOUS, public=not by_invitation)
    token = invite(app, survey.id)[0] if by_invitation else None
    if not by_invitation:
        invite(app, survey.id)  # people exist in the directory either way
    rows, records = answer_over_http(app, caplog, survey.slug, f"?t={token}" if token else "")
    assert rows["response"] and rows["answer"] and rows["submission_receipt"]
    assert not rows["audit_event"] and not rows["job"]
    assert scan.leaks_in_rows(rows, secrets_for(token)) == []
    lines = app_lines(records)
    # Both access logs saw the respondent's requests (so the scan below has lines to read).
    names = {r.name for r in records}
    assert {"werkzeug", "gunicorn.access"} <= names
    assert sum("/s/" in line for line in lines) >= 8
    assert scan.leaks_in_lines(lines, secrets_for(token)) == []
    figures["anonymity: submissions scanned"] += 1
    figures["anonymity: tables scanned"] = len(rows)
    figures["anonymity: columns scanned"] = scan.column_count(app)
    figures["anonymity: rows written and scanned"] += sum(len(r) for r in rows.values())
    figures["anonymity: log lines scanned"] += len(lines)
    with app.app_context():
        stored = db.session.scalars(select(Response)).one()
        assert stored.org_unit_id is None and len(stored.id) == 32
        assert type(stored.submitted_on) is date
        if token:
            assert db.session.get(Invitation, INVITATION_ID).used


def test_the_scanners_find_planted_leaks(app):
    secrets = secrets_for("tok-en")
    with app.app_context():
        rows = {
            "response": [{"id": "x", "stakeholder_id": 3, "demographics": {"k": ["tok-en"]}}],
            "answer": [{"value": {"when": "2026-11-29T10:03:12"}, "n": INVITATION_ID}],
            "survey_start": [{"day": datetime(2026, 11, 29, 10, 3)}],
        }
        found = scan.leaks_in_rows(rows, secrets)
    assert len(found) == 5, found
    lines = ['127.0.0.1 - - [29/Nov/2026 10:03:12] "GET /s/a HTTP/1.1" 200 -']
    assert len(scan.leaks_in_lines(lines, secrets)) == 2

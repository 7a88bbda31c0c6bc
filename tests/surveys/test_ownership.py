"""Fellows manage only the surveys they created or that were shared with them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engage.audit.models import AuditEvent
from engage.auth.roles import Role
from engage.extensions import db
from surveys.models import Survey

#: (method, path under /surveys/<id>) of every page that edits, distributes or exports
MANAGING = [
    ("GET", "/edit"),
    ("POST", "/edit"),
    ("POST", "/status"),
    ("GET", "/sections/new"),
    ("POST", "/sections/new"),
    ("GET", "/questions/new"),
    ("POST", "/items/question/1/up"),
    ("GET", "/invitations"),
    ("POST", "/invitations"),
    ("POST", "/invitations/send"),
    ("POST", "/invitations/unsent.csv"),
    ("GET", "/responses"),
    ("GET", "/responses/x"),
    ("GET", "/export.csv"),
    ("GET", "/export.xlsx"),
    ("GET", "/export.sav"),
    ("GET", "/export.json"),
    ("GET", "/sharing"),
    ("POST", "/sharing"),
    ("POST", "/sharing/remove"),
    ("GET", "/translations.xlsx"),
    ("GET", "/translations"),
    ("POST", "/translations"),
    ("POST", "/export.xlsx/job"),
]
#: pages every survey role may read
READING = ["", "/preview", "/monitor"]


def _open_every(client, survey_id):
    token = client.csrf_token()
    return {
        (method, path): client.open(
            f"/surveys/{survey_id}{path}", method=method, data={"csrf_token": token}
        ).status_code
        for method, path in MANAGING
    }


def test_a_fellow_cannot_manage_someone_elses_survey(client, make_survey, make_user):
    owner, other = make_user(Role.FELLOW), make_user(Role.FELLOW)
    survey = make_survey(owner_id=owner.id)
    client.login(other.email)
    statuses = _open_every(client, survey.id)
    assert set(statuses.values()) == {403}, statuses
    for path in READING:
        assert client.get(f"/surveys/{survey.id}{path}").status_code == 200, path
    page = client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    assert f"/surveys/{survey.id}/edit" not in page and "export.csv" not in page
    assert "/invitations" not in page and "You can read and copy this survey" in page


def test_unshared_fellow_cannot_copy_a_survey_then_edit_the_original(
    app, client, make_survey, make_user
):
    owner, other = make_user(Role.FELLOW), make_user(Role.FELLOW)
    survey = make_survey(owner_id=owner.id)
    client.login(other.email)
    copied = client.post_form(f"/surveys/{survey.id}/duplicate")
    assert copied.status_code == 302
    copy_id = int(copied.location.rsplit("/", 1)[1])
    assert client.get(f"/surveys/{copy_id}/edit").status_code == 200  # their own copy
    assert client.post_form(f"/surveys/{survey.id}/status", {"to": "close"}).status_code == 403
    with app.app_context():
        assert db.session.get(Survey, copy_id).created_by_id == other.id


def test_owner_manages_and_can_share_then_unshare(app, client, make_survey, make_user):
    owner, colleague = make_user(Role.FELLOW), make_user(Role.FELLOW, name="Pa Vang")
    survey = make_survey(owner_id=owner.id)
    client.login(owner.email)
    assert client.get(f"/surveys/{survey.id}/edit").status_code == 200
    assert client.get(f"/surveys/{survey.id}/export.csv").status_code == 200
    shared = client.post_form(f"/surveys/{survey.id}/sharing", {"email": colleague.email.upper()})
    assert shared.status_code == 302
    assert "Pa Vang" in client.get(f"/surveys/{survey.id}/sharing").get_data(as_text=True)
    client.post_form("/logout")
    client.login(colleague.email)
    assert client.get(f"/surveys/{survey.id}/invitations").status_code == 200
    assert client.get(f"/surveys/{survey.id}/export.json").status_code == 200
    client.post_form("/logout")
    client.login(owner.email)
    removed = client.post_form(f"/surveys/{survey.id}/sharing/remove", {"user": colleague.id})
    assert removed.status_code == 302
    client.post_form("/logout")
    client.login(colleague.email)
    assert client.get(f"/surveys/{survey.id}/invitations").status_code == 403
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.action.like("survey.%share%"))
        ).all()
        assert sorted(actions) == ["survey.shared", "survey.unshared"]


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ADMIN])
def test_analysts_and_admins_manage_every_survey(client, make_survey, make_user, login_as, role):
    survey = make_survey(owner_id=make_user(Role.FELLOW).id)
    login_as(role)
    assert client.get(f"/surveys/{survey.id}/edit").status_code == 200
    assert client.get(f"/surveys/{survey.id}/export.csv").status_code == 200
    assert client.get(f"/surveys/{survey.id}/sharing").status_code == 200


@pytest.mark.parametrize(
    ("role", "message"),
    [(Role.VIEWER, "cannot use surveys"), (None, "No active staff account")],
)
def test_sharing_refuses_unknown_people_and_roles_without_survey_access(
    client, make_survey, make_user, role, message
):
    owner = make_user(Role.FELLOW)
    survey = make_survey(owner_id=owner.id)
    email = make_user(role).email if role else "nobody@example.org"
    client.login(owner.email)
    refused = client.post_form(f"/surveys/{survey.id}/sharing", {"email": email})
    assert refused.status_code == 400 and message in refused.get_data(as_text=True)
    again = client.post_form(f"/surveys/{survey.id}/sharing", {"email": owner.email})
    assert "can already edit" in again.get_data(as_text=True)


def test_the_builder_creator_becomes_the_owner(app, client, login_as):
    fellow = login_as(Role.FELLOW)
    client.post_form("/surveys/new", {"title": "Mine", "kind": "custom", "anonymity": "anonymous"})
    with app.app_context():
        assert db.session.scalars(select(Survey.created_by_id)).one() == fellow.id

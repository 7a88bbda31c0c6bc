"""Object-level rules and role escalation: a permitted role is still refused other people's rows.

The route matrix proves the role check; these prove the views' own checks: a fellow who does
not own a survey or a listening-tour session, a reader facing a draft report, a user who is not
a department's lead, and anyone trying to raise their own role.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from engage.auth.models import User
from engage.auth.roles import Role
from engage.extensions import db
from surveys.models import SurveyEditor
from tests.conftest import EngageClient
from tests.security.world import DRAFT_TITLE, routes, table_counts, url_for_rule

#: URL arguments naming rows that belong to the survey's or the session's owner (a fellow).
OWNED = {"survey_id", "session_id", "quote_id", "span_id", "note_id", "follow_up_id", "job_id"}
#: Survey pages every survey role may use by design: read, preview (stores nothing) and copy
#: (the copy is the copier's own; tests/surveys/test_ownership.py checks the original is safe).
SHARED = {"surveys.detail", "surveys.monitor", "surveys.preview", "surveys.duplicate"}


def _refused(
    app: Flask, client: EngageClient, world: dict[str, Any], args: set[str], prefix: str = "/"
) -> list:
    """Request every route under ``prefix`` whose path names one of ``args``; return those
    that were not refused."""
    token, let_in = client.csrf_token(), []
    for rule, method in routes(app):
        named = set(rule.arguments) - set(rule.defaults or {})
        if not args & named or rule.endpoint.startswith("api.") or rule.endpoint in SHARED:
            continue
        if not rule.rule.startswith(prefix):
            continue
        response = client.open(url_for_rule(rule, world), method=method,
                               data={"csrf_token": token})  # fmt: skip
        response.close()
        if response.status_code not in (403, 404):
            let_in.append((method, rule.rule, response.status_code))
    return let_in


def test_a_fellow_cannot_touch_another_fellows_surveys_sessions_or_jobs(
    app: Flask, client: EngageClient, world: dict[str, Any]
) -> None:
    client.login(world["other_fellow"].email)
    before = table_counts(app)
    assert _refused(app, client, world, OWNED) == []
    assert table_counts(app) == before


def test_readers_cannot_reach_an_unpublished_report(
    app: Flask, client: EngageClient, world: dict[str, Any]
) -> None:
    draft = {**world, "published_run_id": world["run_id"]}  # themes' routes use the draft too
    for role in (Role.COMMUNICATIONS, Role.VIEWER):
        client.login(world["users"][role].email)
        assert _refused(app, client, draft, {"run_id"}) == [], role
        assert DRAFT_TITLE not in client.get("/reports/").get_data(as_text=True)
        client.post_form("/logout")


def test_lead_pages_refuse_other_signed_in_users(
    app: Flask, client: EngageClient, world: dict[str, Any]
) -> None:
    for role in (Role.FELLOW, Role.COMMUNICATIONS, Role.VIEWER):  # the admin leads Parks
        client.login(world["users"][role].email)
        assert _refused(app, client, world, {"unit_id", "assessment_id"}, "/census/") == [], role
        client.post_form("/logout")


def test_a_fellow_cannot_share_someone_elses_survey_with_themselves(
    app: Flask, client: EngageClient, world: dict[str, Any]
) -> None:
    intruder = world["other_fellow"]
    client.login(intruder.email)
    response = client.post_form(f"/surveys/{world['survey_id']}/sharing", {"email": intruder.email})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SurveyEditor)) == 0


@pytest.mark.parametrize("role", [Role.FELLOW, Role.ANALYST, Role.COMMUNICATIONS, Role.VIEWER])
def test_nobody_but_an_admin_can_change_a_role(
    app: Flask, client: EngageClient, world: dict[str, Any], role: Role
) -> None:
    user = world["users"][role]
    client.login(user.email)
    raise_self = {"email": user.email, "name": user.name, "role": "admin", "active": "y"}
    assert client.post_form(f"/admin/users/{user.id}", raise_self).status_code == 403
    assert client.post_form("/admin/users/new", {**raise_self, "email": "x@example.org"}
                            ).status_code == 403  # fmt: skip
    # extra fields on the user's own forms are ignored (no mass assignment)
    client.post_form("/account/password", {"current_password": "x", "role": "admin"})
    client.post_form("/account/language", {"language": "es", "role": "admin"})
    with app.app_context():
        assert db.session.get(User, user.id).role == role
        assert db.session.scalar(select(func.count()).select_from(User).where(
            User.email == "x@example.org")) == 0  # fmt: skip

"""Account administration and the audit log."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from engage.audit.models import AuditEvent
from engage.auth.models import AccountToken, User
from engage.auth.roles import Role
from engage.extensions import db
from tests.conftest import EngageClient


def test_admin_invites_a_user_and_gets_a_one_time_link(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User]
) -> None:
    login_as(Role.ADMIN)
    response = client.post_form(
        "/admin/users/new", {"email": "new@example.org", "name": "New Fellow", "role": "fellow"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "http://127.0.0.1:5000/account/setup/" in page
    duplicate = client.post_form(
        "/admin/users/new", {"email": "NEW@example.org", "name": "Again", "role": "viewer"}
    ).get_data(as_text=True)
    assert "already exists" in duplicate and 'value="Again"' in duplicate


def test_requests_for_other_hosts_are_refused(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User], make_user
) -> None:
    login_as(Role.ADMIN)
    target = make_user(Role.VIEWER)
    token = client.csrf_token()
    response = client.post(
        f"/admin/users/{target.id}/reset-link",
        data={"csrf_token": token},
        headers={"Host": "evil.example"},
    )
    assert response.status_code == 400
    assert "/account/setup/" not in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(AccountToken).count() == 0


def test_role_change_is_audited_and_last_admin_is_protected(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User], make_user
) -> None:
    admin = login_as(Role.ADMIN)
    other = make_user(Role.VIEWER)
    data = {"name": other.name, "role": "analyst", "active": "y"}
    assert client.post_form(f"/admin/users/{other.id}", data).status_code == 302
    page = client.post_form(
        f"/admin/users/{admin.id}", {"name": admin.name, "role": "viewer", "active": "y"}
    ).get_data(as_text=True)
    assert "only active administrator" in page
    with app.app_context():
        event = db.session.query(AuditEvent).filter_by(action="user.role_changed").one()
        assert event.detail == {"before": "viewer", "after": "analyst"}
        assert db.session.get(User, admin.id).role == Role.ADMIN


def test_deactivation_ends_the_users_session(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User], make_user
) -> None:
    login_as(Role.ADMIN)
    target = make_user(Role.FELLOW)
    theirs = app.test_client()
    theirs.login(target.email)
    assert theirs.get("/").status_code == 200
    client.post_form(f"/admin/users/{target.id}", {"name": target.name, "role": "fellow"})
    assert theirs.get("/").status_code == 302


def test_audit_log_filters(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User], make_user
) -> None:
    victim = make_user(Role.VIEWER)
    client.login(victim.email, "wrong password")
    login_as(Role.ADMIN)
    page = client.get("/admin/audit?action=login.failure").get_data(as_text=True)
    assert victim.email in page and "login.success" not in page
    page = client.get("/admin/audit?actor=nobody-matches").get_data(as_text=True)
    assert "No events match." in page

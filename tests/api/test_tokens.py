"""API tokens: shown once, stored hashed, expiring, revocable; cookies never accepted."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from engage.api.models import ApiToken
from engage.api.tokens import token_hash
from engage.auth.models import User
from engage.auth.roles import Role
from engage.extensions import db
from engage.timeutil import utcnow
from tests.api.conftest import bearer

TOKEN = re.compile(r'<code id="new-token">([^<]+)</code>')


def test_a_token_is_shown_once_and_stored_hashed(
    app: Flask, client: Any, login_as: Callable[[Role], User]
) -> None:
    login_as(Role.VIEWER)
    page = client.post_form("/account/tokens/", {"name": "Power BI", "days": "30"})
    raw = TOKEN.search(page.get_data(as_text=True)).group(1)
    with app.app_context():
        row = db.session.query(ApiToken).one()
        assert row.token_hash == token_hash(raw) and raw not in (row.token_hash, row.prefix)
        assert not row.write and row.expires_at - utcnow() > timedelta(days=29)
    again = client.get("/account/tokens/").get_data(as_text=True)
    assert raw not in again and "Power BI" in again and raw[:10] in again
    assert client.get("/api/v1/", headers=bearer(raw)).get_json()["user"]["role"] == "viewer"


def test_the_token_form_needs_csrf_and_a_name(
    client: Any, login_as: Callable[[Role], User]
) -> None:
    login_as(Role.FELLOW)
    assert client.post("/account/tokens/", data={"name": "x", "days": "30"}).status_code == 400
    page = client.post_form("/account/tokens/", {"name": "", "days": "30"})
    assert page.status_code == 400 and "Give the token a name" in page.get_data(as_text=True)
    assert client.post_form("/account/tokens/", {"name": "x", "days": "7"}).status_code == 400


def test_owner_and_admin_revoke_others_cannot(
    app: Flask, client: Any, make_user: Callable[..., User], make_token: Callable[..., str]
) -> None:
    owner, stranger, admin = make_user(Role.FELLOW), make_user(Role.FELLOW), make_user(Role.ADMIN)
    raw = make_token(user=owner)
    with app.app_context():
        token_id = db.session.query(ApiToken).one().id
    client.login(stranger.email)
    assert "no such token" in _revoke(client, token_id)
    assert client.get("/api/v1/", headers=bearer(raw)).status_code == 200
    client.post_form("/logout")
    client.login(admin.email)
    assert owner.email in client.get("/account/tokens/").get_data(as_text=True)
    assert "revoked" in _revoke(client, token_id)
    assert client.get("/api/v1/", headers=bearer(raw)).status_code == 401
    with app.app_context():
        assert db.session.get(ApiToken, token_id).revoked_by_id == admin.id


def _revoke(client: Any, token_id: int) -> str:
    return client.post_form(f"/account/tokens/{token_id}/revoke", follow_redirects=True).get_data(
        as_text=True
    )


def test_expired_unknown_and_deactivated_tokens_get_401(
    app: Flask, client: Any, make_user: Callable[..., User], make_token: Callable[..., str]
) -> None:
    user = make_user(Role.ANALYST)
    raw = make_token(user=user)
    for header in ({}, bearer("eng_nonsense"), {"Authorization": raw}, bearer(raw + "x")):
        response = client.get("/api/v1/", headers=header)
        assert response.status_code == 401 and response.headers["WWW-Authenticate"]
        assert response.get_json()["error"]["status"] == 401
    with app.app_context():
        db.session.query(ApiToken).update({"expires_at": utcnow() - timedelta(seconds=1)})
        db.session.commit()
    assert client.get("/api/v1/", headers=bearer(raw)).status_code == 401
    other = make_token(user=user)
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    assert client.get("/api/v1/", headers=bearer(other)).status_code == 401


def test_a_signed_in_browser_session_is_not_accepted(
    client: Any, login_as: Callable[[Role], User]
) -> None:
    login_as(Role.ANALYST)
    response = client.get("/api/v1/runs")
    assert response.status_code == 401 and response.is_json
    assert "Set-Cookie" not in response.headers


def test_last_use_is_recorded_and_the_rate_limit_answers_429(
    app: Flask, client: Any, make_token: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = make_token(Role.VIEWER)
    monkeypatch.setitem(app.config, "ENGAGE_API_RATE_LIMIT", 3)
    codes = [client.get("/api/v1/", headers=bearer(raw)).status_code for _ in range(4)]
    limited = client.get("/api/v1/", headers=bearer(raw))
    assert codes == [200, 200, 200, 429] and limited.status_code == 429
    assert 0 < int(limited.headers["Retry-After"]) <= 60 and limited.is_json
    with app.app_context():
        assert db.session.query(ApiToken).one().last_used_at is not None
    assert client.get("/api/v1/", headers=bearer(make_token(Role.VIEWER))).status_code == 200

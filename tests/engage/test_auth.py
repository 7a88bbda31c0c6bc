"""Sign-in, throttling, sessions, passwords and security headers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import Flask

from engage.auth import services
from engage.auth.models import AccountToken, User
from engage.auth.roles import Role
from engage.extensions import db
from engage.timeutil import utcnow
from tests.conftest import PASSWORD, EngageClient

MakeUser = Callable[..., User]


def test_login_page_has_security_headers(client: EngageClient) -> None:
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_post_without_csrf_token_is_refused(client: EngageClient, make_user: MakeUser) -> None:
    user = make_user(Role.ADMIN)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "expired or came from another site" in response.get_data(as_text=True)


def test_sign_in_rotates_the_session_and_sets_cookie_flags(
    client: EngageClient, make_user: MakeUser
) -> None:
    user = make_user(Role.ANALYST)
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    response = client.login(user.email)
    assert response.status_code == 302 and response.location == "/"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    with client.session_transaction() as session:
        assert "planted" not in session


def test_cookie_is_secure_over_https(client: EngageClient, make_user: MakeUser) -> None:
    user = make_user(Role.ANALYST)
    token = client.csrf_token()
    response = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
        base_url="https://localhost",
    )
    session_cookie = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert session_cookie and "Secure" in session_cookie[0]
    assert "Strict-Transport-Security" in response.headers


def test_wrong_password_is_refused_with_a_message(
    client: EngageClient, make_user: MakeUser
) -> None:
    user = make_user(Role.FELLOW)
    response = client.login(user.email, "not the password")
    assert response.status_code == 401
    assert "email or password is not right" in response.get_data(as_text=True)


def test_five_failures_lock_the_account_for_a_while(
    client: EngageClient, make_user: MakeUser
) -> None:
    user = make_user(Role.FELLOW)
    for _ in range(5):
        assert client.login(user.email, "wrong password!").status_code == 401
    response = client.login(user.email)  # even the right password waits out the lock
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.get_data(as_text=True)


def test_failures_outside_the_window_do_not_count(app: Flask, make_user: MakeUser) -> None:
    from engage.auth.models import LoginAttempt

    user = make_user(Role.FELLOW)
    with app.test_request_context():
        old = utcnow() - timedelta(minutes=20)
        for _ in range(5):
            db.session.add(LoginAttempt(email=user.email, succeeded=False, at=old))
        db.session.flush()
        assert services.authenticate(user.email, PASSWORD, 5, 900).id == user.id


def test_deactivated_user_cannot_sign_in(client: EngageClient, make_user: MakeUser) -> None:
    user = make_user(Role.FELLOW, active=False)
    assert client.login(user.email).status_code == 401


def test_logout_is_post_only(client: EngageClient, login_as: Callable[[Role], User]) -> None:
    login_as(Role.VIEWER)
    assert client.get("/logout").status_code == 405
    assert client.post_form("/logout").status_code == 302
    assert client.get("/").status_code == 302


def test_next_parameter_cannot_redirect_off_site(client: EngageClient, make_user: MakeUser) -> None:
    user = make_user(Role.VIEWER)
    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        token = client.csrf_token()
        response = client.post(
            "/login",
            data={"email": user.email, "password": PASSWORD, "next": target, "csrf_token": token},
        )
        assert response.location == "/", target
        client.post_form("/logout")
    response = client.post_form(
        "/login", {"email": user.email, "password": PASSWORD, "next": "/jobs/"}
    )
    assert response.location == "/jobs/"


def test_password_change_ends_other_sessions(
    app: Flask, client: EngageClient, make_user: MakeUser
) -> None:
    user = make_user(Role.ANALYST)
    other = app.test_client()
    client.login(user.email)
    other.login(user.email)
    response = client.post_form(
        "/account/password",
        {
            "current_password": PASSWORD,
            "new_password": "a new long passphrase",
            "confirm": "a new long passphrase",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302  # the old session was signed with the old nonce


def test_password_change_rejects_weak_password_and_keeps_input(
    client: EngageClient, login_as: Callable[[Role], User]
) -> None:
    login_as(Role.ANALYST)
    response = client.post_form(
        "/account/password",
        {"current_password": PASSWORD, "new_password": "short", "confirm": "short"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'href="#new_password"' in page and 'aria-invalid="true"' in page


def test_invite_link_sets_password_once(
    app: Flask, client: EngageClient, make_user: MakeUser
) -> None:
    admin = make_user(Role.ADMIN)
    with app.test_request_context():
        user, token = services.create_user(
            "New.Person@Example.org", "New Person", Role.FELLOW, admin
        )
        db.session.commit()
        assert user.email == "new.person@example.org"
    data = {"new_password": "a long enough passphrase", "confirm": "a long enough passphrase"}
    response = client.post_form(f"/account/setup/{token}", data)
    assert response.status_code == 302
    client.post_form("/logout")
    assert client.get(f"/account/setup/{token}").status_code == 404  # single use
    assert client.login("new.person@example.org", "a long enough passphrase").status_code == 302


def test_expired_token_is_refused(app: Flask, client: EngageClient, make_user: MakeUser) -> None:
    user = make_user(Role.FELLOW)
    with app.test_request_context():
        token = services.issue_token(db.session.get(User, user.id), "reset")
        row = db.session.query(AccountToken).one()
        row.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    response = client.get(f"/account/setup/{token}")
    assert response.status_code == 404
    assert "not valid any more" in response.get_data(as_text=True)

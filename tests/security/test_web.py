"""Host header, open redirects, session fixation and logout, cookie flags, reset links, uploads.

tests/engage/test_auth.py already checks the basics (planted session keys dropped at sign-in,
HttpOnly/SameSite/Secure on the session cookie, off-site ``next`` refused, invite links single
use, expired tokens refused); these extend them to every route and to the bypasses browsers
allow.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask

from engage.access import rule_for
from engage.api.tokens import create_token
from engage.auth.roles import Role
from engage.extensions import db
from tests.conftest import PASSWORD, EngageClient
from tests.security.world import routes, table_counts, url_for_rule, writer_role

#: Targets a browser would follow off the site: each must land on the site instead.
OFF_SITE = [
    "https://evil.example/", "//evil.example/", "/\\evil.example", "\\\\evil.example",
    "/\t/evil.example", "/\n/evil.example", " //evil.example", "https:evil.example",
    "javascript:alert(1)", "http://localhost@evil.example/", "/%09/evil.example",
]  # fmt: skip
LINK = re.compile(r'value="(https?://[^"]+/account/setup/[^"]+)"')


def on_site(location: str) -> bool:
    """Whether a browser following ``location`` from http://localhost/ stays on the site."""
    # Browsers drop tabs and newlines and read a backslash as a slash in http(s) URLs.
    cleaned = re.sub(r"[\t\n\r]", "", location).strip().replace("\\", "/")
    parts = urlsplit(cleaned)
    return parts.scheme in ("", "http", "https") and parts.netloc in ("", "localhost")


@pytest.mark.parametrize("target", OFF_SITE)
def test_next_parameters_never_redirect_off_site(
    client: EngageClient, world: dict[str, Any], target: str
) -> None:
    user = world["users"][Role.VIEWER]
    response = client.post_form("/login", {"email": user.email, "password": PASSWORD,
                                           "next": target})  # fmt: skip
    assert response.status_code == 302 and on_site(response.location), response.location
    response = client.post_form("/account/language", {"lang": "es", "next": target})
    assert response.status_code == 302 and on_site(response.location), response.location
    page = client.get("/login", query_string={"next": target}).get_data(as_text=True)
    assert "evil.example" not in page or 'name="next"' in page  # kept only as a form value


def test_untrusted_host_headers_are_refused(app: Flask, client: EngageClient) -> None:
    for host in ("evil.example", "localhost.evil.example", "127.0.0.1.evil.example"):
        assert client.get("/login", headers={"Host": host}).status_code == 400, host
        assert client.get("/healthz", base_url=f"http://{host}").status_code == 400, host


def test_account_links_use_the_base_url_whatever_the_request_says(
    app: Flask, client: EngageClient, world: dict[str, Any]
) -> None:
    client.login(world["users"][Role.ADMIN].email)
    base = app.config["ENGAGE_BASE_URL"]
    spoof = {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https",
             "Forwarded": "host=evil.example"}  # fmt: skip
    new = {"email": "new.person@example.org", "name": "New Person", "role": "viewer"}
    pages = [
        client.post_form("/admin/users/new", new, headers=spoof, base_url="http://localhost"),
        client.post_form(f"/admin/users/{world['user_id']}/reset-link", headers=spoof),
    ]
    for response in pages:
        links = LINK.findall(response.get_data(as_text=True))
        assert links and all(link.startswith(base + "/") for link in links), links


def test_reset_link_works_once_and_ends_the_old_password(
    app: Flask, client: EngageClient, world: dict[str, Any]
) -> None:
    admin = app.test_client()
    admin.login(world["users"][Role.ADMIN].email)
    page = admin.post_form(f"/admin/users/{world['user_id']}/reset-link").get_data(as_text=True)
    path = urlsplit(LINK.search(page).group(1)).path
    new = {"new_password": "a brand new passphrase", "confirm": "a brand new passphrase"}
    assert client.post_form(path, new).status_code == 302
    client.post_form("/logout")
    assert client.get(path).status_code == 404
    assert client.post_form(path, new).status_code == 404
    viewer = world["users"][Role.VIEWER].email
    assert client.login(viewer).status_code == 401  # the old password is gone
    assert client.login(viewer, "a brand new passphrase").status_code == 302


def test_sign_in_issues_a_new_session_and_sign_out_ends_it(
    app: Flask, client: EngageClient, world: dict[str, Any]
) -> None:
    client.get("/login")
    before = client.get_cookie("session").value
    client.login(world["users"][Role.ANALYST].email)
    signed_in = client.get_cookie("session").value
    assert signed_in != before
    planted = app.test_client()  # an attacker who fixed the pre-login cookie gets nothing
    planted.set_cookie("session", before)
    assert planted.get("/").status_code == 302
    client.post_form("/logout")
    replay = app.test_client()  # a copy of the signed-in cookie is dead after sign-out
    replay.set_cookie("session", signed_in)
    assert replay.get("/").status_code == 302


def test_every_cookie_is_httponly_samesite_and_secure_over_https(
    client: EngageClient, world: dict[str, Any]
) -> None:
    https = {"base_url": "https://localhost"}
    token = client.csrf_token()
    responses = [
        client.get("/login", **https),
        client.post("/login", data={"email": world["users"][Role.FELLOW].email,
                                    "password": PASSWORD, "csrf_token": token}, **https),
        client.post("/account/language", data={"lang": "es", "csrf_token": token}, **https),
        client.get(f"/s/{world['slug']}", **https),
    ]  # fmt: skip
    # deletions (an empty value that expires now) carry nothing worth protecting
    cookies = [
        c for r in responses for c in r.headers.getlist("Set-Cookie") if "Max-Age=0" not in c
    ]
    assert cookies
    for cookie in cookies:
        assert "HttpOnly" in cookie and "SameSite=" in cookie and "Secure" in cookie, cookie


def test_oversize_posts_get_413_with_a_page_on_every_route(
    app: Flask, world: dict[str, Any]
) -> None:
    clients = {role: app.test_client() for role in Role}
    for role, signed in clients.items():
        signed.login(world["users"][role].email)
    clients[None] = app.test_client()
    with app.app_context():
        admin = db.session.merge(world["users"][Role.ADMIN])
        api = {"Authorization": f"Bearer {create_token(admin, 'big', write=True, days=30)[1]}"}
        db.session.commit()
    before = table_counts(app)
    app.config["MAX_CONTENT_LENGTH"] = 4096  # the same check as the real 20 MB, cheaper to send
    try:
        for rule, method in routes(app):
            if method != "POST" or rule_for(app, rule.endpoint) is None:
                continue
            client = clients[writer_role(app, rule.endpoint)]
            data: Any = {"csrf_token": "x", "file": (io.BytesIO(b"x" * 8192), "a.csv")}
            if rule.endpoint.startswith("api."):  # the API reads JSON
                data = json.dumps({"answers": {"q1": "x" * 8192}})
            response = client.post(
                url_for_rule(rule, world),
                data=data,
                headers=api,
                content_type=None if isinstance(data, dict) else "application/json",
            )
            assert response.status_code == 413, (rule.rule, response.status_code)
            if not rule.endpoint.startswith("api."):
                assert "Upload too large" in response.get_data(as_text=True), rule.rule
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 20 * 1024 * 1024
    assert table_counts(app) == before


def test_the_real_upload_limit_is_enforced(client: EngageClient, world: dict[str, Any]) -> None:
    client.login(world["users"][Role.ANALYST].email)
    big = b"x" * (20 * 1024 * 1024 + 1)  # raw bytes: the test client would spool a dict to disk
    response = client.post("/reports/uploads/new", data=big,
                           content_type="multipart/form-data; boundary=X")  # fmt: skip
    assert response.status_code == 413
    assert "Upload too large" in response.get_data(as_text=True)

"""Every route declares who may use it, and every denial is enforced."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from werkzeug.routing import Rule

from engage.access import rule_for
from engage.auth.models import User
from engage.auth.roles import Role
from tests.conftest import EngageClient

ROLES = list(Role)


def _routes(app: Flask) -> list[tuple[Rule, str]]:
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            routes.append((rule, method))
    return routes


def _url(rule: Rule) -> str:
    # Placeholder arguments: the access check runs before the view looks anything up.
    values = {arg: (1 if "id" in arg else "x") for arg in rule.arguments}
    return rule.build(values, append_unknown=False)[1]


def test_every_route_has_an_access_rule(app: Flask) -> None:
    missing = [r.endpoint for r, _ in _routes(app) if rule_for(app, r.endpoint) is None]
    assert missing == []
    # API routes are public for the cookie check; their token rule is what protects them.
    assert [r.endpoint for r, _ in _routes(app) if _api_rule(app, r) is None] == []


def _api_rule(app: Flask, rule: Rule) -> Any:
    if not rule.endpoint.startswith("api."):
        return True
    return getattr(app.view_functions[rule.endpoint], "api_rule", None)


def _token_routes(app: Flask) -> list[tuple[Rule, str]]:
    return [(r, m) for r, m in _routes(app) if r.endpoint.startswith("api.")
            and not _api_rule(app, r).open]  # fmt: skip


def test_api_routes_refuse_requests_without_a_token(app: Flask, client: EngageClient) -> None:
    for rule, method in _token_routes(app):
        response = client.open(_url(rule), method=method)
        assert response.status_code == 401, (method, rule.rule)


@pytest.mark.parametrize("role", ROLES)
def test_api_role_matrix_with_tokens(
    app: Flask, client: EngageClient, make_user: Callable[..., User], role: Role
) -> None:
    from engage.api.tokens import create_token
    from engage.extensions import db

    with app.app_context():
        _row, raw = create_token(db.session.merge(make_user(role)), "t", write=True, days=30)
        db.session.commit()
    for rule, method in _token_routes(app):
        response = client.open(
            _url(rule), method=method, headers={"Authorization": f"Bearer {raw}"}
        )
        allowed = _api_rule(app, rule).roles is None or role in _api_rule(app, rule).roles
        if allowed:
            assert response.status_code not in (401, 403), (role, method, rule.rule)
        else:
            assert response.status_code == 403, (role, method, rule.rule)


def test_anonymous_users_are_sent_to_login(app: Flask, client: EngageClient) -> None:
    token = client.csrf_token()
    for rule, method in _routes(app):
        access = rule_for(app, rule.endpoint)
        if access.public:
            continue
        response = client.open(_url(rule), method=method, data={"csrf_token": token})
        assert response.status_code == 302, (method, rule.rule)
        assert response.location.startswith("/login"), (method, rule.rule)


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User], role: Role
) -> None:
    login_as(role)
    token = client.csrf_token()
    for rule, method in _routes(app):
        access = rule_for(app, rule.endpoint)
        if rule.endpoint == "auth.logout":
            continue  # would end the session the rest of the matrix needs
        response = client.open(_url(rule), method=method, data={"csrf_token": token})
        allowed = access.public or access.roles is None or role in access.roles
        if allowed:
            assert response.status_code != 403, (role, method, rule.rule)
            assert not (response.location or "").startswith("/login?"), (role, rule.rule)
        else:
            assert response.status_code == 403, (role, method, rule.rule)


def test_denial_is_recorded_and_shown_in_the_shell(
    app: Flask, client: EngageClient, login_as: Callable[[Role], User]
) -> None:
    from engage.audit.models import AuditEvent
    from engage.extensions import db

    user = login_as(Role.VIEWER)
    response = client.get("/admin/users")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "Access denied" in page and 'href="#main"' in page
    with app.app_context():
        event = db.session.query(AuditEvent).filter_by(action="access.denied").one()
        assert event.actor_id == user.id and event.object_id == "/admin/users"


def test_navigation_shows_only_what_the_role_may_use(
    client: EngageClient, login_as: Callable[[Role], User]
) -> None:
    login_as(Role.VIEWER)
    page = client.get("/").get_data(as_text=True)
    assert ">Directory<" not in page and ">Admin<" not in page
    client.post_form("/logout")
    login_as(Role.ADMIN)
    page = client.get("/").get_data(as_text=True)
    assert ">Directory<" in page and ">Admin<" in page

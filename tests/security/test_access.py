"""Route x role matrix: every route and method, every role, anonymous users and API tokens.

Two layers are checked separately. The declared rules (``@public``/``@signed_in``/``@roles``)
are compared with the policy written down here from DESIGN.md's URL map, so widening a rule
by mistake fails even though the hook enforces it faithfully. Then every route is requested
with real rows behind its ids (see ``world.py``), so the views' own object rules run too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from werkzeug.routing import Rule

from engage.access import AccessRule, rule_for
from engage.auth.models import User
from engage.auth.roles import Role
from tests.conftest import EngageClient
from tests.security.world import routes, url_for_rule

ROLES = list(Role)
STAFF = frozenset({Role.ADMIN, Role.ANALYST, Role.FELLOW})
ANYONE = frozenset(Role)
#: Who may use each part of the app (DESIGN.md, "URL map"); None: not signed in is fine too.
POLICY: dict[str, frozenset[Role] | None] = {
    "/login": None, "/logout": None, "/healthz": None, "/s/": None, "/static/": None,
    "/surveys/": STAFF, "/tours/": STAFF, "/directory/": STAFF, "/imports/": STAFF,
    "/reports/": frozenset({Role.ANALYST, Role.COMMUNICATIONS, Role.VIEWER}),
    "/messaging/": frozenset({Role.ANALYST, Role.COMMUNICATIONS}),
    "/census/": frozenset({Role.ANALYST, Role.ADMIN}),
    "/admin/": frozenset({Role.ADMIN}),
    "/account/": ANYONE, "/jobs/": ANYONE, "/api/v1/": None,
}  # fmt: skip
#: Routes wider than their part of the app, and why (each checked by a view rule or a test).
EXCEPTIONS: dict[str, frozenset[Role] | None] = {
    "home.index": ANYONE,  # the signed-in home page
    "auth.setup": None,  # the invitation / reset link itself is the credential (single use)
    "auth.set_language": None,  # respondents pick a language too
    "census.you_said_we_did": None,  # the public "you said, we did" page
    # department leads of any role see their own department and answer their own assessment;
    # the views refuse everyone else (test_lead_pages_refuse_other_signed_in_users)
    "census.department": ANYONE,
    "census.assessment": ANYONE,
}


def _allowed(access: AccessRule) -> frozenset[Role] | None:
    if access.public:
        return None
    return ANYONE if access.roles is None else access.roles


def _policy(rule: Rule) -> frozenset[Role] | None:
    if rule.endpoint in EXCEPTIONS:
        return EXCEPTIONS[rule.endpoint]
    prefix = next(p for p in POLICY if rule.rule == p.rstrip("/") or rule.rule.startswith(p))
    return POLICY[prefix]


def test_every_route_has_an_access_rule(app: Flask) -> None:
    missing = [r.endpoint for r, _ in routes(app) if rule_for(app, r.endpoint) is None]
    assert missing == []
    # API routes are public for the cookie check; their token rule is what protects them.
    assert [r.endpoint for r, _ in routes(app) if _api_rule(app, r) is None] == []


def test_declared_rules_allow_no_more_than_the_policy(app: Flask) -> None:
    wider = []
    for rule, _method in routes(app):
        declared, policy = _allowed(rule_for(app, rule.endpoint)), _policy(rule)
        if policy is not None and (declared is None or not declared <= policy):
            wider.append((rule.endpoint, sorted(declared or ["anonymous"]), sorted(policy)))
    assert wider == []


def _api_rule(app: Flask, rule: Rule) -> Any:
    if not rule.endpoint.startswith("api."):
        return True
    return getattr(app.view_functions[rule.endpoint], "api_rule", None)


def _token_routes(app: Flask) -> list[tuple[Rule, str]]:
    return [(r, m) for r, m in routes(app) if r.endpoint.startswith("api.")
            and not _api_rule(app, r).open]  # fmt: skip


def test_api_routes_refuse_requests_without_a_token(
    app: Flask, client: EngageClient, world: dict[str, Any]
) -> None:
    client.login(world["users"][Role.ADMIN].email)  # a cookie session is not a credential
    for rule, method in _token_routes(app):
        response = client.open(url_for_rule(rule, world), method=method)
        assert response.status_code == 401, (method, rule.rule)


@pytest.mark.parametrize("role", ROLES)
def test_api_role_matrix_with_tokens(
    app: Flask, client: EngageClient, world: dict[str, Any], role: Role
) -> None:
    from engage.api.tokens import create_token
    from engage.extensions import db

    with app.app_context():
        user = db.session.merge(world["users"][role])
        _row, raw = create_token(user, "t", write=True, days=30)
        db.session.commit()
    for rule, method in _token_routes(app):
        response = client.open(url_for_rule(rule, world), method=method,
                               headers={"Authorization": f"Bearer {raw}"})  # fmt: skip
        assert response.status_code < 500, (role, method, rule.rule)
        api_rule = _api_rule(app, rule)
        if api_rule.roles is None or role in api_rule.roles:
            assert response.status_code not in (401, 403), (role, method, rule.rule)
        else:
            assert response.status_code == 403, (role, method, rule.rule)


def _sweep(app: Flask, client: EngageClient, world: dict[str, Any]) -> Iterator[tuple]:
    """Request every route with real ids; GETs first so deletions come last."""
    token = client.csrf_token()
    for rule, method in sorted(routes(app), key=lambda rm: rm[1]):
        if rule.endpoint in ("auth.logout", "static") or rule.endpoint.startswith("api."):
            continue  # logout ends the session the sweep needs; the API has its own matrix
        response = client.open(url_for_rule(rule, world), method=method,
                                data={"csrf_token": token})  # fmt: skip
        response.get_data()  # runs a streamed body to its end, as a server would
        response.close()
        assert response.status_code < 500, (method, rule.rule)
        yield rule, method, response


def test_anonymous_users_are_sent_to_login(
    app: Flask, client: EngageClient, world: dict[str, Any]
) -> None:
    for rule, method, response in _sweep(app, client, world):
        if rule_for(app, rule.endpoint).public:
            continue
        assert response.status_code == 302, (method, rule.rule)
        assert response.location.startswith("/login"), (method, rule.rule)


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(app: Flask, client: EngageClient, world: dict[str, Any], role: Role) -> None:
    client.login(world["users"][role].email)
    for rule, method, response in _sweep(app, client, world):
        allowed = _allowed(rule_for(app, rule.endpoint))
        if allowed is None or role in allowed:
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

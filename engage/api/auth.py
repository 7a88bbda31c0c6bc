"""Token authentication and role rules for API routes.

Cookie sessions are never accepted here: every API route is ``@public`` for the app-wide
cookie check (``engage.access``), and :func:`authenticate` (the blueprint's ``before_request``)
demands a bearer token, acts as the token's user (``current_user`` is that user, so the same
role helpers as the web pages apply) and enforces the route's :class:`ApiRule`. A route
without an ApiRule is refused, so a forgotten rule cannot leave data open.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import current_app, g, request
from flask.typing import ResponseReturnValue

from engage.access import public
from engage.api import tokens
from engage.api.errors import json_error
from engage.audit.services import record_denial
from engage.auth.roles import Role
from engage.extensions import db, login_manager

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class ApiRule:
    """``roles`` None: any token holder; ``write``: needs write scope; ``open``: no token."""

    roles: frozenset[Role] | None = None
    write: bool = False
    open: bool = False


def _attach(rule: ApiRule) -> Callable[[F], F]:
    def decorate(view: F) -> F:
        view.api_rule = rule  # type: ignore[attr-defined]
        return public(view)  # the cookie check steps aside; authenticate() decides

    return decorate


def token_roles(*allowed: Role, write: bool = False) -> Callable[[F], F]:
    """Token holders whose user has one of ``allowed`` roles (any role when none are given)."""
    return _attach(ApiRule(roles=frozenset(allowed) if allowed else None, write=write))


def no_token(view: F) -> F:
    """Anyone may read this route without a token (the OpenAPI document)."""
    return _attach(ApiRule(open=True))(view)


def rule_of(endpoint: str | None) -> ApiRule | None:
    view = current_app.view_functions.get(endpoint or "")
    return getattr(view, "api_rule", None)


def _bearer() -> str:
    scheme, _sep, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def authenticate() -> ResponseReturnValue | None:
    """``before_request`` of the API blueprint: token, rate limit, scope, role."""
    g._login_user = login_manager.anonymous_user()  # never the cookie session's user
    rule = rule_of(request.endpoint)
    if rule is None:
        return json_error(403, "This API route declares no access rule.")
    if rule.open:
        return None
    token = tokens.find_usable(_bearer())
    if token is None:
        return json_error(401)
    used = tokens.count_use(token)
    db.session.commit()  # the count must hold even when the request then fails
    limit = current_app.config["ENGAGE_API_RATE_LIMIT"]
    if used > limit:
        response = json_error(429, f"More than {limit} requests this minute for this token.")
        response.headers["Retry-After"] = str(60 - int(time.time()) % 60)
        return response
    g._login_user, g.api_token = token.user, token
    if rule.write and not token.write:
        return json_error(403, "This needs a token with the write scope.")
    if rule.roles is not None and token.user.role not in rule.roles:
        record_denial(token.user, request.path)
        db.session.commit()
        return json_error(403, "Your role does not give access to this.")
    return None

"""Who may use each route.

Every view declares a rule with one of the decorators below; a request hook enforces it
centrally, so a forgotten check cannot leave a route open. Routes without a rule are refused
(and a test fails on them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Flask, abort, redirect, request, url_for
from flask_login import current_user

from engage.auth.roles import Role

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class AccessRule:
    """``roles`` None means any signed-in user; ``public`` means anyone at all."""

    public: bool = False
    roles: frozenset[Role] | None = None

    def describe(self) -> str:
        if self.public:
            return "anyone"
        if self.roles is None:
            return "signed in"
        return ", ".join(sorted(self.roles))


def _attach(rule: AccessRule) -> Callable[[F], F]:
    def decorate(view: F) -> F:
        view.access_rule = rule  # type: ignore[attr-defined]
        return view

    return decorate


def public(view: F) -> F:
    """Anyone, signed in or not, may use this route."""
    return _attach(AccessRule(public=True))(view)


def signed_in(view: F) -> F:
    """Any active staff account may use this route."""
    return _attach(AccessRule())(view)


def roles(*allowed: Role) -> Callable[[F], F]:
    """Only staff with one of ``allowed`` roles may use this route."""
    return _attach(AccessRule(roles=frozenset(allowed)))


def rule_for(app: Flask, endpoint: str) -> AccessRule | None:
    view = app.view_functions.get(endpoint)
    return getattr(view, "access_rule", None)


def enforce_access() -> Any:
    """``before_request`` hook: redirect anonymous users, refuse the wrong role."""
    from flask import current_app

    from engage.audit.services import record_denial
    from engage.extensions import db

    if request.endpoint is None:
        return None  # 404/405: let the error handlers answer.
    rule = rule_for(current_app, request.endpoint)
    if rule is None:
        abort(403)
    if rule.public:
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if rule.roles is not None and current_user.role not in rule.roles:
        record_denial(current_user, request.path)
        db.session.commit()  # no view runs after a denial, so the hook commits its record
        abort(403)
    return None


def may_use(endpoint: str) -> bool:
    """Whether the current user may open ``endpoint`` (for navigation menus)."""
    from flask import current_app

    rule = rule_for(current_app, endpoint)
    if rule is None:
        return False
    if rule.public:
        return True
    if not current_user.is_authenticated:
        return False
    return rule.roles is None or current_user.role in rule.roles

"""Every API route against every role and scope: 401 without a token, 403 for a missing role
or write scope, and never a 401/403/5xx for a token that may use it. All answers are JSON."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Flask

from engage.api.auth import ApiRule
from engage.auth.roles import Role
from tests.api.conftest import bearer


def _routes(app: Flask) -> list[tuple[str, str, ApiRule]]:
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/"):
            continue
        api_rule = getattr(app.view_functions[rule.endpoint], "api_rule", None)
        assert api_rule is not None, f"{rule.rule} declares no API rule"
        url = re.sub(r"<[^>]+>", "1", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, url, api_rule))
    return found


def _may(rule: ApiRule, role: Role, write: bool) -> bool:
    return (write or not rule.write) and (rule.roles is None or role in rule.roles)


def test_every_route_checks_token_scope_and_role(
    app: Flask, client: Any, make_token: Callable[..., str]
) -> None:
    tokens = {(role, write): make_token(role, write=write) for role in Role
              for write in (False, True)}  # fmt: skip
    routes = _routes(app)
    assert len(routes) >= 12 and any(rule.write for _m, _u, rule in routes)
    checked = 0
    for method, url, rule in routes:
        body = {"json": {}} if method == "POST" else {}
        anonymous = client.open(url, method=method, **body)
        assert anonymous.is_json, (method, url)
        if rule.open:
            assert anonymous.status_code == 200, (method, url)
            continue
        assert anonymous.status_code == 401, (method, url)
        assert anonymous.headers["WWW-Authenticate"].startswith("Bearer")
        for (role, write), token in tokens.items():
            answer = client.open(url, method=method, headers=bearer(token), **body)
            assert answer.is_json and answer.status_code < 500, (method, url, role, write)
            if _may(rule, role, write):
                assert answer.status_code not in (401, 403), (method, url, role, write)
            else:
                assert answer.status_code == 403, (method, url, role, write)
                message = answer.get_json()["error"]["message"]
                assert ("write scope" in message) == (rule.write and not write), message
            checked += 1
    assert checked >= 12 * len(tokens)

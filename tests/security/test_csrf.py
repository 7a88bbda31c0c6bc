"""No state change without a CSRF token: every write route refuses a missing or forged one.

Each route is sent by a user whose role may use it, with real rows behind its ids, so a refusal
is the CSRF check's and not the role check's; nothing in any table may change. Only the bearer
token API is exempt, and it is listed here so a new exemption fails the test.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from engage.auth.roles import Role
from tests.conftest import EngageClient
from tests.security.world import routes, table_counts, url_for_rule, writer_role

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
#: API write routes: bearer tokens only, the session cookie is never read (test_access checks).
EXEMPT = {"api.create_response"}


def test_the_only_csrf_exempt_writes_are_the_listed_api_routes(app: Flask) -> None:
    api_writes = {
        r.endpoint for r, m in routes(app) if m in WRITES and r.endpoint.startswith("api.")
    }
    assert api_writes == EXEMPT


@pytest.mark.parametrize("token", [None, "forged", "stale"])
def test_every_write_without_a_valid_token_is_refused_and_changes_nothing(
    app: Flask, client: EngageClient, world: dict[str, Any], token: str | None
) -> None:
    clients: dict[Role | None, EngageClient] = {None: client}
    for role in Role:
        clients[role] = app.test_client()
        clients[role].login(world["users"][role].email)
    if token == "stale":  # a real token, but issued to another session
        token = app.test_client().csrf_token()
    before = table_counts(app, audit=True)
    checked = 0
    for rule, method in routes(app):
        if method not in WRITES or rule.endpoint in EXEMPT:
            continue
        data = {} if token is None else {"csrf_token": token}
        sender = clients[writer_role(app, rule.endpoint)]
        response = sender.open(url_for_rule(rule, world), method=method, data=data)
        assert response.status_code == 400, (method, rule.rule, response.status_code)
        checked += 1
    assert checked > 100
    assert table_counts(app, audit=True) == before

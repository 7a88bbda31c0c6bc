"""The API's contract: an OpenAPI document covering every route, JSON for every error."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from engage.auth.roles import Role

Api = Callable[..., Any]


def _api_rules(app: Flask) -> list[tuple[str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            found += [(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}]
    return found


def test_every_api_route_is_in_the_openapi_document(app: Flask, client: Any) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    documented = {(p, m) for p, ops in document["paths"].items() for m in ops}
    routes = set(_api_rules(app))
    assert len(routes) >= 14 and routes == documented


def test_the_openapi_document_is_valid() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from engage.api.openapi import document

    body = document()
    # The structural parts every client relies on; a full 3.1 meta-schema is not bundled.
    for ops in body["paths"].values():
        for op in ops.values():
            assert set(op["responses"]) >= {"400", "401", "403", "404", "429", "500"}
    jsonschema.Draft202012Validator.check_schema(body["components"]["schemas"]["Page"])


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [("get", "/api/v1/nowhere", 404), ("delete", "/api/v1/surveys", 405),
     ("put", "/api/v1/", 405), ("get", "/api/v1/surveys/x", 404),
     ("get", "/api/v1/surveys/2147483648", 404)],  # beyond PostgreSQL's integer: 404, not 500
)  # fmt: skip
def test_routing_errors_are_json(api: Api, method: str, url: str, status: int) -> None:
    response = api(method, url)
    assert response.status_code == status and response.is_json
    assert response.get_json()["error"]["status"] == status


def test_an_unexpected_error_is_a_json_500(
    app: Flask, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engage.api import views_deliberations

    def broken(*_args: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(views_deliberations, "paginate", broken)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    response = api("get", "/api/v1/deliberations", role=Role.ANALYST)
    assert response.status_code == 500 and response.get_json()["error"]["status"] == 500
    assert "boom" not in response.get_data(as_text=True)


def test_web_pages_keep_csrf(client: Any, make_user: Callable[..., Any]) -> None:
    user = make_user(Role.VIEWER)
    response = client.post("/login", data={"email": user.email, "password": "x"})
    assert response.status_code == 400  # CSRF still enforced outside the API

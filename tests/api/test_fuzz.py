"""Hypothesis fuzzing of every API route: whatever arrives, the answer is JSON and never a 500."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engage.auth.roles import Role
from tests.api.conftest import bearer

JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
#: header values a client can send (no line breaks, which HTTP itself forbids)
HEADER = st.text(st.characters(min_codepoint=32, max_codepoint=0x2FF), max_size=30)
SEGMENT = st.one_of(st.integers(-5, 10**12).map(str), st.text(max_size=12), st.just("1"))


def _routes(app: Flask) -> list[tuple[str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            found += [(rule.rule, m) for m in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_api_routes_never_answer_500(
    app: Flask, client: Any, make_token: Callable[..., str], data: st.DataObject
) -> None:
    token = make_token(data.draw(st.sampled_from(list(Role))), write=data.draw(st.booleans()))
    rule, method = data.draw(st.sampled_from(_routes(app)))
    path = re.sub(r"<(?:\w+:)?\w+>", lambda _m: data.draw(SEGMENT).replace("/", "_") or "x", rule)
    query = data.draw(
        st.dictionaries(st.sampled_from(["page", "per_page", "x"]), st.text(max_size=6))
    )
    headers = bearer(token) if data.draw(st.booleans()) else {"Authorization": data.draw(HEADER)}
    body = data.draw(st.one_of(JSONISH.map(json.dumps), st.binary(max_size=50)))
    response = client.open(path, method=method, query_string=query, headers=headers, data=body,
                           content_type="application/json")  # fmt: skip
    assert response.status_code < 500, (method, path, response.get_data(as_text=True)[:200])
    assert response.is_json, (method, path)

"""Hypothesis fuzzing of every API route, >= 100 cases each: the answer is JSON and never a 500.

Cases mix real ids (from the world) with junk path segments, tokens of every role with and
without write scope with broken Authorization headers, junk query parameters and bodies.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engage.api.tokens import create_token
from engage.auth.roles import Role
from engage.extensions import db
from tests.security.world import routes, url_for_rule

EXAMPLES = 100
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
PARAMS = ["page", "per_page", "x", "since", "status", "q"]


def _tokens(app: Flask, world: dict[str, Any]) -> list[str]:
    raw = []
    with app.app_context():
        for role in Role:
            for write in (False, True):
                user = db.session.merge(world["users"][role])
                raw.append(create_token(user, f"fuzz {write}", write=write, days=30)[1])
        db.session.commit()
    return raw


def _fuzz(client: Any, rule: str, real: str, method: str, tokens: list[str], tally: Counter):
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(data=st.data())
    def case(data: st.DataObject) -> None:
        path = (
            real
            if data.draw(st.booleans())
            else re.sub(
                r"<(?:\w+:)?\w+>", lambda _m: re.sub(r"[/?#]", "_", data.draw(SEGMENT)) or "x", rule
            )
        )
        query = data.draw(st.dictionaries(st.sampled_from(PARAMS), st.text(max_size=6)))
        auth = data.draw(st.one_of(st.sampled_from(tokens).map(lambda t: f"Bearer {t}"), HEADER))
        body = data.draw(st.one_of(JSONISH.map(json.dumps), st.binary(max_size=50)))
        response = client.open(
            path,
            method=method,
            query_string=query,
            data=body,
            headers={"Authorization": auth},
            content_type="application/json",
        )
        tally[response.status_code] += 1
        assert response.status_code < 500, (method, path, response.get_data(as_text=True)[:200])
        assert response.is_json, (method, path)  # fmt: skip

    case()


def test_api_routes_never_answer_500(app: Flask, client: Any, world: dict[str, Any]) -> None:
    tokens, tally, failures, covered = _tokens(app, world), Counter(), [], 0
    for rule, method in routes(app):
        if not rule.endpoint.startswith("api."):
            continue
        try:
            _fuzz(client, rule.rule, url_for_rule(rule, world), method, tokens, tally)
        except Exception as exc:  # noqa: BLE001  (every failing route is reported at once)
            failures.append((method, rule.rule, f"{type(exc).__name__}: {exc}"[:300]))
        covered += 1
    print(f"api fuzz: {covered} routes, {sum(tally.values())} cases, statuses {dict(tally)}")
    assert covered >= 15 and failures == []

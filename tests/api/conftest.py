"""API fixtures: tokens for users of each role, and a client that sends them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from engage.api.tokens import create_token
from engage.auth.models import User
from engage.auth.roles import Role
from engage.extensions import db


@pytest.fixture
def make_token(app: Flask, make_user: Callable[..., User]) -> Callable[..., str]:
    """``make_token(Role.ANALYST, write=True)`` -> a raw bearer token for a new user."""

    def make(role: Role = Role.ANALYST, *, write: bool = False, user: User | None = None) -> str:
        owner = user or make_user(role)
        with app.app_context():
            _row, raw = create_token(db.session.merge(owner), "test", write=write, days=30)
            db.session.commit()
        return raw

    return make


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def api(client: Any, make_token: Callable[..., str]) -> Callable[..., Any]:
    """``api("get", "/api/v1/surveys", role=Role.FELLOW)`` -> the response."""

    def call(method: str, url: str, role: Role = Role.ANALYST, write: bool = False, **kw: Any):
        token = kw.pop("token", None) or make_token(role, write=write)
        return client.open(url, method=method.upper(), headers=bearer(token), **kw)

    return call

"""Security suite fixtures: a world with a row behind every URL argument."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from engage.auth.models import User
from tests.security.world import build_world


@pytest.fixture
def world(app: Flask, make_user: Callable[..., User]) -> dict[str, Any]:
    return build_world(app, make_user)

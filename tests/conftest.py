"""Shared fixtures: one app and schema per test session, tables emptied after each test."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import settings
from sqlalchemy import create_engine, make_url, text
from werkzeug.security import generate_password_hash

from engage import create_app
from engage.auth.models import User
from engage.auth.roles import Role
from engage.extensions import db

REPO = Path(__file__).resolve().parent.parent
#: The project's shared reference data sits beside the repository (see its README).
SHARED_DATA = REPO.parent / "shared" / "data"
PASSWORD = "correct horse battery"
_PASSWORD_HASH = generate_password_hash(PASSWORD)
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

# CI replays the same generated examples on every run, so a landing never fails on a case no
# one has seen; local runs keep exploring new ones (and any failure there becomes a test).
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data; missing data fails in CI and skips (with the reason) elsewhere.

    CI always has the shared folder beside the clone, so a skip there would hide lost tests.
    """
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        message = f"shared reference data not found at {path}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def _test_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    name = make_url(url).database or ""
    # The suite empties every table: refuse anything that does not look like a test database.
    if not (name.startswith("test") or name.startswith("engage_test")):
        pytest.exit(f"DATABASE_URL names database {name!r}; tests only run on test* databases")
    return url


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _test_database_url(tmp_path_factory)


def reset_schema(url: str) -> None:
    """Drop everything in the test database so migrations start from nothing."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    from flask_migrate import upgrade

    reset_schema(database_url)
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret-key",
            "ENGAGE_CACHE_DIR": str(tmp_path_factory.mktemp("cache")),
            "JOBS_BACKEND": "inline",
        }
    )
    app.test_client_class = EngageClient
    with app.app_context():
        upgrade()
    yield app
    dispose(app)


def dispose(app: Flask) -> None:
    """Close pooled connections so none is left for the garbage collector."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _empty_tables(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "app" not in request.fixturenames:
        return
    app: Flask = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


class EngageClient(FlaskClient):
    """A test client that fills in CSRF tokens the way a browser form would."""

    def csrf_token(self) -> str:
        html = self.get("/login", follow_redirects=True).get_data(as_text=True)
        match = _CSRF.search(html)
        assert match, "no CSRF token on the page"
        return match.group(1)

    def post_form(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, **kwargs)

    def login(self, email: str, password: str = PASSWORD) -> Any:
        return self.post_form("/login", {"email": email, "password": password})


@pytest.fixture
def client(app: Flask) -> EngageClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    """Factory: ``make_user(Role.ANALYST)`` creates an active user whose password is PASSWORD."""

    def make(role: Role = Role.VIEWER, email: str | None = None, **fields: Any) -> User:
        with app.app_context():
            user = User(
                email=email or f"{role.value}-{os.urandom(3).hex()}@example.org",
                name=fields.pop("name", f"Test {role.value}"),
                role=role,
                password_hash=_PASSWORD_HASH,
                session_nonce=os.urandom(8).hex(),
                **fields,
            )
            db.session.add(user)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return make


@pytest.fixture
def login_as(client: EngageClient, make_user: Callable[..., User]) -> Callable[[Role], User]:
    """Sign the test client in as a new user with ``role``."""

    def login(role: Role) -> User:
        user = make_user(role)
        response = client.login(user.email)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user

    return login

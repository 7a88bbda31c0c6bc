"""Error pages share the shell; /healthz reports the database and jobs."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from engage.auth.models import User
from engage.auth.roles import Role
from tests.conftest import EngageClient, dispose


def test_unknown_url_gives_404_page_in_the_shell(client: EngageClient) -> None:
    response = client.get("/no/such/page")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Page not found" in page and 'id="main"' in page and 'lang="en"' in page


def test_server_error_page(app: Flask, client: EngageClient) -> None:
    from engage.errors_views import render_error

    with app.test_request_context():
        body, code = render_error(500)
    assert code == 500 and "Something went wrong" in body


def test_healthz_ok(client: EngageClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "db": "ok", "jobs": "ok"}


def test_healthz_reports_a_broken_database(app: Flask, tmp_path) -> None:
    from engage import create_app

    broken = create_app(
        {"DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/x.sqlite", "SECRET_KEY": "x"}
    )
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "error"
    dispose(broken)


def test_an_unreachable_database_is_a_503_to_retry_not_a_500(app: Flask, tmp_path) -> None:
    from engage import create_app

    broken = create_app(
        {"DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/x.sqlite", "SECRET_KEY": "x"}
    )
    client = broken.test_client()
    page = client.get("/s/demo-buy-in")
    assert page.status_code == 503 and page.headers["Retry-After"] == "60"
    assert "nothing was saved" in page.get_data(as_text=True)
    api = client.get("/api/v1/surveys", headers={"Authorization": "Bearer eng_x"})
    assert api.status_code == 503 and api.get_json()["error"]["status"] == 503
    dispose(broken)


def test_ids_beyond_the_integer_column_are_404_not_500(
    client: EngageClient, login_as: Callable[[Role], User]
) -> None:
    login_as(Role.FELLOW)
    for path in ("/directory/org-units/2147483648", "/directory/stakeholders/99999999999999"):
        assert client.get(path).status_code == 404
    assert client.get("/directory/org-units/2147483647").status_code == 404

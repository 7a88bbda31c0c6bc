"""One test per 500 or hole the security sweeps found, each fixed in the app."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from engage.auth.roles import Role
from engage.extensions import db
from surveys.models import Question
from tests.conftest import PASSWORD, EngageClient


def test_fixing_a_questions_wording_after_opening_saves_it(
    app: Flask, client: EngageClient, world: dict[str, Any]
) -> None:
    # Both used to be 500s: a POST without "options" read the stored list of choices as text,
    # and the wording-only values of an open survey had no "type" for the service to read.
    client.login(world["users"][Role.FELLOW].email)
    url = f"/surveys/{world['survey_id']}/questions/{world['question_id']}"
    response = client.post_form(url, {"text": "How often do you ride?", "type": "single_choice"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Question, world["question_id"]).text == "How often do you ride?"


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        ("/tours/codes", {"name": "Ärzte", "description": ""}),
        ("/directory/org-units/new", {"name": "Ärzte", "kind": "department"}),
        ("/messaging/audiences/new", {"name": "Ärzte", "kind": "residents", "languages": "en",
                                      "quote_consent": "anonymous_public", "target_grade": "8"}),
        ("/messaging/channels/new", {"name": "Ärzte", "kind": "web_page"}),
    ],
)  # fmt: skip
def test_a_non_ascii_name_used_twice_is_a_form_error_not_a_500(
    client: EngageClient, world: dict[str, Any], url: str, fields: dict[str, str]
) -> None:
    # SQLite's lower() folds only ASCII, so the case-insensitive duplicate check missed "Ä".
    client.login(world["users"][Role.ANALYST].email)
    assert client.post_form(url, fields).status_code == 302
    again = client.post_form(url, fields)
    assert again.status_code in (200, 400)
    assert "already" in again.get_data(as_text=True)


@pytest.mark.parametrize("target", ["/\\evil.example", "/\t/evil.example", "\\/evil.example"])
def test_backslash_and_tab_next_targets_stay_on_site(
    client: EngageClient, world: dict[str, Any], target: str
) -> None:
    # Browsers read "/\evil.example" and "/<tab>/evil.example" as "//evil.example".
    user = world["users"][Role.VIEWER]
    response = client.post_form("/login", {"email": user.email, "password": PASSWORD,
                                           "next": target})  # fmt: skip
    assert response.location == "/"


def test_a_multipart_part_without_a_name_is_ignored(
    client: EngageClient, world: dict[str, Any]
) -> None:
    # Werkzeug files such a part under the key None; walking the form's keys then failed.
    client.login(world["users"][Role.ANALYST].email)
    token = client.csrf_token()
    body = (
        "--X\r\nContent-Disposition: form-data\r\n\r\nnameless\r\n"
        f'--X\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n--X--\r\n'
    )
    for url in (f"/tours/guides/{world['guide_id']}", f"/messaging/{world['draft_id']}/approve"):
        response = client.post(url, data=body, content_type="multipart/form-data; boundary=X")
        assert response.status_code in (200, 302, 400, 409), url


def test_a_channel_length_limit_beyond_any_integer_is_a_form_error(
    client: EngageClient, world: dict[str, Any]
) -> None:
    client.login(world["users"][Role.ANALYST].email)
    fields = {"name": "Posters", "kind": "web_page", "max_chars": "9" * 25}
    assert client.post_form("/messaging/channels/new", fields).status_code in (200, 400)


@pytest.mark.parametrize("number", ["nan", "inf", "-inf", "1e309"])
def test_a_measured_value_that_is_not_a_number_is_a_form_error(
    app: Flask, client: EngageClient, world: dict[str, Any], number: str
) -> None:
    # float("nan") passed the form; SQLite then stored NULL in a NOT NULL column.
    from engage.census.models import BenchmarkValue

    client.login(world["users"][Role.ADMIN].email)
    fields = {"value": number, "as_of": "2026-01-01", "source": "HR"}
    response = client.post_form(f"/census/benchmarks/{world['benchmark_id']}", fields)
    assert response.status_code in (200, 400)
    with app.app_context():
        assert db.session.query(BenchmarkValue).count() == 0


def test_a_nul_character_in_a_form_is_dropped_not_a_500(
    app: Flask, client: EngageClient, world: dict[str, Any]
) -> None:
    # PostgreSQL's text columns refuse NUL characters.
    from engage.messaging.models import JargonTerm

    client.login(world["users"][Role.ANALYST].email)
    response = client.post_form("/messaging/jargon", {"term": "ad\x00hoc", "plain": "for this"})
    assert response.status_code in (200, 302, 400)
    with app.app_context():
        assert all("\x00" not in t.term for t in db.session.query(JargonTerm))


def test_a_nul_character_in_a_query_is_dropped_not_a_500(
    client: EngageClient, world: dict[str, Any]
) -> None:
    client.login(world["users"][Role.ANALYST].email)
    for url in ("/tours/search", "/directory/stakeholders", "/admin/audit", "/reports/"):
        response = client.get(url, query_string={"q": "ad\x00hoc", "since": "\x00"})
        assert response.status_code < 500, url

"""The respondent form's CSRF token: bound to a cookie of its own, no Flask session needed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask

from surveys.form_guard import COOKIE
from tests.conftest import EngageClient
from tests.surveys.conftest import state_of
from tests.surveys.test_respond import PAGE1, count

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _page(client: EngageClient, slug: str, **kwargs: Any) -> tuple[str, str]:
    """The first page's form state and CSRF token."""
    html = client.get(f"/s/{slug}", **kwargs).get_data(as_text=True)
    return state_of(html), _TOKEN.search(html).group(1)


def _send(client: EngageClient, slug: str, state: str, token: str | None, **kwargs: Any) -> Any:
    data = {"state": state, "action": "next", **PAGE1}
    if token is not None:
        data["csrf_token"] = token
    return client.post(f"/s/{slug}", data=data, **kwargs)


def test_the_page_token_and_cookie_alone_carry_a_respondent_through(app, client, make_survey):
    survey = make_survey()
    state, token = _page(client, survey.slug)
    assert client.get_cookie(COOKIE, path="/s/") is not None
    assert client.get_cookie("session") is None  # nothing for the Flask session to sign
    response = _send(client, survey.slug, state, token)
    assert response.status_code == 200 and "Page 2 of" in response.get_data(as_text=True)
    assert client.get_cookie("session") is None


@pytest.mark.parametrize("token", [None, "", "forged", "é😀", "0" * 64])
def test_a_missing_or_forged_token_is_refused(app: Flask, client, make_survey, token) -> None:
    survey = make_survey(slug="guarded")
    state, _real = _page(client, survey.slug)
    response = _send(client, survey.slug, state, token)
    assert response.status_code == 400
    assert "came from another site" in response.get_data(as_text=True)


def test_a_token_is_refused_with_another_browsers_cookie_or_none(app, make_survey) -> None:
    survey = make_survey()
    victim, attacker = app.test_client(), app.test_client()
    state, token = _page(attacker, survey.slug)
    _page(victim, survey.slug)  # the victim has a cookie of their own
    assert _send(victim, survey.slug, state, token).status_code == 400
    stranger = app.test_client()  # no cookie at all
    assert _send(stranger, survey.slug, state, token).status_code == 400
    assert _send(attacker, survey.slug, state, token).status_code == 200


def test_a_completed_submission_with_a_refused_token_stores_nothing(app, client, make_survey):
    from tests.surveys.test_respond import PAGE2

    survey = make_survey()
    state, token = _page(client, survey.slug)
    html = _send(client, survey.slug, state, token).get_data(as_text=True)
    data = {"state": state_of(html), "action": "next", **PAGE2, "csrf_token": "forged"}
    assert client.post(f"/s/{survey.slug}", data=data).status_code == 400
    assert count(app) == 0


def test_over_https_the_referer_must_be_this_site(app, client, make_survey) -> None:
    survey = make_survey()
    https = {"base_url": "https://localhost"}
    state, token = _page(client, survey.slug, **https)
    cookie = client.get_cookie(COOKIE, domain="localhost", path="/s/")
    assert cookie is not None and cookie.secure and cookie.http_only
    foreign = {"Referer": "https://evil.example/s/x"}
    assert _send(client, survey.slug, state, token, headers=foreign, **https).status_code == 400
    own = {"Referer": f"https://localhost/s/{survey.slug}"}
    assert _send(client, survey.slug, state, token, headers=own, **https).status_code == 200


def test_a_staff_session_token_is_still_accepted(client, make_survey) -> None:
    survey = make_survey()
    state, _token = _page(client, survey.slug)
    assert _send(client, survey.slug, state, client.csrf_token()).status_code == 200


def test_the_resume_forms_are_guarded_too(client, make_survey) -> None:
    survey = make_survey()
    state, token = _page(client, survey.slug)
    url = f"/s/{survey.slug}/resume"
    assert client.post(url, data={"code": state}).status_code == 400
    assert client.post(url, data={"code": state, "csrf_token": token}).status_code == 200
    data = {"state": state, "action": "save", "csrf_token": token}
    saved = client.post(f"/s/{survey.slug}", data=data).get_data(as_text=True)
    code = saved.split('class="resume-code">')[1].split("</textarea>")[0]
    again = {"code": code, "csrf_token": _TOKEN.search(saved).group(1)}
    assert client.post(url, data=again).status_code == 200
    assert client.get_cookie("session") is None

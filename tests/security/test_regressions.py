"""One test per 500 or hole the security sweeps found, each fixed in the app."""

from __future__ import annotations

from typing import Any

from flask import Flask

from engage.auth.roles import Role
from engage.extensions import db
from surveys.models import Question
from tests.conftest import EngageClient


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

"""Survey factories: a survey using every question type, with skip rules and translations."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask

from engage.extensions import db
from surveys import services
from surveys.models import Anonymity, Survey, SurveyKind, SurveyStatus

YES_NO = [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}]
STATE = re.compile(r'name="state" value="([^"]+)"')


def _q(code: str, type_: str, text: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "type": type_, "text": text, **extra}


#: (section title, questions) — q2 is shown only when q1 = yes; section 3 only when q3 >= 4.
LAYOUT = [
    (
        "About you",
        [
            _q("q1", "single_choice", "Do you work for the county?", required=True, options=YES_NO),
            _q(
                "q2",
                "short_text",
                "Which department?",
                condition={"q": "q1", "op": "equals", "value": "yes"},
                required=True,
            ),
            _q(
                "q3",
                "likert",
                "The county listens to residents.",
                required=True,
                settings={"points": 5},
            ),
        ],
    ),
    (
        "Details",
        [
            _q(
                "q4",
                "multiple_choice",
                "Which services do you use?",
                options=[
                    {"value": "parks", "label": "Parks"},
                    {"value": "transit", "label": "Transit"},
                ],
                extra={"allow_other": True},
            ),
            _q(
                "q5",
                "matrix",
                "How do you rate these?",
                settings={
                    "points": 5,
                    "rows": [
                        {"value": "speed", "label": "Speed"},
                        {"value": "respect", "label": "Respect"},
                    ],
                },
            ),
            _q("q6", "rating", "How likely are you to recommend us?"),
            _q(
                "q7",
                "ranking",
                "Rank these priorities",
                options=[
                    {"value": "housing", "label": "Housing"},
                    {"value": "jobs", "label": "Jobs"},
                    {"value": "safety", "label": "Safety"},
                ],
            ),
            _q("q8", "long_text", "What should change?"),
            _q(
                "q9",
                "number",
                "How many years have you lived here?",
                settings={"min": 0, "max": 120},
            ),
            _q("q10", "date", "When did you last visit a county office?"),
            _q("q11", "email", "Email for a follow-up (optional)"),
            _q("q12", "demographics", "About you"),
        ],
    ),
    ("Follow-up", [_q("q13", "consent", "I agree to be contacted.", required=True)]),
]


def build_survey(
    anonymity: Anonymity = Anonymity.ANONYMOUS,
    *,
    open_it: bool = True,
    public: bool = True,
    languages: tuple[str, ...] = ("en",),
    slug: str | None = None,
    owner_id: int | None = None,
) -> Survey:
    survey = services.create_survey(
        title="Test survey",
        kind=SurveyKind.BUY_IN,
        anonymity=anonymity,
        actor="test",
        languages=list(languages),
    )
    survey.public, survey.created_by_id = public, owner_id
    if slug:
        survey.slug = slug
    for index, (title, questions) in enumerate(LAYOUT):
        section = survey.sections[0] if index == 0 else services.save_section(survey, None, {})
        section.title = title
        if title == "Follow-up":
            section.condition = {"q": "q3", "op": "gte", "value": "4"}
        for spec in questions:
            values = {
                "help": "",
                "required": False,
                "options": [],
                "settings": {},
                "translations": {},
                **spec,
            }
            services.save_question(section, None, values, "test")
    for question in survey.questions:
        question.translations = {
            lang: {
                "text": f"[{lang}] {question.text}",
                "options": {o["value"]: f"[{lang}] {o['label']}" for o in question.options},
                "rows": {
                    r["value"]: f"[{lang}] {r['label']}" for r in question.settings.get("rows", [])
                },
            }
            for lang in languages
            if lang != "en"
        }
    if open_it:
        survey.status = SurveyStatus.OPEN
    db.session.flush()
    return survey


@pytest.fixture
def make_survey(app: Flask) -> Callable[..., Survey]:
    """Factory: creates and commits a survey; returns it detached with ids loaded."""

    def make(*args: Any, **kwargs: Any) -> Survey:
        with app.app_context():
            survey = build_survey(*args, **kwargs)
            db.session.commit()
            survey_id, slug = survey.id, survey.slug
        return type("SurveyRef", (), {"id": survey_id, "slug": slug})()

    return make


@pytest.fixture
def mail_to(app: Flask) -> Iterator[Callable[[int], None]]:
    """Point the app at an SMTP port on 127.0.0.1 (see smtp_server.py) for one test."""
    keys = ("SMTP_HOST", "SMTP_PORT", "SMTP_SECURITY")
    before = {key: app.config[key] for key in keys}

    def configure(port: int) -> None:
        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_SECURITY="none")

    yield configure
    app.config.update(before)


def state_of(html: str) -> str:
    match = STATE.search(html)
    assert match, "no form state on the page"
    return match.group(1)

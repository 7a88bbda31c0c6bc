"""Listening-tour fixtures: org units, a guide, sessions owned by a given user."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask import Flask

from engage.auth.models import User
from engage.directory.models import OrgUnit, OrgUnitKind, QuoteConsent
from engage.extensions import db
from engage.tours.guides import QuestionDraft, save_guide
from engage.tours.models import Note, Session
from engage.tours.sessions import save_session


@pytest.fixture
def units(app: Flask) -> dict[str, int]:
    with app.app_context():
        made = {
            "Parks": OrgUnit(kind=OrgUnitKind.DEPARTMENT, name="Parks"),
            "Cudahy": OrgUnit(kind=OrgUnitKind.MUNICIPALITY, name="Cudahy", subkind="city"),
            "West Allis": OrgUnit(kind=OrgUnitKind.MUNICIPALITY, name="West Allis"),
        }
        db.session.add_all(made.values())
        db.session.commit()
        return {name: unit.id for name, unit in made.items()}


@pytest.fixture
def guide_version(app: Flask, make_user: Callable[..., User]) -> int:
    with app.app_context():
        guide = save_guide(
            None,
            "Municipal staff",
            "city administrators",
            [
                QuestionDraft({"en": "What works well?", "es": "¿Qué funciona bien?"}),
                QuestionDraft({"en": "What gets in the way?"}, {"en": "Ask for an example."}),
            ],
            None,
        )
        db.session.commit()
        return guide.current.id


@pytest.fixture
def make_session(app: Flask) -> Callable[..., int]:
    """``make_session(owner, **values)`` saves a session through the service; returns its id."""

    def make(owner: User, **values: Any) -> int:
        with app.app_context():
            defaults = {
                "title": "Interview",
                "kind": "interview",
                "status": "held",
                "held_on": date(2025, 3, 14),
                "consent_quote": QuoteConsent.ANONYMOUS_PUBLIC.value,
            }
            session = save_session(None, {**defaults, **values}, db.session.merge(owner))
            db.session.commit()
            return session.id

    return make


def notes_of(app: Flask, session_id: int) -> list[tuple[int, int | None, str, int]]:
    """(id, question id, text, version) of a session's notes, in page order."""
    with app.app_context():
        session = db.session.get(Session, session_id)
        return [(n.id, n.guide_question_id, n.text, n.version) for n in session.notes]


def set_note(app: Flask, note_id: int, text: str) -> None:
    with app.app_context():
        note = db.session.get(Note, note_id)
        note.text = text
        db.session.commit()

"""Notes and quotes into the NLP pipeline's evidence units; quotes leave only when allowed."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from analysis.nlp import EvidenceUnit
from engage.auth.roles import Role
from engage.extensions import db
from engage.tours.evidence import note_units, quote_units, shareable_quotes
from engage.tours.models import Quote, Session
from tests.tours.conftest import notes_of, set_note

TEXT = "Call Maria Lopez at 414-555-0199 about the bus. Nobody answers the phone."


def _quote(note_id: int, text: str, consent: str, **fields) -> Quote:
    start = TEXT.index(text)
    return Quote(
        note_id=note_id, start=start, end=start + len(text), text=text, consent=consent, **fields
    )


def test_units_carry_kind_org_units_and_role(
    app: Flask, make_user: Callable, make_session: Callable, units: dict
) -> None:
    fellow = make_user(Role.FELLOW)
    session_id = make_session(
        fellow,
        kind="town_hall",
        org_units=[units["Cudahy"], units["Parks"]],
        anonymous_count=30,
        anonymous_role="resident",
    )
    note_id = notes_of(app, session_id)[0][0]
    set_note(app, note_id, TEXT)
    with app.app_context():
        db.session.add(
            _quote(note_id, "Nobody answers the phone.", "internal", speaker_role="leader")
        )
        db.session.commit()
        (unit,) = note_units()
        (quote,) = quote_units([session_id])
    assert isinstance(unit, EvidenceUnit) and unit.text == TEXT
    assert unit.attributes == {
        "session_kind": "town_hall",
        "department": "Parks",
        "municipality": "Cudahy",
        "stakeholder_role": "resident",
    }
    assert quote.attributes["stakeholder_role"] == "leader"


def test_only_consented_matching_quotes_leave_and_they_are_redacted(
    app: Flask, make_user: Callable, make_session: Callable
) -> None:
    session_id = make_session(make_user(Role.FELLOW), consent_quote="attributed")
    note_id = notes_of(app, session_id)[0][0]
    set_note(app, note_id, TEXT)
    sentence = "Call Maria Lopez at 414-555-0199 about the bus."
    with app.app_context():
        db.session.add_all(
            [
                _quote(note_id, sentence, "anonymous_public", speaker_label="Rider"),
                _quote(note_id, "Nobody answers the phone.", "attributed", speaker_label="Clerk"),
                _quote(note_id, "about the bus.", "internal"),
                _quote(note_id, "the bus", "none"),
            ]
        )
        stale = _quote(note_id, "Nobody", "attributed")
        stale.needs_review = True
        db.session.add(stale)
        db.session.commit()
        shared = {q["text"]: q for q in shareable_quotes()}
        assert set(shared) == {"Call [NAME] at [PHONE] about the bus.", "Nobody answers the phone."}
        assert shared["Nobody answers the phone."]["speaker"] == "Clerk"
        assert shared["Call [NAME] at [PHONE] about the bus."]["speaker"] == ""
        # Narrowing the session's consent later holds every quote back.
        db.session.get(Session, session_id).consent_quote = "internal"
        db.session.commit()
        assert shareable_quotes() == []

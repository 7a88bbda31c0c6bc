"""The demo tour seeds a dozen sessions with notes, quotes, follow-ups and codes, once."""

from __future__ import annotations

from flask import Flask

from engage.demo.seed import seed_demo
from engage.extensions import db
from engage.tours.models import CodedSpan, FollowUp, Quote, Session, SessionStatus


def _counts() -> tuple[int, ...]:
    return tuple(db.session.query(m).count() for m in (Session, Quote, FollowUp, CodedSpan))


def test_seed_tours_is_idempotent_and_attributed(app: Flask) -> None:
    with app.app_context():
        steps = seed_demo("demo-password")
        assert "tours: 12 sessions, 12 codes created" in steps
        first = _counts()
        assert first == (12, 10, 10, 10)
        seed_demo("demo-password")
        assert _counts() == first
        held = db.session.query(Session).filter(Session.status != SessionStatus.PLANNED).first()
        assert "Polis open data" in held.summary and "CC BY 4.0" in held.summary
        assert all(q.text in q.note.text for q in db.session.query(Quote))
        units = {u.kind for s in db.session.query(Session) for u in s.org_units}
        assert units == {"department", "municipality"}

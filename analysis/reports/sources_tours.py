"""Evidence from listening-tour notes.

A session is one respondent (its notes are one record of what the people present said).
Notes are quotable outside analysis only when the session's participants agreed to public
quotation (anonymous or attributed).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from analysis.nlp import EvidenceUnit
from analysis.reports.sources import Source, in_dates, in_org_units, register
from engage.directory.models import QuoteConsent
from engage.extensions import db
from engage.tours.models import Note, Session

NAME = "tour"
ALL = "all"
PUBLIC = (QuoteConsent.ANONYMOUS_PUBLIC, QuoteConsent.ATTRIBUTED)


def provide(scope: dict[str, Any]) -> list[EvidenceUnit]:
    """Notes with text of the picked sessions (or all), within dates and org units."""
    ids = [str(i) for i in (scope.get("sources", {}).get(NAME) or {}).get("ids", [])]
    query = select(Note, Session).join(Session, Note.session_id == Session.id)
    if ALL not in ids:
        query = query.where(Session.id.in_([int(i) for i in ids]))
    out = []
    for note, session in db.session.execute(query).all():
        units = list(session.org_units)
        if (
            note.text.strip()
            and in_dates(session.held_on, scope)
            and in_org_units([u.id for u in units], scope)
        ):
            attrs = {"session kind": str(session.kind)}
            attrs.update({str(u.kind): u.name for u in reversed(units)})
            roles = sorted({str(s.role) for s in session.stakeholders})
            if session.anonymous_role or roles:
                attrs["role"] = str(session.anonymous_role or roles[0])
            out.append(EvidenceUnit(f"note:{note.id}", note.text, f"tour:{session.id}", attrs))
    return out


def options() -> list[tuple[str, str]]:
    sessions = db.session.scalars(select(Session).order_by(Session.held_on.desc()))
    return [(ALL, "All listening-tour notes")] + [
        (str(s.id), f"{s.title} ({s.held_on.isoformat()})") for s in sessions
    ]


def quotable(ids: Iterable[str]) -> set[str]:
    ids = list(ids)
    note_ids = [int(i.split(":")[1]) for i in ids]
    allowed = db.session.scalars(
        select(Note.id)
        .join(Session, Note.session_id == Session.id)
        .where(Note.id.in_(note_ids), Session.consent_quote.in_(PUBLIC))
    )
    return {f"note:{n}" for n in allowed}


def respondent(unit_id: str) -> str:
    note = db.session.get(Note, int(unit_id.split(":")[1]))
    return f"session:{note.session_id}" if note else unit_id


register(
    Source(NAME, "Listening-tour notes", provide, options, quotable, respondent, live_consent=True)
)

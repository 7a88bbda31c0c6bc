"""Listening-tour notes and quotes as evidence for the text pipeline (``analysis.nlp``).

``note_units`` and ``quote_units`` are for the analysts' own runs: raw text, with the
session kind, org units and stakeholder role as group attributes. ``shareable_quotes`` is the
only way a quote leaves the analysts' view: consent must allow it (capped by the session's
consent), its span must still match the note, and the text is redacted first.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from analysis.nlp import EvidenceUnit
from analysis.nlp.redact import Redactor, SpacyRedactor
from engage.directory.models import OrgUnitKind, QuoteConsent
from engage.extensions import db
from engage.tours.models import Note, Quote, Session
from engage.tours.quotes import effective_consent, is_shareable

MIXED = "mixed"


def stakeholder_role(session: Session) -> str:
    """The role of the people heard: one role, ``mixed``, or ``unknown``."""
    roles = {p.role.value for p in session.stakeholders}
    if session.anonymous_count and session.anonymous_role:
        roles.add(session.anonymous_role.value)
    if not roles:
        return "unknown"
    return roles.pop() if len(roles) == 1 else MIXED


def attributes(session: Session, speaker_role: str | None = None) -> dict[str, str]:
    """Group attributes of a session; several units of one kind are joined with ``; ``."""

    def names(kind: OrgUnitKind) -> str:
        return "; ".join(sorted(u.name for u in session.org_units if u.kind == kind))

    found = {
        "session_kind": session.kind.value,
        "department": names(OrgUnitKind.DEPARTMENT),
        "municipality": names(OrgUnitKind.MUNICIPALITY),
        "strategy_team": names(OrgUnitKind.STRATEGY_TEAM),
        "stakeholder_role": speaker_role or stakeholder_role(session),
    }
    return {key: value for key, value in found.items() if value}


def _notes(session_ids: Iterable[int] | None) -> list[Note]:
    query = select(Note).where(Note.text != "").order_by(Note.session_id, Note.position)
    if session_ids is not None:
        query = query.where(Note.session_id.in_(list(session_ids)))
    return list(db.session.scalars(query))


def note_units(session_ids: Iterable[int] | None = None) -> list[EvidenceUnit]:
    """Every non-empty note as an evidence unit (analysts only: raw text)."""
    return [
        EvidenceUnit(
            id=f"tour-note:{note.id}",
            text=note.text,
            source=f"tour:{note.session_id}/note:{note.id}",
            attributes=attributes(note.session),
        )
        for note in _notes(session_ids)
    ]


def quote_units(session_ids: Iterable[int] | None = None) -> list[EvidenceUnit]:
    """Every quote as an evidence unit with the speaker's role (analysts only: raw text)."""
    return [
        EvidenceUnit(
            id=f"tour-quote:{quote.id}",
            text=quote.text,
            source=f"tour:{note.session_id}/quote:{quote.id}",
            attributes=attributes(
                note.session, quote.speaker_role.value if quote.speaker_role else None
            ),
        )
        for note in _notes(session_ids)
        for quote in note.quotes
    ]


def shareable_quotes(
    session_ids: Iterable[int] | None = None, redactor: Redactor | None = None
) -> list[dict[str, Any]]:
    """Quotes that may leave the analysts' view, redacted, as plain dicts.

    Only quotes whose effective consent is ``attributed`` or ``anonymous_public`` and whose
    span still matches the note. The speaker description is kept only for ``attributed``.
    """
    quotes: list[Quote] = [q for n in _notes(session_ids) for q in n.quotes if is_shareable(q)]
    if not quotes:
        return []
    texts = (redactor or SpacyRedactor()).redact([q.text for q in quotes])
    out = []
    for quote, text in zip(quotes, texts, strict=True):
        consent = effective_consent(quote)
        role = quote.speaker_role.value if quote.speaker_role else None
        out.append(
            {
                "id": f"tour-quote:{quote.id}",
                "text": text,
                "consent": consent.value,
                "speaker": quote.speaker_label if consent == QuoteConsent.ATTRIBUTED else "",
                "attributes": attributes(quote.note.session, role),
            }
        )
    return out

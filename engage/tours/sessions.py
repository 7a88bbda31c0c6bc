"""Sessions: create, edit, list with filters, and their note slots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, select

from engage.audit.services import record
from engage.auth.models import User
from engage.auth.roles import Role
from engage.directory.models import OrgUnit, QuoteConsent, Stakeholder, StakeholderRole
from engage.errors import DomainError
from engage.extensions import db
from engage.tours.access import may_share, visible_to
from engage.tours.models import GuideVersion, Note, Session, SessionKind, SessionStatus


@dataclass
class SessionFilters:
    status: str = ""
    kind: str = ""
    org_unit: int | None = None
    fellow: int | None = None
    since: date | None = None
    until: date | None = None
    q: str = ""


def session_query(user: Any, filters: SessionFilters) -> Select[tuple[Session]]:
    """Sessions ``user`` may see that match ``filters``, newest first."""
    query = select(Session).where(visible_to(user)).order_by(Session.held_on.desc(), Session.id)
    if filters.status in SessionStatus.__members__.values():
        query = query.where(Session.status == SessionStatus(filters.status))
    if filters.kind in SessionKind.__members__.values():
        query = query.where(Session.kind == SessionKind(filters.kind))
    if filters.org_unit:
        query = query.where(Session.org_units.any(OrgUnit.id == filters.org_unit))
    if filters.fellow:
        query = query.where(
            (Session.owner_id == filters.fellow) | Session.fellows.any(User.id == filters.fellow)
        )
    if filters.since:
        query = query.where(Session.held_on >= filters.since)
    if filters.until:
        query = query.where(Session.held_on <= filters.until)
    if filters.q:
        query = query.where(Session.title.icontains(filters.q, autoescape=True))
    return query


def _rows(model: type, ids: list[int] | None) -> list[Any]:
    if not ids:
        return []
    return list(db.session.scalars(select(model).where(model.id.in_(ids))))


def save_session(session: Session | None, values: dict[str, Any], actor: Any) -> Session:
    """Create or update a session from validated form values (related objects as ids).

    Raises:
        DomainError: the anonymous count is negative or lacks a role, the guide is unknown,
            or ``actor`` may not change the team or sharing (see ``may_share``).
    """
    if not may_share(actor, session) and _team_changes(session, values):
        raise DomainError("Only the session's owner, an analyst or an admin can change its team.")
    count = values.get("anonymous_count") or 0
    if count < 0:
        raise DomainError("The number of unnamed participants cannot be negative.")
    role = values.get("anonymous_role") or None
    if count and not role:
        raise DomainError("Say who the unnamed participants were (for example residents).")
    version_id = values.get("guide_version_id") or None
    if version_id and db.session.get(GuideVersion, version_id) is None:
        raise DomainError("That interview guide version no longer exists.")
    session = session or Session(owner_id=actor.id)
    session.title, session.kind = values["title"].strip(), SessionKind(values["kind"])
    session.status = SessionStatus(values.get("status") or "planned")
    session.held_on, session.place = values["held_on"], (values.get("place") or "").strip()
    session.online = bool(values.get("online"))
    session.anonymous_count = count
    session.anonymous_role = StakeholderRole(role) if role else None
    session.consent_recording = bool(values.get("consent_recording"))
    session.consent_quote = QuoteConsent(values.get("consent_quote") or "internal")
    session.guide_version_id, session.summary = version_id, values.get("summary") or ""
    if may_share(actor, session):
        session.fellows = _rows(User, values.get("fellows"))
        session.shared_with = _rows(User, values.get("shared_with"))
    session.stakeholders = _rows(Stakeholder, values.get("stakeholders"))
    session.org_units = _rows(OrgUnit, values.get("org_units"))
    db.session.add(session)
    db.session.flush()
    ensure_notes(session)
    record(actor, "tour_session.saved", "tour_session", session.id)
    return session


def _team_changes(session: Session | None, values: dict[str, Any]) -> bool:
    """Whether ``values`` name a different team or sharing than ``session`` has (absent = same)."""
    for name in ("fellows", "shared_with"):
        now = sorted(u.id for u in getattr(session, name, []))
        if name in values and sorted(values[name] or []) != now:
            return True
    return False


def ensure_notes(session: Session) -> list[Note]:
    """One note per question of the session's guide version, plus one for free notes.

    Notes for questions of an earlier guide version stay (nothing typed is ever dropped).
    """
    have = {note.guide_question_id for note in session.notes}
    questions = session.guide_version.questions if session.guide_version else []
    for question in questions:
        if question.id not in have:
            session.notes.append(Note(guide_question_id=question.id, position=question.position))
    if None not in have:
        session.notes.append(Note(guide_question_id=None, position=10_000))
    db.session.flush()
    return list(session.notes)


def staff_choices() -> list[User]:
    """People who can be present at, own or share a session (fellows, analysts, admins)."""
    staff = (Role.FELLOW, Role.ANALYST, Role.ADMIN)
    return list(
        db.session.scalars(
            select(User).where(User.active.is_(True), User.role.in_(staff)).order_by(User.name)
        )
    )

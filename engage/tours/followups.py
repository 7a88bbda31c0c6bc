"""Follow-ups agreed in a session: an owner is required; due ones appear on the home page."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from engage.auth.models import User
from engage.errors import DomainError
from engage.extensions import db
from engage.tours.models import FollowUp, FollowUpStatus, Session

#: follow-ups due within this many days are listed as coming up
SOON = timedelta(days=7)


def save_follow_up(
    follow_up: FollowUp | None,
    session: Session,
    *,
    description: str,
    owner_id: int | None,
    due: date | None,
    status: str = "open",
) -> FollowUp:
    """Create or update a follow-up.

    Raises:
        DomainError: no description, no owner, or the owner's account is inactive.
    """
    if not description.strip():
        raise DomainError("Describe what needs to happen.")
    owner = db.session.get(User, owner_id) if owner_id else None
    if owner is None:
        raise DomainError("A follow-up needs an owner: choose who will do it.")
    if not owner.active:
        raise DomainError(f"{owner.name}'s account is inactive; choose another owner.")
    follow_up = follow_up or FollowUp(session=session)
    follow_up.description, follow_up.owner_id = description.strip(), owner.id
    follow_up.due, follow_up.status = due, FollowUpStatus(status)
    db.session.add(follow_up)
    db.session.flush()
    return follow_up


def due_for(user: Any, today: date) -> list[FollowUp]:
    """Open follow-ups owned by ``user`` that are overdue or due soon, earliest first."""
    return list(
        db.session.scalars(
            select(FollowUp)
            .where(
                FollowUp.owner_id == user.id,
                FollowUp.status == FollowUpStatus.OPEN,
                FollowUp.due.is_not(None),
                FollowUp.due <= today + SOON,
            )
            .order_by(FollowUp.due)
        )
    )

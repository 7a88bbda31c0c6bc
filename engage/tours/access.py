"""Who may see and edit which sessions.

Fellows work on their own sessions (they own them, were present, or had them shared);
analysts and admins see and edit all. Communications staff and viewers never reach the
blueprint (route rule), so raw notes are not shown to them anywhere here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, or_, true

from engage.auth.roles import Role
from engage.tours.models import Session

SEE_ALL = frozenset({Role.ANALYST, Role.ADMIN})


def visible_to(user: Any) -> ColumnElement[bool]:
    """A WHERE clause limiting sessions to those ``user`` may see."""
    if user.role in SEE_ALL:
        return true()
    return or_(
        Session.owner_id == user.id,
        Session.fellows.any(id=user.id),
        Session.shared_with.any(id=user.id),
    )


def can_open(user: Any, session: Session) -> bool:
    """Whether ``user`` may read and edit ``session`` and its notes."""
    if user.role in SEE_ALL:
        return True
    if user.role != Role.FELLOW:
        return False
    people = [
        session.owner_id,
        *(u.id for u in session.fellows),
        *(u.id for u in session.shared_with),
    ]
    return user.id in people


def may_share(user: Any, session: Session | None) -> bool:
    """Whether ``user`` may change who is on ``session``'s team or who it is shared with.

    Only its owner (or an analyst or admin) may: a fellow it was shared with can work on its
    notes but not pass it on to others.
    """
    return session is None or user.role in SEE_ALL or session.owner_id == user.id

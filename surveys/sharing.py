"""Who may manage a survey: its creator, the users it is shared with, analysts and admins.

"Manage" means change its definition, lifecycle or translations, distribute it, browse or
delete single responses and export them. Reading the builder page, previewing, monitoring
(suppressed counts only) and copying a survey stay open to every survey role.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from engage.audit.services import record
from engage.auth.models import User
from engage.auth.roles import Role
from engage.errors import DomainError
from engage.extensions import db
from surveys.models import Survey

#: roles that manage every survey
MANAGE_ALL = frozenset({Role.ANALYST, Role.ADMIN})
#: roles that may be given a survey to manage (the others cannot open the survey pages)
SHAREABLE = frozenset({Role.FELLOW, Role.ANALYST, Role.ADMIN})


def may_manage(user: Any, survey: Survey) -> bool:
    """Whether ``user`` may edit, distribute and export ``survey``."""
    if getattr(user, "role", None) in MANAGE_ALL:
        return True
    user_id = getattr(user, "id", None)
    if user_id is None:
        return False
    return survey.created_by_id == user_id or any(e.id == user_id for e in survey.editors)


def share(survey: Survey, email: str, actor: Any) -> User:
    """Let the staff user with ``email`` manage ``survey``.

    Raises:
        DomainError: no such active user, a role that cannot use surveys, or already shared.
    """
    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None or not user.active:
        raise DomainError(f"No active staff account has the e-mail address {email.strip()}.")
    if user.role not in SHAREABLE:
        raise DomainError(
            f"{user.name} cannot use surveys (their role is {user.role.value}); ask an admin "
            "to change their role first."
        )
    if user.id == survey.created_by_id or user in survey.editors:
        raise DomainError(f"{user.name} can already edit this survey.")
    survey.editors.append(user)
    db.session.flush()
    record(actor, "survey.shared", "survey", survey.id, user=user.id)
    return user


def unshare(survey: Survey, user_id: int, actor: Any) -> None:
    """Stop sharing ``survey`` with a user; a no-op for someone it was not shared with."""
    kept = [e for e in survey.editors if e.id != user_id]
    if len(kept) != len(survey.editors):
        survey.editors = kept
        db.session.flush()
        record(actor, "survey.unshared", "survey", survey.id, user=user_id)

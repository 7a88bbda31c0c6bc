"""The listening-tour blueprint; pages live in the modules imported at the bottom."""

from __future__ import annotations

from typing import Any, TypeVar

from flask import Blueprint, abort
from flask_login import current_user

from engage.auth.roles import Role
from engage.extensions import db
from engage.tours.access import can_open
from engage.tours.models import Session

bp = Blueprint("tours", __name__, url_prefix="/tours")
STAFF = (Role.FELLOW, Role.ANALYST, Role.ADMIN)
ANALYSTS = (Role.ANALYST, Role.ADMIN)
T = TypeVar("T")


def get_or_404(model: type[T], object_id: int) -> T:
    return db.session.get(model, object_id) or abort(404)


def open_session(session_id: int) -> Session:
    """The session, if it exists (404) and the current user may work on it (403)."""
    session = get_or_404(Session, session_id)
    if not can_open(current_user, session):
        abort(403)
    return session


def session_of(obj: Any) -> Session:
    """The session a quote, coded span, note or follow-up belongs to, checked for access."""
    session = obj.session if hasattr(obj, "session") else obj.note.session
    if not can_open(current_user, session):
        abort(403)
    return session


from engage.tours import panels  # noqa: E402,F401  (registers the home panel)
from engage.tours.views import (  # noqa: E402,F401  (registers the routes)
    coding,
    guides,
    importing,
    notes,
    search,
    sessions,
)

"""Helpers shared by the census views: object lookups with the department check."""

from __future__ import annotations

from typing import Any

from flask import abort, request
from flask_login import current_user

from engage.audit.services import record_denial
from engage.auth.roles import Role
from engage.census import leads
from engage.extensions import db

STAFF = (Role.ANALYST, Role.ADMIN)


def get_or_404(model: Any, object_id: int) -> Any:
    return db.session.get(model, object_id) or abort(404)


def require_unit(org_unit_id: int, answer: bool = False) -> None:
    """403 (recorded) unless the user may see, or with ``answer`` answer for, the department."""
    check = leads.may_answer if answer else leads.may_see_unit
    if not check(current_user, org_unit_id):
        record_denial(current_user, request.path)
        db.session.commit()
        abort(403)


def is_staff() -> bool:
    return current_user.role in STAFF

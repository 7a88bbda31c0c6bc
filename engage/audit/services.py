"""Recording audit events. Callers commit with the rest of their unit of work."""

from __future__ import annotations

from typing import Any

from engage.audit.models import AuditEvent
from engage.extensions import db


def record(
    actor: Any,
    action: str,
    object_type: str | None = None,
    object_id: object = None,
    **detail: Any,
) -> AuditEvent:
    """Add an audit event for ``actor`` (a User, or a string such as an unknown email).

    Args:
        actor: the acting user, or a label when nobody is signed in.
        action: dotted verb, e.g. ``user.role_changed``.
        object_type: kind of object acted on.
        object_id: its id.
        **detail: JSON-serialisable context (before/after values, counts).
    """
    if isinstance(actor, str) or actor is None:
        actor_id, label = None, actor or "anonymous"
    else:
        actor_id, label = actor.id, actor.email
    event = AuditEvent(
        actor_id=actor_id,
        actor_label=label,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        detail=detail,
    )
    db.session.add(event)
    db.session.flush()
    return event


def record_denial(user: Any, path: str) -> AuditEvent:
    return record(user, "access.denied", "route", path, role=str(user.role))

"""Queries behind the administration pages."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, select

from engage.audit.models import AuditEvent
from engage.extensions import db
from engage.timeutil import UTC

AUDIT_PAGE_SIZE = 50


def audit_query(
    action: str | None, actor: str | None, since: date | None, until: date | None
) -> Select[tuple[AuditEvent]]:
    """Audit events matching the filters, newest first."""
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if action:
        query = query.where(AuditEvent.action.startswith(action, autoescape=True))
    if actor:
        query = query.where(AuditEvent.actor_label.contains(actor.lower(), autoescape=True))
    if since:
        query = query.where(AuditEvent.at >= datetime.combine(since, time.min, UTC))
    if until:
        query = query.where(
            AuditEvent.at < datetime.combine(until + timedelta(days=1), time.min, UTC)
        )
    return query


def audit_page(query: Select[tuple[AuditEvent]], page: int) -> tuple[list[AuditEvent], bool]:
    """One page of events and whether another page follows."""
    offset = (max(page, 1) - 1) * AUDIT_PAGE_SIZE
    rows = db.session.scalars(query.offset(offset).limit(AUDIT_PAGE_SIZE + 1)).all()
    return list(rows[:AUDIT_PAGE_SIZE]), len(rows) > AUDIT_PAGE_SIZE

"""Home-page panels. Each feature contributes panels for the roles it serves."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from engage.audit.models import AuditEvent
from engage.auth.models import User
from engage.auth.roles import Role
from engage.extensions import db
from engage.jobs.models import Job, JobStatus
from engage.timeutil import utcnow


@dataclass
class Panel:
    title: str
    items: list[tuple[str, str | None]] = field(default_factory=list)  #: (text, link)
    empty: str = ""


PanelSource = Callable[[Any], Panel | None]
_SOURCES: list[PanelSource] = []


def panel_source(fn: PanelSource) -> PanelSource:
    """Register a function that builds a home panel for a user (or returns None)."""
    _SOURCES.append(fn)
    return fn


def attention_items(user: Any) -> list[Panel]:
    return [panel for source in _SOURCES if (panel := source(user)) is not None]


@panel_source
def _my_jobs(user: Any) -> Panel:
    jobs = db.session.scalars(
        select(Job).where(Job.created_by_id == user.id).order_by(Job.id.desc()).limit(5)
    ).all()
    items = [(f"{job.title}: {job.status}", f"/jobs/{job.id}") for job in jobs]
    return Panel(_("Your recent jobs"), items, _("No background jobs yet."))


@panel_source
def _admin_overview(user: Any) -> Panel | None:
    if user.role != Role.ADMIN:
        return None
    since = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    users = db.session.scalar(select(func.count(User.id)).where(User.active.is_(True)))
    denials = db.session.scalar(
        select(func.count(AuditEvent.id)).where(
            AuditEvent.action.in_(("access.denied", "login.failure", "login.throttled")),
            AuditEvent.at >= since,
        )
    )
    failed = db.session.scalar(select(func.count(Job.id)).where(Job.status == JobStatus.FAILED))
    return Panel(
        _("Administration"),
        [
            (_("%(n)s active accounts", n=users), "/admin/users"),
            (_("%(n)s denied or failed sign-ins today", n=denials), "/admin/audit"),
            (_("%(n)s failed jobs", n=failed), None),
        ],
    )

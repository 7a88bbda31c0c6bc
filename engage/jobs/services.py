"""The one job API: ``enqueue`` a function, follow it through its ``Job`` row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from engage.errors import DomainError
from engage.extensions import db
from engage.jobs.models import Job, JobStatus

_PENDING = "engage_pending_jobs"


def enqueue(fn: Callable[..., Any], *args: Any, title: str, user: Any = None) -> Job:
    """Create a queued job for ``fn(ctx, *args)``; it starts once the session commits.

    Args:
        fn: a module-level function taking a ``JobContext`` then ``args`` (JSON values).
        *args: JSON-serialisable arguments.
        title: what people see in job lists.
        user: who asked for it.

    Returns:
        The flushed ``Job`` row.
    """
    job = Job(
        func=f"{fn.__module__}:{fn.__qualname__}",
        title=title,
        args=list(args),
        created_by_id=getattr(user, "id", None),
    )
    db.session.add(job)
    db.session.flush()
    dispatch_later(job.id)
    return job


def dispatch_later(job_id: int) -> None:
    """Hand the job to the backend once the session commits (never if it rolls back)."""
    db.session.info.setdefault(_PENDING, []).append(job_id)


def retry(job: Job) -> Job:
    """Queue a failed job again from the start."""
    if job.status != JobStatus.FAILED:
        raise DomainError("Only a failed job can be retried.")
    job.status = JobStatus.QUEUED
    job.progress = 0
    job.message = "Queued again"
    job.error = None
    job.started_at = job.finished_at = None
    db.session.flush()
    dispatch_later(job.id)
    return job


def _dispatch_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, [])
    if pending:
        backend = current_app.extensions["engage_jobs"]
        for job_id in pending:
            backend.dispatch(job_id)


def _forget_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


def init_jobs(app: Flask) -> None:
    from engage.jobs.backends import make_backend

    app.extensions["engage_jobs"] = make_backend(app)
    if not event.contains(Session, "after_commit", _dispatch_pending):
        event.listen(Session, "after_commit", _dispatch_pending)
        event.listen(Session, "after_soft_rollback", lambda s, _t: _forget_pending(s))

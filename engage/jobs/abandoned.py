"""Jobs whose process died (kill -9, out of memory, a lost machine): queued once more, then
failed with the reason, so none stays "running" for ever and none runs twice at once. Queued
jobs that Redis does not hold (it was down when they were queued, or restarted without its
data) are queued on it again.

``engage worker`` calls ``reap`` when it starts and in RQ's periodic maintenance. A job is
abandoned when the process named by its ``worker`` column is gone: on this machine the pid is
checked (so a restarted worker finds its predecessor's job at once); on another machine its
heartbeat must be older than ``STALE_SECONDS``.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from engage.extensions import db
from engage.jobs.models import Job, JobStatus
from engage.jobs.runner import resolve
from engage.jobs.services import dispatch_later
from engage.timeutil import utcnow

#: A job on another machine with no heartbeat for this long is abandoned.
STALE_SECONDS = 120
#: Attempts (the killed ones included) before an abandoned job is failed instead of requeued.
MAX_ATTEMPTS = 2
#: A job queued this long ago that Redis does not hold is queued on it again.
ORPHAN_SECONDS = 30


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def is_abandoned(worker: str | None, heartbeat_at: datetime | None, now: datetime) -> bool:
    """Whether the process that claimed a running job is gone."""
    host, _, pid = (worker or "").rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        return not _pid_alive(int(pid))
    return heartbeat_at is None or now - heartbeat_at > timedelta(seconds=STALE_SECONDS)


def _reason(job: Job) -> str:
    return (
        f"The worker running this job stopped at {job.progress}% (it was killed or crashed) "
        f"{job.attempts} time(s); retry it, and tell an administrator if it happens again."
    )


def _hook(func: str) -> Callable[..., None] | None:
    """The job function's ``on_abandoned(*args, requeued, reason)``, if it has one."""
    try:
        return getattr(resolve(func), "on_abandoned", None)
    except (ImportError, AttributeError):
        return None  # code changed since it was queued: nothing of its own to clean up


def reap() -> list[int]:
    """Requeue or fail every running job whose process is gone; commits.

    Returns:
        The ids of the jobs found abandoned.
    """
    now, found = utcnow(), []
    running = db.session.scalars(select(Job).where(Job.status == JobStatus.RUNNING)).all()
    for job in running:
        if not is_abandoned(job.worker, job.heartbeat_at, now):
            continue
        requeue = job.attempts < MAX_ATTEMPTS
        values = (
            {
                "status": JobStatus.QUEUED,
                "progress": 0,
                "message": "Its worker stopped; queued again",
            }
            if requeue
            else {"status": JobStatus.FAILED, "error": _reason(job), "finished_at": now}
        )
        # Conditional, so two reaping workers never both requeue (or fail) the same job.
        claimed = db.session.execute(
            update(Job)
            .where(Job.id == job.id, Job.status == JobStatus.RUNNING, Job.worker == job.worker)
            .values(**values)
        )
        if claimed.rowcount != 1:
            continue
        found.append(job.id)
        hook = _hook(job.func)
        if hook is not None:
            hook(*job.args, requeued=requeue, reason=values.get("error", ""))
        if requeue:
            dispatch_later(job.id)
    found += _requeue_orphans(now, skip=found)
    db.session.commit()
    return found


def _requeue_orphans(now: datetime, skip: list[int]) -> list[int]:
    """Queued jobs the backend lost (only RQ can lose them); dispatched again at commit."""
    holds = getattr(current_app.extensions["engage_jobs"], "holds", None)
    if holds is None:
        return []
    since = now - timedelta(seconds=ORPHAN_SECONDS)
    query = select(Job.id).where(Job.status == JobStatus.QUEUED, Job.created_at < since)
    # Running it twice is harmless: ``run_job`` claims a job only while it is queued.
    queued = [job_id for job_id in db.session.scalars(query) if job_id not in skip]
    orphans = [job_id for job_id in queued if not holds(job_id)]
    for job_id in orphans:
        dispatch_later(job_id)
    return orphans

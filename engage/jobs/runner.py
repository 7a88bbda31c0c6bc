"""Executes one job by id, on whichever backend picked it up."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import update

from engage.errors import DomainError
from engage.extensions import db
from engage.jobs.models import Job, JobStatus
from engage.timeutil import utcnow

log = logging.getLogger(__name__)


class JobContext:
    """Handed to job functions so they can report progress."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.result: dict[str, Any] = {}

    def progress(self, percent: int, message: str = "") -> None:
        """Record progress on a connection of its own so watchers see it at once.

        Call it before the job writes its results: on SQLite a write from the job's own
        transaction would hold the lock this update needs.
        """
        values = {"progress": max(0, min(100, int(percent))), "message": message[:500]}
        with db.engine.begin() as conn:
            conn.execute(update(Job).where(Job.id == self.job_id).values(**values))


def _resolve(path: str) -> Callable[..., Any]:
    module, _, name = path.partition(":")
    target: Any = importlib.import_module(module)
    for part in name.split("."):
        target = getattr(target, part)
    return target


def _finish(job_id: int, **values: Any) -> None:
    db.session.execute(update(Job).where(Job.id == job_id).values(finished_at=utcnow(), **values))
    db.session.commit()


def run_job(job_id: int) -> None:
    """Run the job, recording success or the reason it failed on its row."""
    # A conditional update claims the job, so two workers never run it twice.
    claimed = db.session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == JobStatus.QUEUED)
        .values(status=JobStatus.RUNNING, started_at=utcnow(), attempts=Job.attempts + 1)
    )
    db.session.commit()
    if claimed.rowcount != 1:
        return
    job = db.session.get(Job, job_id)
    func, args = job.func, list(job.args)
    ctx = JobContext(job_id)
    try:
        _resolve(func)(ctx, *args)
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        _finish(job_id, status=JobStatus.FAILED, error=str(exc))
    # A crashing job must end as "failed" with its reason, whatever it raised.
    except Exception as exc:  # noqa: BLE001
        db.session.rollback()
        log.exception("job %s failed", job_id)
        _finish(job_id, status=JobStatus.FAILED, error=f"{type(exc).__name__}: {exc}")
    else:
        _finish(job_id, status=JobStatus.FINISHED, progress=100, result=ctx.result)

"""Executes one job by id, on whichever backend picked it up."""

from __future__ import annotations

import importlib
import logging
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import update

from engage.errors import DomainError
from engage.extensions import db
from engage.jobs.models import Job, JobStatus
from engage.timeutil import utcnow

log = logging.getLogger(__name__)

#: How often a running job's process writes ``heartbeat_at`` (PostgreSQL; see ``_heartbeat``).
HEARTBEAT_SECONDS = 15.0


def worker_id() -> str:
    """``host:pid`` of this process, recorded on the jobs it claims."""
    return f"{socket.gethostname()}:{os.getpid()}"


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
        values = {
            "progress": max(0, min(100, int(percent))),
            "message": message[:500],
            "heartbeat_at": utcnow(),
        }
        with db.engine.begin() as conn:
            conn.execute(update(Job).where(Job.id == self.job_id).values(**values))


@contextmanager
def _heartbeat(job_id: int) -> Iterator[None]:
    """Touch ``heartbeat_at`` every few seconds while the job runs, from a thread.

    Workers on other machines are judged alive by it (``engage.jobs.abandoned``). Not on
    SQLite: there every worker shares one machine (its pid is checked instead), and a write
    between a job's read and its own write would fail the job's transaction.
    """
    engine, stop = db.engine, threading.Event()

    def beat() -> None:
        while not stop.wait(HEARTBEAT_SECONDS):
            try:
                with engine.begin() as conn:
                    query = update(Job).where(Job.id == job_id).values(heartbeat_at=utcnow())
                    conn.execute(query)
            except Exception:  # noqa: BLE001 (a missed beat is retried; never kill the job)
                log.warning("heartbeat of job %s failed", job_id, exc_info=True)

    thread = threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True)
    if engine.dialect.name != "sqlite":
        thread.start()
    try:
        yield
    finally:
        stop.set()
        if thread.is_alive():
            thread.join(5)


def resolve(path: str) -> Callable[..., Any]:
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
        .values(
            status=JobStatus.RUNNING,
            started_at=utcnow(),
            heartbeat_at=utcnow(),
            worker=worker_id(),
            attempts=Job.attempts + 1,
        )
    )
    db.session.commit()
    if claimed.rowcount != 1:
        return
    job = db.session.get(Job, job_id)
    func, args = job.func, list(job.args)
    ctx = JobContext(job_id)
    try:
        with _heartbeat(job_id):
            resolve(func)(ctx, *args)
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

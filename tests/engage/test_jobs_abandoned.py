"""Jobs whose worker died (kill -9): requeued once, then failed with the reason."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import timedelta

from flask import Flask

from engage.extensions import db
from engage.jobs import services
from engage.jobs.abandoned import MAX_ATTEMPTS, STALE_SECONDS, is_abandoned, reap
from engage.jobs.models import Job, JobStatus
from engage.timeutil import utcnow
from tests.engage.test_jobs import count_words


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])  # noqa: S603 (fixed argv)
    child.wait()
    return child.pid


def _claimed_by_dead_worker(app: Flask, attempts: int) -> int:
    """A job left "running" by a worker killed mid-job, as kill -9 leaves it."""
    with app.test_request_context():
        job = services.enqueue(count_words, "four words in here", title="killed")
        db.session.info.pop("engage_pending_jobs")  # the dead worker had taken it
        job.status, job.attempts, job.progress = JobStatus.RUNNING, attempts, 40
        job.worker, job.heartbeat_at = f"{socket.gethostname()}:{_dead_pid()}", utcnow()
        db.session.commit()
        return job.id


def test_a_dead_workers_job_is_requeued_once_and_runs_once(app: Flask) -> None:
    job_id = _claimed_by_dead_worker(app, attempts=1)
    with app.app_context():
        assert reap() == [job_id]
        assert reap() == []  # found once, dispatched once
    app.extensions["engage_jobs"].join(timeout=30)
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job.status == JobStatus.FINISHED and job.result == {"words": 4}
        assert job.attempts == 2 and job.worker.endswith(":" + str(os.getpid()))


def test_a_job_that_keeps_killing_its_worker_fails_with_the_reason(app: Flask) -> None:
    job_id = _claimed_by_dead_worker(app, attempts=MAX_ATTEMPTS)
    with app.app_context():
        assert reap() == [job_id]
        job = db.session.get(Job, job_id)
        assert job.status == JobStatus.FAILED and job.finished_at is not None
        assert "worker running this job stopped at 40%" in job.error


def test_live_workers_jobs_are_left_alone(app: Flask) -> None:
    now, here = utcnow(), socket.gethostname()
    assert not is_abandoned(f"{here}:{os.getpid()}", None, now)
    assert is_abandoned(f"{here}:{_dead_pid()}", now, now)
    # On another machine only the heartbeat tells.
    assert not is_abandoned("elsewhere:1", now - timedelta(seconds=STALE_SECONDS - 5), now)
    assert is_abandoned("elsewhere:1", now - timedelta(seconds=STALE_SECONDS + 5), now)
    assert is_abandoned(None, None, now)

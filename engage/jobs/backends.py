"""Where jobs execute: a thread of the app (inline) or RQ workers over Redis."""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Protocol

from flask import Flask

QUEUE_NAME = "engage"
log = logging.getLogger(__name__)


def rq_job_id(job_id: int) -> str:
    """RQ's id for our job: fixed, so a worker can ask Redis whether it still holds it."""
    return f"engage-job-{job_id}"


class JobBackend(Protocol):
    def dispatch(self, job_id: int) -> None: ...

    def health(self) -> str: ...


class InlineBackend:
    """Runs jobs in background threads of this process: no Redis needed."""

    def __init__(self, app: Flask, workers: int = 2) -> None:
        self.app = app
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="engage-job")
        self.futures: list[Future[None]] = []

    def dispatch(self, job_id: int) -> None:
        self.futures = [f for f in self.futures if not f.done()]
        self.futures.append(self.executor.submit(self._run, job_id))

    def _run(self, job_id: int) -> None:
        from engage.jobs.runner import run_job

        with self.app.app_context():
            run_job(job_id)

    def join(self, timeout: float | None = None) -> None:
        """Wait for every dispatched job (used by the CLI and tests)."""
        wait(list(self.futures), timeout=timeout)

    def health(self) -> str:
        return "ok"


class RQBackend:
    """Puts job ids on an RQ queue; ``engage worker`` runs them."""

    def __init__(self, redis_url: str) -> None:
        from redis import Redis
        from rq import Queue

        self.redis = Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=5)
        self.queue = Queue(QUEUE_NAME, connection=self.redis)

    def dispatch(self, job_id: int) -> None:
        """Queue the job on Redis; if Redis is down the job stays queued in the database and
        the next worker maintenance queues it again (``engage.jobs.abandoned``)."""
        from redis.exceptions import RedisError

        try:
            self.queue.enqueue(
                "engage.jobs.runner.run_job",
                job_id,
                job_id=rq_job_id(job_id),
                job_timeout=6 * 3600,
            )
        except RedisError as exc:
            log.warning("job %s not queued on Redis (%s); a worker will queue it", job_id, exc)

    def holds(self, job_id: int) -> bool:
        """Whether Redis still has the job waiting or started (it forgets on a restart)."""
        from rq.job import Job as RQJob
        from rq.job import JobStatus as RQStatus

        status = RQJob.fetch_many([rq_job_id(job_id)], connection=self.redis)[0]
        waiting = (RQStatus.QUEUED, RQStatus.STARTED, RQStatus.DEFERRED, RQStatus.SCHEDULED)
        return status is not None and status.get_status() in waiting

    def health(self) -> str:
        from redis.exceptions import RedisError
        from rq import Worker

        try:
            self.redis.ping()
            workers = Worker.count(queue=self.queue)
        except RedisError as exc:
            return f"redis unreachable: {exc}"
        return "ok" if workers else "no workers"


def make_backend(app: Flask) -> JobBackend:
    if app.config["JOBS_BACKEND"] == "rq":
        return RQBackend(app.config["REDIS_URL"])
    return InlineBackend(app)

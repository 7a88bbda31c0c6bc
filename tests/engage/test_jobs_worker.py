"""``engage worker`` and Redis restarting: it registers again; jobs Redis lost are queued again."""

from __future__ import annotations

from flask import Flask
from rq import Worker

from engage.jobs.worker import EngageWorker
from tests.engage.test_jobs import rq_app  # noqa: F401 (fixture)


def test_a_worker_registers_again_when_redis_lost_its_data(rq_app: Flask) -> None:  # noqa: F811
    backend = rq_app.extensions["engage_jobs"]
    worker = EngageWorker([backend.queue], connection=backend.redis)
    worker.register_birth()
    assert backend.health() == "ok"
    backend.redis.flushdb()  # what `redis-cli shutdown nosave` and a restart leave
    assert backend.health() == "no workers"
    worker.heartbeat()
    assert backend.health() == "ok" and Worker.count(queue=backend.queue) == 1
    worker.register_death()


def test_a_job_redis_lost_is_queued_again_and_runs_once(rq_app: Flask) -> None:  # noqa: F811
    from datetime import timedelta

    from rq import SimpleWorker

    from engage.extensions import db
    from engage.jobs import services
    from engage.jobs.abandoned import ORPHAN_SECONDS, reap
    from engage.jobs.models import Job, JobStatus
    from engage.timeutil import utcnow
    from tests.engage.test_jobs import count_words

    backend = rq_app.extensions["engage_jobs"]
    with rq_app.test_request_context():
        job_id = services.enqueue(count_words, "lost in redis", title="orphan").id
        db.session.commit()
        assert backend.holds(job_id) and reap() == []  # waiting on Redis: left alone
        backend.redis.flushdb()  # Redis restarted without its data
        assert reap() == []  # too recent: it may still be on its way to Redis
        db.session.get(Job, job_id).created_at = utcnow() - timedelta(seconds=ORPHAN_SECONDS + 1)
        db.session.commit()
        assert reap() == [job_id] and backend.holds(job_id)
        assert reap() == []
        SimpleWorker([backend.queue], connection=backend.redis).work(burst=True)
        db.session.remove()
        job = db.session.get(Job, job_id)
        assert job.status == JobStatus.FINISHED and job.attempts == 1


def test_a_job_queued_while_redis_is_down_is_not_an_error(rq_app: Flask) -> None:  # noqa: F811
    from engage.jobs.backends import RQBackend

    RQBackend("redis://127.0.0.1:1/0").dispatch(1)  # logs; the worker's maintenance requeues

"""``engage worker``: still counted as a worker after Redis restarted without its data."""

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
